"""Venue wifi drops while a phone is placing: it ends with exactly the placements it made.

Real Daphne, real websockets; the phone reaches Daphne through a loopback
proxy the test cuts (tests/faults/proxy.py).
"""

import asyncio

import pytest
from asgiref.sync import sync_to_async

from bench.client import ReconnectingPhone, Screen
from tests.faults.proxy import Proxy
from tests.helpers import session_cookie_for, wait_until
from workshop.models import Placement, PlacementEvent

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


@sync_to_async
def open_cards(session) -> list[int]:
    return list(session.cards.filter(is_open=True).values_list("pk", flat=True))


@sync_to_async
def stored_placements(participant: int) -> dict[int, tuple]:
    return {
        pl.card_id: (pl.x, pl.y, pl.comment)
        for pl in Placement.objects.filter(participant_id=participant)
    }


@sync_to_async
def stored_client_ids(participant: int) -> list[str]:
    return list(
        PlacementEvent.objects.filter(participant_id=participant).values_list(
            "client_id", flat=True
        )
    )


async def test_a_phone_that_loses_wifi_mid_placement_ends_with_exactly_its_placements(
    own_daphne, session, alice
):
    first, second, third = await open_cards(session)
    proxy = await Proxy(own_daphne.port).start()
    phone = ReconnectingPhone(f"ws://127.0.0.1:{proxy.port}", session.join_code, own_daphne.origin)
    await phone.start(role="bewoner")
    assert (await phone.request({"type": "place", "card": first, "x": 0.1, "y": 0.2}))[
        "type"
    ] == "ack"

    # The server still hears the phone, but its answers are lost: mid-placement.
    proxy.hold_replies = True
    unheard = [
        await phone.send({"type": "place", "card": second, "x": -0.5, "y": 0.5}),
        await phone.send({"type": "comment", "card": second, "text": "Kans: de bieb"}),
    ]
    unheard_ids = list(phone.unacked)
    await wait_until(
        lambda: _contains(stored_client_ids(phone.participant), unheard_ids),
        "the server applied the messages whose acks are lost",
    )
    assert not any(f.done() for f in unheard)

    # The wifi goes: every connection cut, reconnecting fails for a while.
    proxy.offline = True
    proxy.cut()
    await wait_until(lambda: not phone.online.is_set(), "the phone noticed the drop")
    while_offline = await phone.send({"type": "place", "card": third, "x": 0.9, "y": -0.9})
    await wait_until(lambda: proxy.refused >= 3, "the phone kept trying, with backoff")
    proxy.hold_replies = False
    proxy.offline = False

    answers = await asyncio.wait_for(asyncio.gather(*unheard, while_offline), 20)

    assert [a["type"] for a in answers] == ["ack", "ack", "ack"]
    assert [a.get("duplicate", False) for a in answers] == [True, True, False], (
        "the resent messages were applied once, before the drop; the new one after"
    )
    assert phone.reconnects == 1 and phone.failed_attempts >= 3
    expected = {first: (0.1, 0.2, ""), second: (-0.5, 0.5, "Kans: de bieb"), third: (0.9, -0.9, "")}
    assert await stored_placements(phone.participant) == expected
    ids = await stored_client_ids(phone.participant)
    assert len(ids) == len(set(ids)) == 4, "each message is in the history once"

    # What the phone shows after the reconnect is what is stored.
    snapshots = phone.snapshots
    await phone.request({"type": "sync"})
    await wait_until(lambda: phone.snapshots > snapshots, "the snapshot that follows the sync ack")
    shown = {
        int(card): (v["x"], v["y"], v["comment"]) for card, v in phone.you["placements"].items()
    }
    assert shown == expected
    assert phone.you["role"] == "bewoner"

    # And so does the projector.
    cookie = await sync_to_async(session_cookie_for)(alice)
    projector = Screen(own_daphne.ws_url, session.pk, own_daphne.origin, cookie)
    await projector.connect()
    await asyncio.wait_for(projector.snapshot_event.wait(), 10)
    on_screen = {
        card: (pl["x"], pl["y"], pl["comment"])
        for (participant, card), pl in projector.placements.items()
        if participant == phone.participant
    }
    assert on_screen == expected
    await projector.close()
    await phone.stop()
    await proxy.stop()


async def _contains(ids_awaitable, wanted: list[str]) -> bool:
    return set(wanted) <= set(await ids_awaitable)
