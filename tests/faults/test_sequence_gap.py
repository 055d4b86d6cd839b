"""A projector that misses an update sees the sequence gap and recovers by snapshot."""

import asyncio

import pytest
from asgiref.sync import sync_to_async

from bench.client import Phone, Screen
from tests.faults.proxy import Proxy
from tests.helpers import session_cookie_for, wait_until
from workshop.models import Placement, Session

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def is_placement_update(text: str) -> bool:
    return text.startswith('{"type":"update"') and '"kind":"placement"' in text


async def test_a_projector_that_misses_an_update_recovers_by_snapshot(own_daphne, session, alice):
    first, second, _ = await sync_to_async(lambda: list(session.cards.filter(is_open=True)))()
    one = Phone(own_daphne.ws_url, session.join_code, own_daphne.origin)
    two = Phone(own_daphne.ws_url, session.join_code, own_daphne.origin)
    await one.join()
    await two.join()
    proxy = await Proxy(own_daphne.port).start()
    cookie = await sync_to_async(session_cookie_for)(alice)
    projector = Screen(f"ws://127.0.0.1:{proxy.port}", session.pk, own_daphne.origin, cookie)
    projector.HOLE_TIMEOUT = 0.5
    await projector.connect()
    await asyncio.wait_for(projector.snapshot_event.wait(), 10)

    proxy.drop_frame(is_placement_update)
    await one.request({"type": "place", "card": first.pk, "x": 0.25, "y": 0.75})
    await wait_until(lambda: proxy.dropped_frames, "the first placement's update was lost")
    await two.request({"type": "place", "card": second.pk, "x": -0.5, "y": -0.5})

    await wait_until(lambda: projector.snapshots == 2, "the projector asked for a snapshot")
    await wait_until(lambda: not projector.held, "the held batches were applied or superseded")
    shown = {key: (pl["x"], pl["y"]) for key, pl in projector.placements.items()}
    stored = await sync_to_async(
        lambda: {(pl.participant_id, pl.card_id): (pl.x, pl.y) for pl in Placement.objects.all()}
    )()
    assert (
        shown
        == stored
        == {
            (one.participant, first.pk): (0.25, 0.75),
            (two.participant, second.pk): (-0.5, -0.5),
        }
    )
    assert (
        projector.seq
        == await sync_to_async(
            lambda: Session.objects.values_list("seq", flat=True).get(pk=session.pk)
        )()
    )
    for client in (one, two, projector):
        await client.close()
    await proxy.stop()
