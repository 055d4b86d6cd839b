"""docs/architecture.md's recipe, proven: a message type defined only in a test module
(tests/live/raise_hand.py) goes from a real websocket frame through a real Daphne
process to the database, and back to a projector, through the documented steps
and no other file."""

import asyncio

import pytest
from asgiref.sync import sync_to_async

from bench.client import Phone, Screen
from bench.servers import DaphneServer, free_port, server_env
from tests.helpers import database_url_of_tests, session_cookie_for, wait_until
from workshop.models import PlacementEvent

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def daphne_with_raised_hands(django_db_setup):
    env = server_env(database_url_of_tests())
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    server = DaphneServer(port=free_port(), env=env, app="tests.live.raise_hand:application")
    yield server.start()
    server.stop()


async def test_a_new_message_type_goes_from_a_phone_to_the_database_and_the_projector(
    daphne_with_raised_hands, session, alice
):
    server = daphne_with_raised_hands
    card = await sync_to_async(lambda: session.cards.filter(is_open=True).first())()
    cookie = await sync_to_async(session_cookie_for)(alice)
    projector = Screen(server.ws_url, session.pk, server.origin, cookie)
    await projector.connect()
    await asyncio.wait_for(projector.snapshot_event.wait(), 10)
    phone = Phone(server.ws_url, session.join_code, server.origin)
    await phone.join()

    reply = await phone.request({"type": "raise_hand", "card": card.pk})
    assert reply == {"type": "ack", "id": reply["id"]}
    # The same message again (same id), as after a reconnect: applied once.
    again = await phone.request({"type": "raise_hand", "id": reply["id"], "card": card.pk})
    assert again.get("duplicate") is True

    stored = await sync_to_async(
        lambda: list(PlacementEvent.objects.filter(kind="hand").values_list("participant_id",
                                                                            "card_id"))
    )()  # fmt: skip
    assert stored == [(phone.participant, card.pk)]
    await wait_until(lambda: any(c["kind"] == "hand" for c in projector.changes), "the hand shown")
    assert [c for c in projector.changes if c["kind"] == "hand"] == [
        {"kind": "hand", "participant": phone.participant, "card": card.pk}
    ]

    # The checks every card message gets: a closed card is refused with its code.
    await sync_to_async(lambda: card.set_flag("close"))()
    refused = await phone.request({"type": "raise_hand", "card": card.pk})
    assert refused["code"] == 2002
    await phone.close()
    await projector.close()
