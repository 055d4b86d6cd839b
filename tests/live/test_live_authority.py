"""Live authority through a real Daphne: who may run a session is asked when it matters.

A co-host who is removed or logs out loses their projector and control
sockets within a second (4403), and nothing they still send changes anything;
a deleted session closes every socket of it (4404). The page actions run on
the same Daphne as the sockets, as in a real deployment.
"""

import asyncio
import json

import pytest
import websockets
from asgiref.sync import sync_to_async
from websockets.exceptions import ConnectionClosed

from tests.helpers import post_form, session_cookie_for
from workshop.models import ControlEvent, Session

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

WITHIN = 1.0  # seconds from the page's answer to the socket's close


async def facilitator_socket(server, kind: str, session, cookie: str):
    ws = await websockets.connect(
        f"{server.ws_url}/ws/{kind}/{session.pk}/",
        origin=server.origin,
        additional_headers={"Cookie": cookie},
        open_timeout=20,
    )
    assert json.loads(await asyncio.wait_for(ws.recv(), 20))["type"] == "snapshot"
    return ws


async def phone_socket(server, session):
    ws = await websockets.connect(
        f"{server.ws_url}/ws/phone/{session.join_code}/", origin=server.origin, open_timeout=20
    )
    await ws.send(json.dumps({"type": "hello", "id": "h1", "token": None}))
    while json.loads(await asyncio.wait_for(ws.recv(), 20))["type"] != "snapshot":
        pass
    return ws


async def close_code_within(ws, seconds: float) -> int:
    """The code the server closes with, failing if it does not close in time."""
    try:
        async with asyncio.timeout(seconds):
            async for _ in ws:
                pass
    except ConnectionClosed:
        pass
    except TimeoutError:
        pytest.fail(f"the socket was still open after {seconds} s")
    return ws.close_code


async def still_answers(ws) -> bool:
    await ws.send(json.dumps({"type": "sync", "id": "still-there"}))
    async with asyncio.timeout(10):
        async for frame in ws:
            message = json.loads(frame)
            if message.get("id") == "still-there":
                return message["type"] == "ack"
    return False


async def try_send(ws, message: dict) -> None:
    """Send if the socket is still open (it may already be closed: that is fine too)."""
    try:
        await ws.send(json.dumps(message))
    except ConnectionClosed:
        pass


@sync_to_async
def co_hosted(session, bob) -> tuple[str, str]:
    session.facilitators.add(bob)
    alice = session.facilitators.get(username="alice")
    return session_cookie_for(alice), session_cookie_for(bob)


@sync_to_async
def state_and_actions_of(session, user) -> tuple[str, int]:
    state = Session.objects.get(pk=session.pk).state
    return state, ControlEvent.objects.filter(session=session, user=user).count()


async def test_a_removed_co_host_loses_control_and_projector_within_a_second(
    daphne_server, session, alice, bob
):
    alice_cookie, bob_cookie = await co_hosted(session, bob)
    control = await facilitator_socket(daphne_server, "control", session, bob_cookie)
    projector = await facilitator_socket(daphne_server, "screen", session, bob_cookie)
    alices = await facilitator_socket(daphne_server, "control", session, alice_cookie)

    status = await asyncio.to_thread(
        post_form, daphne_server, f"/facilitator/sessions/{session.pk}/facilitators/",
        alice_cookie, {"remove": str(bob.pk)},
    )  # fmt: skip
    assert status == 302
    await try_send(control, {"type": "session", "id": "too-late", "action": "close"})

    assert await close_code_within(control, WITHIN) == 4403
    assert await close_code_within(projector, WITHIN) == 4403
    assert await state_and_actions_of(session, bob) == ("open", 0), "bob changed nothing"
    assert await still_answers(alices), "alice still runs the session"
    await alices.close()


async def test_a_control_action_is_authorised_when_it_is_applied_not_only_at_connect(
    daphne_server, session, alice, bob
):
    """Removed behind the live layer's back (no announcement): the next action is refused."""
    _, bob_cookie = await co_hosted(session, bob)
    control = await facilitator_socket(daphne_server, "control", session, bob_cookie)
    projector = await facilitator_socket(daphne_server, "screen", session, bob_cookie)
    await sync_to_async(session.facilitators.remove)(bob)

    await control.send(json.dumps({"type": "session", "id": "late", "action": "close"}))
    await projector.send(json.dumps({"type": "sync", "id": "late"}))

    assert await close_code_within(control, 10) == 4403
    assert await close_code_within(projector, 10) == 4403
    assert await state_and_actions_of(session, bob) == ("open", 0)


async def test_logging_out_ends_that_logins_control_and_projector_within_a_second(
    daphne_server, session, alice, bob
):
    alice_cookie, bob_cookie = await co_hosted(session, bob)
    control = await facilitator_socket(daphne_server, "control", session, bob_cookie)
    projector = await facilitator_socket(daphne_server, "screen", session, bob_cookie)
    alices = await facilitator_socket(daphne_server, "screen", session, alice_cookie)

    status = await asyncio.to_thread(
        post_form, daphne_server, "/accounts/logout/", bob_cookie, {}, page="/facilitator/"
    )
    assert status == 302
    await try_send(control, {"type": "session", "id": "after-logout", "action": "close"})

    assert await close_code_within(control, WITHIN) == 4403
    assert await close_code_within(projector, WITHIN) == 4403
    assert await state_and_actions_of(session, bob) == ("open", 0)
    assert await still_answers(alices), "another login is not affected"
    await alices.close()


async def test_deleting_a_session_closes_every_socket_of_it_within_a_second(
    daphne_server, session, alice
):
    cookie = await sync_to_async(session_cookie_for)(alice)
    control = await facilitator_socket(daphne_server, "control", session, cookie)
    projector = await facilitator_socket(daphne_server, "screen", session, cookie)
    phones = [await phone_socket(daphne_server, session) for _ in range(3)]

    status = await asyncio.to_thread(
        post_form, daphne_server, f"/facilitator/sessions/{session.pk}/delete/", cookie, {}
    )
    assert status == 302

    for ws in (control, projector, *phones):
        assert await close_code_within(ws, WITHIN) == 4404
