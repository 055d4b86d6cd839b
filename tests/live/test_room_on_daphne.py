"""A real room: Daphne in its own process, phones and a projector over real websockets."""

import asyncio
import random

import pytest
from asgiref.sync import sync_to_async

from bench.client import Phone, Screen
from tests.helpers import session_cookie_for, wait_until
from workshop.models import Placement, PlacementEvent

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


async def test_twenty_phones_place_concurrently_and_the_projector_sees_every_placement(
    daphne_server, session, alice
):
    cards = await sync_to_async(lambda: list(session.cards.filter(is_open=True)))()
    cookie = await sync_to_async(session_cookie_for)(alice)
    projector = Screen(daphne_server.ws_url, session.pk, daphne_server.origin, cookie)
    await projector.connect()
    await asyncio.wait_for(projector.snapshot_event.wait(), 10)

    phones = [
        Phone(daphne_server.ws_url, session.join_code, daphne_server.origin) for _ in range(20)
    ]
    await asyncio.gather(
        *(p.join(role=random.choice(["kunstenaar", "opbouwwerker", ""])) for p in phones)
    )

    expected = {}

    async def place_all(phone: Phone) -> list[dict]:
        answers = []
        for card in cards:
            x, y = round(random.uniform(-1, 1), 3), round(random.uniform(-1, 1), 3)
            expected[(phone.participant, card.pk)] = (x, y)
            answers.append(await phone.request({"type": "place", "card": card.pk, "x": x, "y": y}))
        return answers

    answers = await asyncio.gather(*(place_all(p) for p in phones))

    assert all(a["type"] == "ack" for per_phone in answers for a in per_phone)
    stored = await sync_to_async(
        lambda: {(pl.participant_id, pl.card_id): (pl.x, pl.y) for pl in Placement.objects.all()}
    )()
    assert stored == expected
    assert await sync_to_async(PlacementEvent.objects.count)() == len(expected) == 60
    await wait_until(lambda: len(projector.placements) == len(expected))
    shown = {k: (v["x"], v["y"]) for k, v in projector.placements.items()}
    assert shown == expected
    assert projector.snapshots == 1, "the projector needed no resync"
    assert projector.duplicates == 0, "no batch was sent twice"
    assert projector.updates < len(expected), "updates were coalesced"

    await asyncio.gather(*(p.close() for p in phones))
    await projector.close()
