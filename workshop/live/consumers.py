"""Websocket consumers: translate frames into commands and answers, nothing more.

Every frame is size-checked, rate-limited and validated (workshop/live/protocol.py)
before a handler sees it; every handled message gets one `ack` or `error`
with the client's id. A `sync` is answered here (a read); every other message
becomes a `Command` for the hub's writer, which applies it through its action
(workshop/live/actions/) and announces it (workshop/live/publish.py).
"""

import asyncio
import logging
import time
from urllib.parse import parse_qs

import msgspec
from autobahn.exception import Disconnected
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import translation

from workshop import throttle
from workshop.live import authority, snapshots
from workshop.live import protocol as p
from workshop.live.actions import Command, Outcome, known_messages, messages_for
from workshop.live.hub import get_hub
from workshop.models import Session, normalise_join_code
from workshop.participation import TOKEN_COOKIE

log = logging.getLogger(__name__)


class TokenBucket:
    """Per-connection rate limit: `rate` messages a second, bursts of `burst`."""

    def __init__(self, rate: float, burst: int):
        self.rate, self.burst = rate, burst
        self.tokens = float(burst)
        self.stamp = time.monotonic()
        self.refused_recently = 0

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            self.refused_recently = max(0, self.refused_recently - 1)
            return True
        self.refused_recently += 1
        return False


class LiveConsumer(AsyncWebsocketConsumer):
    # Consumers never listen on the channel layer themselves (the hub does, once
    # per process): an alias that is not configured gives them no layer channel.
    channel_layer_alias = "consumers-listen-through-the-hub"
    max_bytes = settings.LIVE_MAX_MESSAGE_BYTES
    audience = "screen"

    session_id: int | None = None
    hub = None
    ended = False  # closed by the server: frames still on their way change nothing

    async def dispatch(self, message):
        # Channels closes stale database connections before every handler: a hop
        # through the one database thread for every frame, queued behind the
        # group commit. Every database call here goes through
        # database_sync_to_async, which does that cleanup itself, so skip it.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def websocket_connect(self, message):
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        lang = (query.get("lang") or [settings.LANGUAGE_CODE])[0]
        self.language = lang if lang in dict(settings.ROOM_LANGUAGES) else settings.LANGUAGE_CODE
        self.bucket = TokenBucket(settings.LIVE_RATE_PER_SECOND, settings.LIVE_RATE_BURST)
        self.hub = await get_hub()
        await super().websocket_connect(message)

    async def disconnect(self, code):
        if self.session_id is not None and self.hub is not None:
            await self.hub.unsubscribe(self.session_id, self)

    async def close(self, code=None, reason=None) -> None:
        # The one place consumers close: Daphne's websocket layer (autobahn) takes only a
        # plain int, and turns a CloseCode (IntEnum) into 1011 with a traceback.
        await super().close(code=int(code) if code not in (None, True) else code, reason=reason)

    async def refuse(self, close_code: p.CloseCode) -> None:
        # Accept first: a close code only reaches the client on an open socket.
        await self.accept()
        await self.end(close_code)

    async def end(self, close_code: p.CloseCode) -> None:
        """Close the socket with this code and ignore whatever it still sends."""
        if self.ended:
            return
        self.ended = True
        if self.session_id is not None and self.hub is not None:
            await self.hub.unsubscribe(self.session_id, self)
        await self.close(code=close_code)

    async def send_json(self, message: p.Out) -> None:
        try:
            await self.send(text_data=p.encode(message).decode())
        except Disconnected:
            # The client closed while we were still answering: Daphne tells the consumer
            # only once the closing handshake is done. A goodbye, not a server fault.
            self.ended = True

    async def send_ack(self, client_id: str, **extra) -> None:
        await self.send_json(p.Ack(id=client_id, **extra))

    async def send_error(self, code: p.Code, client_id: str | None, detail: str = "") -> None:
        with translation.override(self.language):
            text = str(p.MESSAGES[code])
        if detail:
            text = f"{text} ({detail})"
        await self.send_json(p.Error(id=client_id, code=int(code), message=text))

    async def receive(self, text_data=None, bytes_data=None):
        if self.ended:
            return
        if not self.bucket.take():
            if self.bucket.refused_recently > 3 * settings.LIVE_RATE_BURST:
                await self.end(p.CloseCode.FLOODING)
                return
            await self.send_error(p.Code.RATE_LIMITED, None)
            return
        if text_data is None:
            await self.send_error(p.Code.BAD_JSON, None, "binary frames are not used")
            return
        # surrogatepass: a lone surrogate cannot come over a real socket, but must not crash us.
        if (
            len(text_data) > self.max_bytes
            or len(text_data.encode(errors="surrogatepass")) > self.max_bytes
        ):
            await self.send_error(p.Code.TOO_LARGE, None)
            return
        client_id = None
        try:
            message = p.decode(text_data, messages_for(self.audience), known_messages())
            client_id = message.id
            await self.handle(message)
        except p.ProtocolError as exc:
            await self.send_error(exc.code, exc.client_id or client_id, exc.detail)
        except Exception:
            if await self.closed_if_session_gone():
                return
            log.exception("handling a %s message failed", type(self).__name__)
            await self.send_error(p.Code.SERVER_ERROR, client_id)

    async def answer(self, client_id: str, outcome: Outcome) -> None:
        if outcome.close is not None:
            await self.end(outcome.close)
        elif outcome.ok:
            extra = {"duplicate": True} if outcome.duplicate else {}
            await self.send_ack(client_id, **extra, **outcome.extra)
        elif outcome.error == p.Code.SERVER_ERROR and await self.closed_if_session_gone():
            return
        else:
            await self.send_error(outcome.error, client_id)

    async def closed_if_session_gone(self) -> bool:
        """Close with 4404 if the facilitator deleted this socket's session meanwhile."""
        if self.session_id is None:
            return False
        try:
            exists = await database_sync_to_async(
                Session.objects.filter(pk=self.session_id).exists
            )()
        except Exception:  # the database itself is in trouble: answer the error as it is
            return False
        if not exists:
            await self.end(p.CloseCode.NOT_FOUND)
        return not exists

    async def handle(self, message: p.Message) -> None:
        if isinstance(message, p.Sync):
            await self.sync(message)
            return
        outcome = await self.hub.submit(self.command(message))
        await self.answer(message.id, outcome)

    async def sync(self, message: p.Sync) -> None:
        raise NotImplementedError

    def command(self, message: p.Message) -> Command:
        raise NotImplementedError


def find_sessions(joins: list[tuple[str, dict]]) -> list[int | None | bool]:
    """For each (join code, socket scope): the session's id, None for an unknown code,
    False while the address is throttled. One query for all codes."""
    codes = {code for code, _ in joins}
    ids = dict(Session.objects.filter(join_code__in=codes).values_list("join_code", "pk"))
    found = []
    for code, scope in joins:
        if not throttle.check_join_attempt(scope):
            found.append(False)
            continue
        if code not in ids:
            throttle.record_failed_join(scope)
        found.append(ids.get(code))
    return found


class PhoneConsumer(LiveConsumer):
    """A participant's phone: /ws/phone/<join code>/."""

    audience = "phone"
    participant_id: int | None = None
    said_hello = False
    token: str | None = None
    role = ""

    async def connect(self):
        code = self.code = normalise_join_code(self.scope["url_route"]["kwargs"]["code"])
        # Accept while the code is looked up: the phone's hello is on its way
        # meanwhile, and waits for this handler to finish. An unknown code still
        # closes the socket with its code before anything else is answered.
        lookup = asyncio.ensure_future(self.hub.batched(find_sessions, (code, self.scope)))
        await self.accept()
        session_id = await lookup
        if session_id is None:
            await self.end(p.CloseCode.NOT_FOUND)
        elif session_id is False:
            await self.end(p.CloseCode.FLOODING)
        else:
            self.session_id = session_id

    async def handle(self, message: p.Message) -> None:
        if isinstance(message, p.Ping):
            await self.send_ack(message.id)  # the phone's heartbeat: no database, no hub
            return
        if isinstance(message, p.Hello):
            await self.hello(message)
            return
        if isinstance(message, p.Sync) and self.said_hello:
            await self.sync(message)  # also a phone that is no participant (yet)
            return
        if self.participant_id is None:
            raise p.ProtocolError(p.Code.HELLO_FIRST, client_id=message.id)
        await super().handle(message)

    def command(self, message: p.Message) -> Command:
        if isinstance(message, p.SetRole):
            # Placements carry the role to the projector; a refused role is
            # refused for the participant, which only ever loses its dot's colour.
            self.role = message.role
        return Command(self.session_id, message, participant_id=self.participant_id, role=self.role)

    async def sync(self, message: p.Sync) -> None:
        await self.send_ack(message.id)
        await self.send_snapshot()

    async def hello(self, message: p.Hello) -> None:
        """Join through the Join action; without a token, the cookie the phone page set
        (local storage can be cleared) names the participant."""
        token = message.token or self.scope.get("cookies", {}).get(TOKEN_COOKIE % self.code)
        outcome = await self.hub.submit(self.command(msgspec.structs.replace(message, token=token)))
        if not outcome.ok:
            await self.answer(message.id, outcome)
            return
        fresh = outcome.extra.get("new", False)
        self.said_hello = True
        self.participant_id, self.token, self.role = (
            outcome.extra["participant"], outcome.extra["token"], outcome.extra["role"]
        )  # fmt: skip
        await self.send_ack(message.id, token=self.token, participant=self.participant_id)
        await self.hub.subscribe(self.session_id, self, "phone")
        # A new participant has placed nothing yet: no need to ask the database.
        await self.send_snapshot(you=snapshots.nobody(self.participant_id) if fresh else None)

    async def send_snapshot(self, you: dict | None = None) -> None:
        view = await self.hub.phone_view(self.session_id)
        if you is None:
            you = (
                await database_sync_to_async(snapshots.phone_you)(self.participant_id)
                if self.participant_id is not None
                else snapshots.nobody(None)
            )
        await self.send_json(p.PhoneSnapshot(**msgspec.structs.asdict(view), you=you))


class ScreenConsumer(LiveConsumer):
    """The projector: /ws/screen/<session id>/, read only, facilitators only."""

    max_bytes = 32768
    user_id: int | None = None
    login = ""

    async def connect(self):
        session_id = self.scope["url_route"]["kwargs"]["session_id"]
        user = self.scope.get("user")
        self.user_id = user.pk if user is not None and user.is_authenticated else None
        self.login = authority.login_of(self.scope)
        exists = await database_sync_to_async(Session.objects.filter(pk=session_id).exists)()
        if not exists:
            await self.refuse(p.CloseCode.NOT_FOUND)
            return
        if not await self.may_run(session_id):
            await self.refuse(p.CloseCode.FORBIDDEN)
            return
        self.session_id = session_id
        await self.accept()
        # Subscribe before the snapshot: batches in between are skipped by seq, not lost.
        await self.hub.subscribe(self.session_id, self, self.audience)
        await self.send_snapshot()

    async def send_snapshot(self) -> None:
        snapshot = await database_sync_to_async(snapshots.screen_snapshot)(
            self.session_id, for_control=self.audience == "control"
        )
        await self.send_json(snapshot)

    async def may_run(self, session_id: int) -> bool:
        return await database_sync_to_async(authority.facilitates)(
            session_id, self.user_id, self.login
        )

    async def sync(self, message: p.Sync) -> None:
        if not await self.may_run(self.session_id):
            await self.end(p.CloseCode.FORBIDDEN)
            return
        await self.send_ack(message.id)
        await self.send_snapshot()

    def command(self, message: p.Message) -> Command:
        return Command(self.session_id, message, user_id=self.user_id, auth_key=self.login)


class ControlConsumer(ScreenConsumer):
    """The facilitator's control page: /ws/control/<session id>/.

    Unlike the projector it sees comments that are hidden or awaiting approval.
    """

    audience = "control"
