"""The live protocol through the real consumers and hub (channels.testing)."""

import pytest
from asgiref.sync import sync_to_async

from tests.helpers import Client, cookie_for, new_id, phone, screen
from workshop.models import Placement, PlacementEvent

pytestmark = pytest.mark.django_db(transaction=True)


@sync_to_async
def first_cards(session, n=3):
    return list(session.cards.all()[:n])


@sync_to_async
def placements_of(card):
    return list(Placement.objects.filter(card=card).values_list("x", "y"))


@sync_to_async
def update_card(card, **fields):
    for name, value in fields.items():
        setattr(card, name, value)
    card.save()


async def test_a_placement_is_stored_acked_and_reaches_the_projector(session, alice):
    card, *_ = await first_cards(session)
    projector, snap = await screen(session, await cookie_for(alice))
    assert snap["placements"] == []
    client, hello, phone_snapshot = await phone(session)
    assert hello["type"] == "ack" and hello["token"]
    assert [c["open"] for c in phone_snapshot["cards"][:4]] == [True, True, True, False]

    ack = await client.request({"type": "place", "card": card.pk, "x": 0.5, "y": -0.25})

    assert ack["type"] == "ack" and "duplicate" not in ack
    assert await placements_of(card) == [(0.5, -0.25)]
    seen = []
    while not any(ch["kind"] == "placement" for ch in seen):
        update = await projector.receive_type("update")
        seen += [ch for batch in update["batches"] for ch in batch["changes"]]
    placement = next(ch for ch in seen if ch["kind"] == "placement")
    assert (placement["card"], placement["x"], placement["y"]) == (card.pk, 0.5, -0.25)
    assert placement["participant"] == hello["participant"]

    again, snap2 = await screen(session, await cookie_for(alice))
    assert [(pl["card"], pl["x"], pl["y"]) for pl in snap2["placements"]] == [(card.pk, 0.5, -0.25)]
    assert snap2["seq"] > snap["seq"]
    for c in (client, projector, again):
        await c.close()


async def test_a_repeated_message_id_is_applied_once(session):
    card, *_ = await first_cards(session)
    client, _, _ = await phone(session)
    message_id = new_id()
    first = await client.request(
        {"id": message_id, "type": "place", "card": card.pk, "x": 0.1, "y": 0.1}
    )
    repeat = await client.request(
        {"id": message_id, "type": "place", "card": card.pk, "x": 0.9, "y": 0.9}
    )

    assert first["type"] == "ack" and "duplicate" not in first
    assert repeat == {"type": "ack", "id": message_id, "duplicate": True}
    assert await placements_of(card) == [(0.1, 0.1)]
    assert await sync_to_async(PlacementEvent.objects.filter(card=card).count)() == 1
    await client.close()


async def test_a_locked_card_refuses_placements_with_a_clear_error(session):
    card, *_ = await first_cards(session)
    await update_card(card, locked=True)
    client, _, _ = await phone(session)

    error = await client.request({"type": "place", "card": card.pk, "x": 0.2, "y": 0.2})

    assert error["type"] == "error" and error["code"] == 2003
    assert "vast" in error["message"] or "locked" in error["message"]
    assert await placements_of(card) == []
    await client.close()


async def test_a_card_that_is_not_open_or_not_in_the_session_is_refused(session, bobs_session):
    cards = await sync_to_async(lambda: list(session.cards.all()))()
    closed_card = cards[5]
    foreign_card = await sync_to_async(bobs_session.cards.first)()
    client, _, _ = await phone(session)

    not_open = await client.request({"type": "place", "card": closed_card.pk, "x": 0, "y": 0})
    foreign = await client.request({"type": "place", "card": foreign_card.pk, "x": 0, "y": 0})

    assert (not_open["code"], foreign["code"]) == (2002, 2001)
    await client.close()


async def test_a_participant_cannot_send_control_actions(session):
    card, *_ = await first_cards(session)
    client, _, _ = await phone(session)

    reply = await client.request({"type": "card", "card": card.pk, "action": "reveal"})

    assert reply["type"] == "error" and reply["code"] == 3000
    assert not (await sync_to_async(type(card).objects.get)(pk=card.pk)).revealed
    await client.close()


async def test_control_needs_a_facilitator_of_that_session(session, bob, alice):
    nobody = Client(f"/ws/control/{session.pk}/")
    assert await nobody.connect() == (True, None)
    assert (await nobody.comm.receive_output(timeout=3))["code"] == 4403

    other = Client(f"/ws/control/{session.pk}/", cookie=await cookie_for(bob))
    await other.connect()
    assert (await other.comm.receive_output(timeout=3))["code"] == 4403

    control, _ = await screen(session, await cookie_for(alice), kind="control")
    card, *_ = await first_cards(session)
    assert (await control.request({"type": "card", "card": card.pk, "action": "reveal"}))[
        "type"
    ] == "ack"
    await control.close()


async def test_the_projector_endpoint_is_read_only(session, alice):
    card, *_ = await first_cards(session)
    projector, _ = await screen(session, await cookie_for(alice))
    reply = await projector.request({"type": "card", "card": card.pk, "action": "lock"})
    assert reply["code"] == 3000
    await projector.close()


async def test_reveal_sends_phones_the_room_result(session, alice):
    card, *_ = await first_cards(session)
    control, _ = await screen(session, await cookie_for(alice), kind="control")
    one, _, _ = await phone(session)
    two, _, _ = await phone(session)
    await one.request({"type": "place", "card": card.pk, "x": 0.2, "y": 0.4})
    await two.request({"type": "place", "card": card.pk, "x": 0.6, "y": 0.0})

    assert (await control.request({"type": "card", "card": card.pk, "action": "reveal"}))[
        "type"
    ] == "ack"

    while True:
        view = await one.receive_type("view")
        shown = next(c for c in view["cards"] if c["id"] == card.pk)
        if shown["revealed"] and shown["result"]["n"] == 2:
            break
    assert shown["result"]["mean"] == pytest.approx([0.4, 0.2])
    assert shown["result"]["spread"] == pytest.approx([0.2, 0.2])
    for c in (one, two, control):
        await c.close()


async def test_a_returning_phone_keeps_its_identity_and_placements(session):
    card, *_ = await first_cards(session)
    client, hello, _ = await phone(session)
    await client.request({"type": "role", "role": "opbouwwerker"})
    await client.request({"type": "place", "card": card.pk, "x": -0.3, "y": 0.7})
    await client.request({"type": "comment", "card": card.pk, "text": "Kans: samen met de bieb"})
    await client.close()

    back, hello2, snapshot = await phone(session, token=hello["token"])

    assert hello2["participant"] == hello["participant"]
    assert snapshot["you"]["role"] == "opbouwwerker"
    assert snapshot["you"]["placements"][str(card.pk)] == {
        "x": -0.3, "y": 0.7, "comment": "Kans: samen met de bieb", "hidden": False,
        "waiting": False,
    }  # fmt: skip
    await back.close()


async def test_a_comment_approved_then_hidden_is_not_shown_not_waiting(session, alice):
    card, *_ = await first_cards(session)
    session.moderation = "pre"
    await sync_to_async(session.save)()
    control, _ = await screen(session, await cookie_for(alice), kind="control")
    client, hello, _ = await phone(session)
    await client.request({"type": "place", "card": card.pk, "x": 0.1, "y": 0.2})
    await client.request({"type": "comment", "card": card.pk, "text": "Samen met de bieb"})

    async def state():
        again, _, snapshot = await phone(session, token=hello["token"])
        await again.close()
        mine = snapshot["you"]["placements"][str(card.pk)]
        return mine["hidden"], mine["waiting"]

    async def moderate(hidden):
        ack = await control.request({"type": "hide_comment", "card": card.pk,
                                     "participant": hello["participant"], "hidden": hidden})  # fmt: skip
        assert ack["type"] == "ack"

    assert await state() == (True, True)  # waiting for the facilitator
    await moderate(False)
    assert await state() == (False, False)  # shown
    await moderate(True)
    assert await state() == (True, False)  # not shown: the facilitator chose
    await client.request({"type": "comment", "card": card.pk, "text": "Samen met de bieb!"})
    assert await state() == (True, True)  # a new text waits again
    for c in (client, control):
        await c.close()


async def test_a_phone_must_say_hello_first_and_bad_input_gets_error_frames(session):
    card, *_ = await first_cards(session)
    client = Client(f"/ws/phone/{session.join_code}/")
    await client.connect()
    early = await client.request({"type": "place", "card": card.pk, "x": 0, "y": 0})
    assert early["code"] == 1005
    await client.request({"type": "hello", "token": None})
    await client.receive_type("snapshot")

    await client.send_raw("not json")
    assert (await client.receive_type("error"))["code"] == 1000
    await client.send_raw(f'{{"type": "place", "id": "n1", "card": {card.pk}, "x": NaN, "y": 0}}')
    assert (await client.receive_type("error"))["code"] == 1000
    out_of_range = await client.request({"type": "place", "card": card.pk, "x": 1.5, "y": 0})
    assert out_of_range["code"] == 1002 and "x" in out_of_range["message"]
    assert (await client.request({"type": "dance"}))["code"] == 1001
    assert await placements_of(card) == []
    await client.close()


async def test_an_unknown_join_code_is_closed_with_4404(db):
    client = Client("/ws/phone/XXXXXX/")
    await client.connect()
    assert (await client.comm.receive_output(timeout=3))["code"] == 4404


async def test_an_edit_on_the_edit_page_reaches_open_projectors_and_phones(session, alice):
    from workshop.live.publish import session_edited
    from workshop.models import Card

    projector, before = await screen(session, await cookie_for(alice))
    client, _, _ = await phone(session)
    card, *_ = await first_cards(session)
    await sync_to_async(Card.objects.filter(pk=card.pk).update)(title="Nieuwe titel")

    await sync_to_async(session_edited)(session.pk)

    batches = []
    while not any(b["changes"] == [{"kind": "edited"}] for b in batches):
        batches += (await projector.receive_type("update"))["batches"]
    assert [b["seq"] for b in batches] == list(range(before["seq"] + 1, batches[-1]["seq"] + 1))
    while True:
        view = await client.receive_type("view")
        if view["cards"][0]["title"] == "Nieuwe titel":
            break
    for c in (client, projector):
        await c.close()


async def test_a_reset_tells_phones_their_placement_is_gone(session, alice):
    card, *_ = await first_cards(session)
    control, _ = await screen(session, await cookie_for(alice), kind="control")
    client, _, snapshot = await phone(session)
    await client.request({"type": "place", "card": card.pk, "x": 0.1, "y": 0.1})
    resets = next(c["resets"] for c in snapshot["cards"] if c["id"] == card.pk)

    await control.request({"type": "card", "card": card.pk, "action": "reset"})

    while True:
        view = await client.receive_type("view")
        if next(c["resets"] for c in view["cards"] if c["id"] == card.pk) > resets:
            break
    assert await placements_of(card) == []
    for c in (client, control):
        await c.close()


@pytest.mark.parametrize("kind", ["screen", "control"])
async def test_a_facilitator_socket_whose_login_ended_unannounced_is_closed_on_the_next_recheck(
    session, alice, settings, kind
):
    """An expired login (or an announcement lost on its way) still ends the socket."""
    from django.contrib.sessions.models import Session as Login

    settings.LIVE_AUTHORITY_RECHECK_MS = 200
    client, _ = await screen(session, await cookie_for(alice), kind=kind)
    await sync_to_async(Login.objects.all().delete)()  # no logout signal, nothing published

    output = await client.comm.receive_output(timeout=5)
    while output["type"] != "websocket.close":
        output = await client.comm.receive_output(timeout=5)
    assert output["code"] == 4403
    await client.close()


async def test_a_hall_joining_at_once_shares_one_phone_view(session, monkeypatch, settings):
    """Thirty phones say hello together: each gets its snapshot, and the room's
    phone view is computed a few times for all of them, not once a phone (the
    view being computed is shared by every phone that asks meanwhile). No view
    is reused for its age here (a tick of 0): only the sharing is measured."""
    import asyncio

    from workshop.live import snapshots

    settings.LIVE_PHONE_TICK_MS, settings.LIVE_PHONE_SENDS_PER_SECOND = 0, 10**9

    computed = []
    real = snapshots.phone_view

    def counted(session_id):
        computed.append(session_id)
        return real(session_id)

    monkeypatch.setattr(snapshots, "phone_view", counted)
    first, _hello, _snapshot = await phone(session)  # the room exists: its phones share views
    computed.clear()
    hall = await asyncio.gather(*(phone(session) for _ in range(30)))

    assert all(len(snapshot["cards"]) == len(_snapshot["cards"]) for _c, _h, snapshot in hall)
    assert 1 <= len(computed) <= 10, len(computed)
    for client, _h, _s in [*hall, (first, None, None)]:
        await client.close()


async def test_the_projector_gets_a_change_after_a_quiet_spell_at_once_and_a_burst_once_a_tick(
    session, alice, settings
):
    """Updates go out at most once a tick, counted from the last one; after a
    quiet spell the first change goes out at once. A long tick (2.5 s) makes both
    measurable on a busy machine."""
    import asyncio
    import time

    settings.LIVE_SCREEN_TICK_MS = 2500
    card, *_ = await first_cards(session)
    projector, _ = await screen(session, await cookie_for(alice))
    client, _, _ = await phone(session)

    async def placement_seen(x: float) -> float:
        while True:
            update = await projector.receive_type("update")
            changes = [ch for batch in update["batches"] for ch in batch["changes"]]
            if any(ch["kind"] == "placement" and ch["x"] == x for ch in changes):
                return time.monotonic()

    await projector.receive_type("update")  # the phone joined: an update went out
    flushed = time.monotonic()
    await client.request({"type": "place", "card": card.pk, "x": 0.1, "y": 0.0})
    in_the_same_tick = await placement_seen(0.1)
    assert in_the_same_tick - flushed >= 2.4, "at most one update a tick"

    await asyncio.sleep(2.6)  # a quiet spell longer than the tick
    placed = time.monotonic()
    await client.request({"type": "place", "card": card.pk, "x": 0.2, "y": 0.0})
    assert await placement_seen(0.2) - placed < 1.5, "after a quiet spell, at once"
    for c in (client, projector):
        await c.close()


async def test_new_results_reach_a_hall_a_share_at_a_time_and_every_phone_gets_them(
    session, settings
):
    """A hall's phones get new results spread over time, at most
    LIVE_PHONE_SENDS_PER_SECOND a second (here 20: 30 phones take 1.5 s), not in
    one burst that would hold every ack back; the phones all get them."""
    import asyncio
    import time

    settings.LIVE_PHONE_TICK_MS, settings.LIVE_PHONE_SENDS_PER_SECOND = 100, 20
    card, *_ = await first_cards(session)
    await update_card(card, revealed=True)
    hall = [client for client, _h, _s in await asyncio.gather(*(phone(session) for _ in
                                                                  range(30)))]  # fmt: skip

    async def result_seen(client) -> float:
        while True:
            view = await client.receive_type("view")
            shown = next(c for c in view["cards"] if c["id"] == card.pk)
            if shown["result"]["n"] == 1:
                return time.monotonic()

    waiting = [asyncio.ensure_future(result_seen(client)) for client in hall]
    await hall[0].request({"type": "place", "card": card.pk, "x": 0.5, "y": 0.5})
    seen = await asyncio.gather(*waiting)

    assert len(seen) == 30, "every phone got the new result"
    assert max(seen) - min(seen) >= 1.0, "spread over time, not one burst"
    for client in hall:
        await client.close()
