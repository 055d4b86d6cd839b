"""Every close code docs/protocol.md documents reaches a real client through a real Daphne.

Channels' WebsocketCommunicator does not go through Daphne's websocket layer
(autobahn), which refuses anything but a plain int as a close code: an
IntEnum member became 1011 and a traceback there. Only these tests see that.
"""

import asyncio
import json

import pytest
import websockets
from asgiref.sync import sync_to_async
from websockets.exceptions import ConnectionClosed

from tests.helpers import session_cookie_for as cookie_for
from workshop.models import Session

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


async def close_code(server, path: str, cookie: str | None = None, send=()) -> int:
    """Connect, send `send` frames, and return the close code the server ends with."""
    headers = {"Cookie": cookie} if cookie else None
    async with websockets.connect(
        server.ws_url + path, origin=server.origin, additional_headers=headers, open_timeout=20
    ) as ws:
        try:
            for frame in send:
                await ws.send(frame)
            async with asyncio.timeout(20):
                async for _ in ws:
                    pass
        except ConnectionClosed:
            pass
        assert ws.close_code is not None, f"{path}: the server did not close"
        return ws.close_code


@pytest.fixture
def no_tracebacks(daphne_server):
    """check(server): fail if the server logged a traceback since the test (or it) began."""
    began = daphne_server.log_size()

    def check(server) -> None:
        log = server.log_since(began if server is daphne_server else server.log_start)
        assert "invalid type" not in log and "Traceback" not in log, log[-3000:]

    return check


async def test_an_unknown_join_code_closes_with_4404(daphne_server, no_tracebacks):
    assert await close_code(daphne_server, "/ws/phone/NOSUCH/") == 4404
    no_tracebacks(daphne_server)


@pytest.mark.parametrize("kind", ["screen", "control"])
async def test_projector_and_control_without_a_facilitator_login_close_with_4403(
    kind, daphne_server, session, bob, charlie, no_tracebacks
):
    path = f"/ws/{kind}/{session.pk}/"
    assert await close_code(daphne_server, path) == 4403, "not logged in"
    for stranger in (bob, charlie):
        cookie = await sync_to_async(cookie_for)(stranger)
        assert await close_code(daphne_server, path, cookie) == 4403, stranger.username
    no_tracebacks(daphne_server)


@pytest.mark.parametrize("kind", ["screen", "control"])
async def test_projector_and_control_of_an_unknown_session_close_with_4404(
    kind, daphne_server, alice, no_tracebacks
):
    cookie = await sync_to_async(cookie_for)(alice)
    assert await close_code(daphne_server, f"/ws/{kind}/987654/", cookie) == 4404
    no_tracebacks(daphne_server)


@pytest.mark.parametrize("kind", ["phone", "control"])
async def test_a_flooding_client_is_closed_with_4429(
    kind, daphne_server, session, alice, no_tracebacks
):
    if kind == "phone":
        path, cookie = f"/ws/phone/{session.join_code}/", None
    else:
        path, cookie = f"/ws/control/{session.pk}/", await sync_to_async(cookie_for)(alice)
    # Cheap frames (each answered with an error at once), so the flood outruns the refill
    # even on a loaded machine; a sync each would make the server build 40 snapshots first.
    frames = [json.dumps({"type": "nothing", "id": f"f{n}"}) for n in range(400)]
    assert await close_code(daphne_server, path, cookie, send=frames) == 4429
    no_tracebacks(daphne_server)


async def test_a_message_to_a_deleted_session_closes_with_4404(
    daphne_server, session, alice, no_tracebacks
):
    cookie = await sync_to_async(cookie_for)(alice)
    card = await sync_to_async(lambda: session.cards.first().pk)()
    headers = {"Cookie": cookie}
    async with websockets.connect(
        f"{daphne_server.ws_url}/ws/control/{session.pk}/",
        origin=daphne_server.origin,
        additional_headers=headers,
    ) as ws:
        assert json.loads(await ws.recv())["type"] == "snapshot"
        await sync_to_async(Session.objects.filter(pk=session.pk).delete)()
        await ws.send(json.dumps({"type": "card", "id": "k1", "card": card, "action": "open"}))
        with pytest.raises(ConnectionClosed):
            async with asyncio.timeout(20):
                async for _ in ws:
                    pass
        assert ws.close_code == 4404
    no_tracebacks(daphne_server)


async def test_an_address_guessing_join_codes_is_closed_with_4429(own_daphne, no_tracebacks):
    # A Daphne of its own: its throttle counts 127.0.0.1, which every other live test uses.
    for n in range(20):
        assert await close_code(own_daphne, f"/ws/phone/GUESS{n}/") == 4404
    assert await close_code(own_daphne, "/ws/phone/GUESSX/") == 4429
    no_tracebacks(own_daphne)
