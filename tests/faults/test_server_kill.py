"""Daphne is killed (SIGKILL) while 50 phones place, then restarted: nothing acknowledged is lost."""

import asyncio
import random

import pytest
from asgiref.sync import sync_to_async
from django.db import connection

from bench.client import ReconnectingPhone, Screen
from tests.helpers import session_cookie_for, wait_until
from workshop.models import Placement, PlacementEvent

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

PHONES = 50
MOVES = 12  # per phone, over the three open cards
KILL_AFTER = 200  # acknowledged moves


@sync_to_async
def stored_event_ids() -> set[tuple[int, str]]:
    return set(PlacementEvent.objects.values_list("participant_id", "client_id"))


@sync_to_async
def stored_placements() -> dict[tuple[int, int], tuple[float, float]]:
    return {(pl.participant_id, pl.card_id): (pl.x, pl.y) for pl in Placement.objects.all()}


@sync_to_async
def integrity() -> str:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check" if connection.vendor == "sqlite" else "SELECT 'ok'")
        return cursor.fetchone()[0]


async def test_a_killed_server_loses_no_acknowledged_placement_and_the_room_carries_on(
    own_daphne, session, alice
):
    cards = await sync_to_async(lambda: list(session.cards.filter(is_open=True)))()
    cookie = await sync_to_async(session_cookie_for)(alice)
    projector = Screen(own_daphne.ws_url, session.pk, own_daphne.origin, cookie)
    await projector.connect()
    await asyncio.wait_for(projector.snapshot_event.wait(), 10)
    phones = [
        ReconnectingPhone(own_daphne.ws_url, session.join_code, own_daphne.origin)
        for _ in range(PHONES)
    ]
    await asyncio.gather(*(phone.start() for phone in phones))

    acked: set[tuple[int, str]] = set()
    expected: dict[tuple[int, int], tuple[float, float]] = {}
    enough_acked = asyncio.Event()

    async def place_all(phone: ReconnectingPhone) -> None:
        for n in range(MOVES):
            card = cards[n % len(cards)].pk
            x, y = round(random.uniform(-1, 1), 4), round(random.uniform(-1, 1), 4)
            client_id = phone.new_id()
            future = await phone.send(
                {"id": client_id, "type": "place", "card": card, "x": x, "y": y}
            )
            answer = await asyncio.wait_for(future, 60)
            assert answer["type"] == "ack", answer
            acked.add((phone.participant, client_id))
            expected[(phone.participant, card)] = (x, y)
            if len(acked) >= KILL_AFTER:
                enough_acked.set()

    placing = asyncio.gather(*(place_all(phone) for phone in phones))
    await asyncio.wait_for(enough_acked.wait(), 60)

    own_daphne.proc.kill()  # SIGKILL: no shutdown, no flush, mid-batch
    await asyncio.to_thread(own_daphne.proc.wait)
    acked_before_kill = set(acked)
    assert len(acked_before_kill) < PHONES * MOVES, "the kill came while phones were placing"
    assert acked_before_kill <= await stored_event_ids(), "an acknowledged placement was lost"
    assert await integrity() == "ok"
    await wait_until(lambda: projector.reader.done(), "the projector noticed the server is gone")

    await asyncio.to_thread(own_daphne.start)
    await asyncio.wait_for(placing, 90)

    assert all(phone.reconnects >= 1 for phone in phones), "every phone reconnected by itself"
    assert await stored_placements() == expected
    events = await stored_event_ids()
    assert events == acked and len(events) == PHONES * MOVES, "every move stored exactly once"

    # The projector lost its socket with the server; it comes back to a snapshot.
    await projector.connect()
    await wait_until(lambda: projector.snapshots == 2, "the projector got a fresh snapshot")
    shown = {key: (pl["x"], pl["y"]) for key, pl in projector.placements.items()}
    assert shown == expected
    await asyncio.gather(*(phone.stop() for phone in phones))
    await projector.close()
