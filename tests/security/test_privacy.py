"""Participants stay anonymous; a deleted session takes everything about it along.

(The facilitator's delete page itself: tests/security/test_session_delete.py.)
"""

import json
from urllib.request import urlopen

import pytest
import websockets
from asgiref.sync import sync_to_async
from django.apps import apps

from bench.servers import DaphneServer, free_port, server_env
from tests.deploy.installed import daphne_command
from tests.helpers import database_url_of_tests, phone, screen, session_cookie_for
from workshop.live import protocol as p
from workshop.live.actions import Command
from workshop.live.commit import apply_commands
from workshop.models import Participant, Placement, PlacementEvent, Session

pytestmark = pytest.mark.django_db(transaction=True)


def test_participants_are_stored_without_anything_that_identifies_a_person():
    """A guard: adding a name, address or device field to a participant must be a decision."""
    stored = {
        model.__name__: {f.name for f in model._meta.concrete_fields}
        for model in (Participant, Placement, PlacementEvent)
    }
    assert stored["Participant"] <= {"id", "session", "token", "role", "joined_at", "source"}
    for name in ("Placement", "PlacementEvent"):
        assert not stored[name] & {"ip", "ip_address", "user_agent", "name", "email", "phone"}


DEVICE = "Mozilla/5.0 (Linux; Android 14; Fairphone 5) PrivacyProbe/1.0"


@sync_to_async
def everything_stored() -> list[str]:
    """Every value of every row of every table, as text."""
    values = []
    for model in apps.get_models():
        for row in model.objects.values_list(*(f.attname for f in model._meta.concrete_fields)):
            values += [str(v) for v in row]
    return values


@pytest.mark.live
async def test_a_phone_joining_leaves_no_address_or_device_details_in_the_database(
    daphne_server, session
):
    """Through a real Daphne, which knows the phone's address and browser: none of it is kept."""
    card = await sync_to_async(lambda: session.cards.filter(is_open=True).first().pk)()
    async with websockets.connect(
        f"{daphne_server.ws_url}/ws/phone/{session.join_code}/",
        origin=daphne_server.origin,
        user_agent_header=DEVICE,
    ) as ws:
        replies = []
        for message in (
            {"type": "hello", "id": "h", "token": None},
            {"type": "role", "id": "r", "role": "bewoner"},
            {"type": "place", "id": "p", "card": card, "x": 0.5, "y": 0.5},
            {"type": "comment", "id": "c", "card": card, "text": "mooi project"},
        ):
            await ws.send(json.dumps(message))
            while (reply := json.loads(await ws.recv()))["type"] not in ("ack", "error"):
                pass
            replies.append(reply)
    assert [r["type"] for r in replies] == ["ack"] * 4, replies
    assert "127.0.0.1" in daphne_server.log_since(0), "Daphne did see the address"

    stored = await everything_stored()
    assert "mooi project" in stored, "the scan reads what the phone stored"
    assert not [v for v in stored if "127.0.0.1" in v or "PrivacyProbe" in v or "Fairphone" in v]


@pytest.mark.live
async def test_as_deployed_the_server_logs_no_phone_address_or_join_code(session):
    """The unit's own command line (deploy/assenkruis@.service) keeps no access log;
    the test above shows the same server with one does log the address."""
    port = free_port()
    server = DaphneServer(port=port, env=server_env(database_url_of_tests()),
                          command=daphne_command(port)).start()  # fmt: skip
    try:
        page = await sync_to_async(urlopen)(server.url + session.join_path(), timeout=10)
        assert page.status == 200
        async with websockets.connect(
            f"{server.ws_url}/ws/phone/{session.join_code}/", origin=server.origin
        ) as ws:
            await ws.send(json.dumps({"type": "hello", "id": "h", "token": None}))
            while (reply := json.loads(await ws.recv()))["type"] not in ("ack", "error"):
                pass
        assert reply["type"] == "ack", reply
    finally:
        server.stop()
    log = server.log_since(server.log_start)
    assert "127.0.0.1" not in log and session.join_code not in log, log


def test_a_session_deleted_mid_batch_costs_other_sessions_nothing(session, bobs_session):
    """Phones of a deleted session may still be connected; their messages must not
    take down the group commit that carries other sessions' placements."""
    gone = Participant.objects.create(session=session)
    bob_card = bobs_session.cards.first()
    bobs_session.state = Session.State.OPEN
    bobs_session.save()
    bob_card.is_open = True
    bob_card.save()
    staying = Participant.objects.create(session=bobs_session)
    session_id = session.pk
    Session.objects.filter(pk=session_id).delete()

    outcomes, batches = apply_commands(
        [
            Command(session_id, p.SetRole(id="r1", role="bewoner"), participant_id=gone.pk),
            Command(session_id, p.Hello(id="h1", token=None)),
            Command(
                bobs_session.pk,
                p.Place(id="p1", card=bob_card.pk, x=0.1, y=0.2),
                participant_id=staying.pk,
            ),
        ]
    )

    assert outcomes[2].ok and not outcomes[2].duplicate
    assert Placement.objects.filter(participant=staying).exists()
    assert set(batches) == {bobs_session.pk}
    assert not Participant.objects.filter(session_id=session_id).exists()


async def test_a_phone_of_a_deleted_session_is_told_the_session_is_gone(session):
    card = await sync_to_async(lambda: session.cards.filter(is_open=True).first())()
    client, _, _ = await phone(session)
    await sync_to_async(Session.objects.filter(pk=session.pk).delete)()

    await client.send_raw(f'{{"type": "place", "id": "after", "card": {card.pk}, "x": 0, "y": 0}}')

    while True:
        output = await client.comm.receive_output(timeout=3)
        if output["type"] == "websocket.close":
            break
    assert output["code"] == 4404


async def test_the_control_page_of_a_deleted_session_is_told_the_session_is_gone(session, alice):
    control, _ = await screen(session, await sync_to_async(session_cookie_for)(alice), "control")
    await sync_to_async(Session.objects.filter(pk=session.pk).delete)()

    await control.send_raw('{"type": "notes", "id": "after", "text": "nog iets"}')

    while True:
        output = await control.comm.receive_output(timeout=3)
        if output["type"] == "websocket.close":
            break
    assert output["code"] == 4404
