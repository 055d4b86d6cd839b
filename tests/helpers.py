"""Helpers the test files share (fixtures are in tests/conftest.py).

tests may import bench (the real-Daphne server and the reference client live
there); bench imports nothing from tests.

- services: `require`, `REQUIRE_SERVICES`;
- waiting: `wait_until`;
- logins: `session_cookie_for` (sync), `cookie_for` (async);
- data: `place` (a participant's placement, stored directly);
- in-process sockets (channels.testing): `Client`, `new_id`, `phone`, `screen`;
- pages of a real Daphne: `post_form`.
"""

import asyncio
import itertools
import json
import os
import re
import urllib.parse
import urllib.request

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings

from bench.room import session_cookie_for

REQUIRE_SERVICES = os.environ.get("ASSENKRUIS_REQUIRE_SERVICES") == "1"

__all__ = [
    "REQUIRE_SERVICES", "Client", "as_sent", "cookie_for", "database_url_of_tests", "new_id", "phone",
    "place", "post_form", "require", "screen", "session_cookie_for", "wait_until",
]  # fmt: skip


def require(condition: bool, reason: str) -> None:
    """Skip (laptop) or fail (CI) when a service the test needs is absent."""
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


async def wait_until(predicate, what: str = "condition", timeout: float = 20.0) -> None:
    """Poll `predicate` (a cheap callable, which may return an awaitable) until it holds;
    fail saying `what` did not happen in time."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        assert loop.time() < deadline, f"not within {timeout:.0f} s: {what}"
        await asyncio.sleep(0.05)


def database_url_of_tests() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@sync_to_async
def cookie_for(user) -> str:
    return session_cookie_for(user)


def as_sent(message) -> dict:
    """A server message (a protocol Struct) as the client gets it: JSON's data."""
    from workshop.live import protocol

    return json.loads(protocol.encode(message))


def place(session, card, x, y, role="", comment="", hidden=False, round_=1):
    """A new participant of `session` who placed `card` at (x, y), stored as the live
    server stores a placement (workshop.models.place)."""
    from workshop import models

    person = models.Participant.objects.create(session=session, role=role)
    models.place([models.Move(person.pk, card.pk, round_, x, y, "e", comment, hidden)])
    return person


# In-process sockets -----------------------------------------------------------

_ids = itertools.count(1)


def new_id(prefix: str = "t") -> str:
    return f"{prefix}-{next(_ids)}"


WAIT = 10  # seconds an in-process socket waits for a frame before the test fails


class Client:
    """A thin wrapper that speaks the protocol: send a message, wait for its answer."""

    def __init__(self, path: str, cookie: str | None = None):
        from channels.testing import WebsocketCommunicator

        from workshop.asgi import application

        headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
        if cookie:
            headers.append((b"cookie", cookie.encode()))
        self.comm = WebsocketCommunicator(application, path, headers=headers)
        self.others: list[dict] = []  # non-answer frames seen while waiting for answers

    async def connect(self) -> tuple[bool, int | None]:
        # Generous waits: they cost nothing when the answer comes, and a loaded
        # CI machine (2 cores, a browser test beside) takes seconds at times.
        return await self.comm.connect(timeout=WAIT)

    async def close(self) -> None:
        await self.comm.disconnect()

    async def receive(self, timeout: float = WAIT) -> dict:
        return json.loads(await self.comm.receive_from(timeout=timeout))

    async def receive_type(self, kind: str, timeout: float = WAIT) -> dict:
        while True:
            message = await self.receive(timeout)
            if message["type"] == kind:
                return message
            self.others.append(message)

    async def request(self, message: dict, timeout: float = WAIT) -> dict:
        """Send `message` (an id is added) and return its ack or error."""
        message = {"id": new_id(), **message}
        await self.comm.send_to(text_data=json.dumps(message))
        return await self.answer_to(message["id"], timeout)

    async def answer_to(self, client_id: str, timeout: float = WAIT) -> dict:
        while True:
            reply = await self.receive(timeout)
            if reply["type"] in ("ack", "error") and reply.get("id") == client_id:
                return reply
            self.others.append(reply)

    async def send_raw(self, text: str) -> None:
        await self.comm.send_to(text_data=text)


async def phone(session, token: str | None = None) -> tuple[Client, dict, dict]:
    """A phone that joined `session`: (client, hello ack, snapshot)."""
    client = Client(f"/ws/phone/{session.join_code}/")
    connected, _ = await client.connect()
    assert connected
    ack = await client.request({"type": "hello", "token": token})
    snapshot = await client.receive_type("snapshot")
    return client, ack, snapshot


async def screen(session, cookie: str, kind: str = "screen") -> tuple[Client, dict]:
    client = Client(f"/ws/{kind}/{session.pk}/", cookie=cookie)
    connected, _ = await client.connect()
    assert connected
    return client, await client.receive_type("snapshot")


# Pages of a real Daphne -------------------------------------------------------


def post_form(server, path: str, cookie: str, data: dict, page: str | None = None) -> int:
    """Submit a form to a real Daphne as a logged-in browser would: GET `page`
    (default: `path`) for the CSRF token, then POST; returns the POST's status."""
    opener = urllib.request.build_opener(_NoRedirect)
    page = opener.open(
        urllib.request.Request(server.url + (page or path), headers={"Cookie": cookie})
    )
    csrf_cookie = re.search(r"csrftoken=([^;]+)", page.headers.get("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(
        server.url + path, data=body, headers={"Cookie": f"{cookie}; csrftoken={csrf_cookie}"}
    )
    try:
        return opener.open(request).status
    except urllib.error.HTTPError as answer:  # a redirect after the POST, as forms answer
        return answer.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
