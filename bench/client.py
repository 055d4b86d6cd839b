"""A reference client of the live protocol (docs/protocol.md) over real websockets.

Used by the live tests and the load benchmark; small enough to read as an
example for anyone writing a client of their own. It keeps unacknowledged
messages and resends them (same id) after a reconnect, and applies projector
batches by sequence number, asking for a snapshot when a hole stays open.
"""

import asyncio
import itertools
import random
import secrets
import time

import msgspec
import websockets
from websockets.exceptions import ConnectionClosed


def dumps(message: dict) -> str:
    """A text frame (msgspec: the client speaks for a hall on one core, so it is kept light)."""
    return msgspec.json.encode(message).decode()


loads = msgspec.json.decode


class LiveClient:
    def __init__(self, url: str, origin: str, cookie: str | None = None):
        self.url, self.origin, self.cookie = url, origin, cookie
        self.prefix = secrets.token_hex(4)
        self.counter = itertools.count(1)
        self.ws = None
        self.waiting: dict[str, asyncio.Future] = {}
        self.unacked: dict[str, dict] = {}  # sent but not answered: resent on reconnect
        self.sent_at: dict[str, float] = {}
        self.reader: asyncio.Task | None = None
        self.closed_with: int | None = None
        self.snapshots = 0
        self.frames = 0  # every frame received: what the server sent this client

    def new_id(self) -> str:
        return f"{self.prefix}-{next(self.counter)}"

    async def connect(self) -> None:
        headers = {"Cookie": self.cookie} if self.cookie else None
        self.ws = await websockets.connect(
            self.url, origin=self.origin, additional_headers=headers, max_size=2**24,
            open_timeout=30, ping_interval=20, ping_timeout=60,
            proxy=None,  # else every connect reads the environment's proxy settings again
        )  # fmt: skip
        self.reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            await asyncio.gather(self.reader, return_exceptions=True)

    async def send(self, message: dict) -> asyncio.Future:
        """Send a message; the returned future resolves to its ack or error."""
        message = {"id": self.new_id(), **message}
        future = asyncio.get_running_loop().create_future()
        self.waiting[message["id"]] = future
        self.unacked[message["id"]] = message
        self.sent_at[message["id"]] = time.perf_counter()
        await self.ws.send(dumps(message))
        return future

    async def request(self, message: dict, timeout: float = 10) -> dict:
        return await asyncio.wait_for(await self.send(message), timeout)

    async def resend_unacked(self) -> None:
        for message in list(self.unacked.values()):
            await self.ws.send(dumps(message))

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                self.frames += 1
                message = loads(raw)
                kind = message.get("type")
                if kind in ("ack", "error"):
                    self.unacked.pop(message.get("id"), None)
                    future = self.waiting.pop(message.get("id"), None)
                    if future is not None and not future.done():
                        future.set_result(message)
                else:
                    self.on_message(message)
        except ConnectionClosed as exc:
            self.closed_with = exc.rcvd.code if exc.rcvd else None

    def on_message(self, message: dict) -> None:
        if message["type"] == "snapshot":
            self.snapshots += 1


class Phone(LiveClient):
    """A participant's phone."""

    def __init__(self, base_ws: str, code: str, origin: str):
        super().__init__(f"{base_ws}/ws/phone/{code}/", origin)
        self.token: str | None = None
        self.participant: int | None = None
        self.view: dict | None = None
        self.views = 0

    async def join(self, role: str | None = None) -> dict:
        await self.connect()
        ack = await self.request({"type": "hello", "token": self.token}, timeout=60)
        self.token, self.participant = ack["token"], ack["participant"]
        if role is not None:
            await self.request({"type": "role", "role": role}, timeout=60)
        return ack

    async def reconnect(self) -> None:
        """After a drop: connect again, say hello with the kept token, resend what is pending."""
        pending = dict(self.unacked)
        self.unacked.clear()
        await self.connect()
        hello = {"type": "hello", "id": self.new_id(), "token": self.token}
        future = asyncio.get_running_loop().create_future()
        self.waiting[hello["id"]] = future
        await self.ws.send(dumps(hello))
        await asyncio.wait_for(future, 30)
        self.unacked.update(pending)
        await self.resend_unacked()

    def on_message(self, message: dict) -> None:
        super().on_message(message)
        if message["type"] in ("snapshot", "view") and (
            self.view is None or message["seq"] >= self.view["seq"]
        ):
            self.view = message
            self.views += 1


class Screen(LiveClient):
    """A projector (or control page): keeps the room's placements by sequence number."""

    HOLE_TIMEOUT = 2.0

    def __init__(
        self, base_ws: str, session_id: int, origin: str, cookie: str, kind: str = "screen"
    ):
        super().__init__(f"{base_ws}/ws/{kind}/{session_id}/", origin, cookie)
        self.seq = -1
        self.held: dict[int, dict] = {}
        self.hole_since: float | None = None
        self.placements: dict[tuple[int, int], dict] = {}
        self.cards: dict[int, dict] = {}
        self.seen_at: dict[tuple[int, int, float, float], float] = {}  # for latency figures
        self.updates = 0
        self.applied: set[int] = set()  # batches applied from updates
        self.changes: list[dict] = []  # every change applied, of any kind, in order
        self.duplicates = 0
        self.snapshot_event = asyncio.Event()

    def on_message(self, message: dict) -> None:
        super().on_message(message)
        if message["type"] == "snapshot":
            self.seq = message["seq"]
            self.held = {s: b for s, b in self.held.items() if s > self.seq}
            self.placements = {(pl["participant"], pl["card"]): pl for pl in message["placements"]}
            self.cards = {c["id"]: c for c in message["cards"]}
            now = time.perf_counter()
            for pl in message["placements"]:
                self.seen_at.setdefault((pl["participant"], pl["card"], pl["x"], pl["y"]), now)
            self.snapshot_event.set()
            self._apply_held()
        elif message["type"] == "update":
            self.updates += 1
            for batch in message["batches"]:
                if batch["seq"] in self.applied:
                    self.duplicates += 1  # the server sent this batch before
                elif batch["seq"] > self.seq:
                    self.held[batch["seq"]] = batch
            self._apply_held()

    def _apply_held(self) -> None:
        while self.seq + 1 in self.held:
            self.seq += 1
            self.applied.add(self.seq)
            self._apply(self.held.pop(self.seq))
        if self.held and self.seq >= 0:
            if self.hole_since is None:
                self.hole_since = time.monotonic()
                # Look again when the hole is due, even if nothing else arrives meanwhile.
                asyncio.get_running_loop().call_later(self.HOLE_TIMEOUT + 0.01, self._apply_held)
            if time.monotonic() - self.hole_since > self.HOLE_TIMEOUT:
                self.hole_since = None
                asyncio.ensure_future(self.send({"type": "sync"}))
        else:
            self.hole_since = None

    def _apply(self, batch: dict) -> None:
        now = time.perf_counter()
        self.changes += batch["changes"]
        for change in batch["changes"]:
            if change["kind"] == "placement":
                self.placements[(change["participant"], change["card"])] = change
                key = (change["participant"], change["card"], change["x"], change["y"])
                self.seen_at.setdefault(key, now)
            elif change["kind"] == "comment":
                key = (change["participant"], change["card"])
                if key in self.placements:
                    self.placements[key] = {**self.placements[key], "comment": change["comment"]}
            elif change["kind"] == "reset":
                self.placements = {
                    k: v for k, v in self.placements.items() if k[1] != change["card"]
                }
            elif change["kind"] == "card":
                self.cards[change["card"]["id"]] = change["card"]
            elif change["kind"] == "edited":  # edited outside the live layer: take a snapshot
                asyncio.ensure_future(self.send({"type": "sync"}))


class ReconnectingPhone(Phone):
    """A phone as a real one must behave on venue wifi.

    When its socket drops it reconnects with exponential backoff (with jitter),
    says hello with its token, resends every message not yet answered (same
    id, so the server applies it once), and takes the fresh snapshot. Messages
    sent while it is offline wait in `unacked` and go out after the resends, in
    the order they were made.
    """

    BACKOFF_FIRST = 0.05
    BACKOFF_MAX = 2.0
    HELLO_TIMEOUT = 10.0

    def __init__(self, base_ws: str, code: str, origin: str):
        super().__init__(base_ws, code, origin)
        self.you: dict | None = None  # own placements, from the last snapshot
        self.reconnects = 0
        self.failed_attempts = 0
        self.online = asyncio.Event()
        self._stopping = False
        self._supervisor: asyncio.Task | None = None

    async def start(self, role: str | None = None) -> None:
        self.online.set()
        await self.join(role)
        self._supervisor = asyncio.create_task(self._supervise())

    async def stop(self) -> None:
        self._stopping = True
        if self._supervisor is not None:
            self._supervisor.cancel()
            await asyncio.gather(self._supervisor, return_exceptions=True)
        await self.close()

    async def send(self, message: dict) -> asyncio.Future:
        message = {"id": self.new_id(), **message}
        future = asyncio.get_running_loop().create_future()
        self.waiting[message["id"]] = future
        self.unacked[message["id"]] = message
        self.sent_at[message["id"]] = time.perf_counter()
        if self.online.is_set():
            try:
                await self.ws.send(dumps(message))
            except ConnectionClosed:
                pass  # still in unacked: resent after the reconnect
        return future

    def on_message(self, message: dict) -> None:
        super().on_message(message)
        if message["type"] == "snapshot":
            self.you = message["you"]

    async def _supervise(self) -> None:
        while True:
            await asyncio.wait([self.reader])  # the socket closed (wait: stop() cancels us, not it)
            if self._stopping or self.closed_with in (4403, 4404):
                return
            self.online.clear()
            delay = self.BACKOFF_FIRST
            while True:
                try:
                    await self._reconnect_once()
                    break
                except Exception:
                    self.failed_attempts += 1
                    await asyncio.sleep(delay * random.uniform(0.5, 1.0))
                    delay = min(2 * delay, self.BACKOFF_MAX)
            self.reconnects += 1

    async def _reconnect_once(self) -> None:
        await self.connect()
        hello = {"type": "hello", "id": self.new_id(), "token": self.token}
        future = asyncio.get_running_loop().create_future()
        self.waiting[hello["id"]] = future
        try:
            await self.ws.send(dumps(hello))
            ack = await asyncio.wait_for(future, self.HELLO_TIMEOUT)
            if ack["type"] != "ack":
                raise ConnectionError(f"hello refused: {ack}")
            sent: set[str] = set()
            while pending := [m for i, m in self.unacked.items() if i not in sent]:
                for message in pending:  # in the order they were made
                    await self.ws.send(dumps(message))
                    sent.add(message["id"])
        except BaseException:
            await self.close()
            raise
        self.participant = ack["participant"]
        self.online.set()  # no await since the last check: nothing made meanwhile is missed
