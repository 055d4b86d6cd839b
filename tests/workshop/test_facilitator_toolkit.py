"""Rounds, moderation, paper votes and spotlight through the real consumers."""

import pytest
from asgiref.sync import sync_to_async

from tests.helpers import cookie_for, phone, screen
from workshop.models import Participant, Placement, Session

pytestmark = pytest.mark.django_db(transaction=True)


@sync_to_async
def first_card(session):
    return session.cards.first()


@sync_to_async
def rounds_of(card):
    return sorted(Placement.objects.filter(card=card).values_list("round", "x", "y"))


async def changes_until(client, predicate, limit: int = 50) -> list[dict]:
    """Collect update changes until one satisfies `predicate`."""
    seen = []
    for _ in range(limit):
        update = await client.receive_type("update")
        seen += [c for b in update["batches"] for c in b["changes"]]
        if any(predicate(c) for c in seen):
            return seen
    raise AssertionError(f"no matching change in {seen}")


async def test_a_second_round_keeps_the_first_apart_and_shows_how_the_room_moved(session, alice):
    card = await first_card(session)
    control, _ = await screen(session, await cookie_for(alice), kind="control")
    one, one_hello, _ = await phone(session)
    two, two_hello, _ = await phone(session)
    await one.request({"type": "place", "card": card.pk, "x": -0.6, "y": -0.2})
    await two.request({"type": "place", "card": card.pk, "x": -0.2, "y": -0.2})

    ack = await control.request({"type": "card", "card": card.pk, "action": "round"})
    assert ack["type"] == "ack"
    round_change = next(
        c
        for c in await changes_until(control, lambda c: c["kind"] == "round")
        if c["kind"] == "round"
    )
    assert round_change["card"]["round"] == 2 and round_change["card"]["open"]
    assert round_change["history"][0]["mean"] == pytest.approx([-0.4, -0.2])

    await one.request({"type": "place", "card": card.pk, "x": 0.6, "y": 0.4})
    assert await rounds_of(card) == [(1, -0.6, -0.2), (1, -0.2, -0.2), (2, 0.6, 0.4)]

    projector, snapshot = await screen(session, await cookie_for(alice))
    assert [(p["x"], p["y"]) for p in snapshot["placements"]] == [(0.6, 0.4)]
    assert snapshot["history"][str(card.pk)][0]["n"] == 2
    _, _, one_back = await phone(session, token=one_hello["token"])
    _, _, two_back = await phone(session, token=two_hello["token"])
    assert one_back["you"]["placements"] == {
        str(card.pk): {"x": 0.6, "y": 0.4, "comment": "", "hidden": False, "waiting": False}
    }
    assert two_back["you"]["placements"] == {}, "round 1 is not round 2"
    for c in (one, two, control, projector):
        await c.close()


async def test_a_pre_moderated_comment_reaches_the_control_page_but_not_the_projector(
    session, alice
):
    await sync_to_async(Session.objects.filter(pk=session.pk).update)(moderation="pre")
    card = await first_card(session)
    cookie = await cookie_for(alice)
    control, _ = await screen(session, cookie, kind="control")
    projector, _ = await screen(session, cookie)
    client, hello, _ = await phone(session)
    await client.request({"type": "place", "card": card.pk, "x": 0.1, "y": 0.1})
    await client.request({"type": "comment", "card": card.pk, "text": "<b>Kans</b> voor de buurt"})

    on_control = await changes_until(control, lambda c: c["kind"] == "comment")
    on_screen = await changes_until(projector, lambda c: c["kind"] == "comment")
    assert [c["comment"] for c in on_control if c["kind"] == "comment"] == [
        "<b>Kans</b> voor de buurt"
    ]
    assert [c["comment"] for c in on_screen if c["kind"] == "comment"] == [""]
    _, projector_snapshot = await screen(session, cookie)
    assert projector_snapshot["placements"][0]["comment"] == ""

    approve = {
        "type": "hide_comment",
        "card": card.pk,
        "participant": hello["participant"],
        "hidden": False,
    }
    assert (await control.request(approve))["type"] == "ack"
    approved = await changes_until(projector, lambda c: c["kind"] == "comment" and c["comment"])
    assert approved[-1]["comment"] == "<b>Kans</b> voor de buurt"
    for c in (client, control, projector):
        await c.close()


async def test_a_paper_sheet_is_entered_by_the_facilitator_as_its_own_participant(session, alice):
    cards = await sync_to_async(lambda: list(session.cards.all()[:2]))()
    control, _ = await screen(session, await cookie_for(alice), kind="control")

    first = await control.request(
        {"type": "paper", "card": cards[0].pk, "x": 0.3, "y": 0.5, "role": "bewoner"}
    )
    sheet = first["participant"]
    second = await control.request(
        {"type": "paper", "card": cards[1].pk, "x": -0.3, "y": 0.2, "participant": sheet}
    )

    assert second["participant"] == sheet
    paper = await sync_to_async(Participant.objects.get)(pk=sheet)
    assert (paper.source, paper.role) == ("paper", "bewoner")
    stored = await sync_to_async(lambda: sorted(paper.placements.values_list("card_id", "x")))()
    assert stored == [(cards[0].pk, 0.3), (cards[1].pk, -0.3)]
    _, snapshot = await screen(session, await cookie_for(alice))
    assert {p["source"] for p in snapshot["placements"]} == {"paper"}
    await control.close()


async def test_paper_votes_and_spotlight_are_for_facilitators_only(session):
    card = await first_card(session)
    client, _, _ = await phone(session)
    for message in (
        {"type": "paper", "card": card.pk, "x": 0, "y": 0},
        {"type": "spotlight", "card": card.pk},
        {"type": "moderation", "mode": "pre"},
    ):
        assert (await client.request(message))["code"] == 3000
    assert await sync_to_async(Participant.objects.filter(source="paper").count)() == 0
    await client.close()


async def test_the_spotlight_shows_one_card_and_one_visible_comment(session, alice):
    card = await first_card(session)
    client, hello, _ = await phone(session)
    await client.request({"type": "place", "card": card.pk, "x": 0.1, "y": 0.1})
    await client.request({"type": "comment", "card": card.pk, "text": "Samen met de bibliotheek"})
    control, _ = await screen(session, await cookie_for(alice), kind="control")

    await control.request(
        {"type": "spotlight", "card": card.pk, "participant": hello["participant"]}
    )

    seen = await changes_until(control, lambda c: c["kind"] == "session")
    spotlight = [c for c in seen if c["kind"] == "session"][-1]["session"]["spotlight"]
    assert spotlight == {
        "card": card.pk, "participant": hello["participant"], "comment": "Samen met de bibliotheek"
    }  # fmt: skip
    await control.request({"type": "spotlight", "card": None})
    _, snapshot = await screen(session, await cookie_for(alice))
    assert snapshot["session"]["spotlight"] is None
    for c in (client, control):
        await c.close()


async def test_a_reset_clears_the_spotlighted_comment_of_that_card(session, alice):
    card = await first_card(session)
    client, hello, _ = await phone(session)
    await client.request({"type": "place", "card": card.pk, "x": 0.1, "y": 0.1})
    await client.request({"type": "comment", "card": card.pk, "text": "Weg na de reset"})
    control, _ = await screen(session, await cookie_for(alice), kind="control")
    await control.request(
        {"type": "spotlight", "card": card.pk, "participant": hello["participant"]}
    )

    await control.request({"type": "card", "card": card.pk, "action": "reset"})

    def spotlight_cleared(change):
        return change["kind"] == "session" and change["session"]["spotlight"]["comment"] == ""

    seen = await changes_until(control, spotlight_cleared)
    spotlight = [c for c in seen if c["kind"] == "session"][-1]["session"]["spotlight"]
    assert spotlight == {"card": card.pk, "participant": None, "comment": ""}
    for c in (client, control):
        await c.close()


async def test_moderation_reaches_the_comments_author_as_a_new_mark_and_its_own_state(
    session, alice
):
    await sync_to_async(Session.objects.filter(pk=session.pk).update)(moderation="pre")
    card = await first_card(session)
    control, _ = await screen(session, await cookie_for(alice), kind="control")
    client, hello, _ = await phone(session)
    await client.request({"type": "place", "card": card.pk, "x": 0.1, "y": 0.1})
    await client.request({"type": "comment", "card": card.pk, "text": "Kans"})
    await client.request({"type": "sync"})
    snapshot = await client.receive_type("snapshot")
    assert snapshot["you"]["placements"][str(card.pk)]["hidden"] is True
    before = snapshot["session"]["comments_mark"]

    approve = {"type": "hide_comment", "card": card.pk, "participant": hello["participant"]}
    assert (await control.request({**approve, "hidden": False}))["type"] == "ack"
    view = await client.receive_type("view")  # soon: moderation is news for phones
    assert view["session"]["comments_mark"] != before
    assert "you" not in view, "the view tells nobody whose comment it was"
    await client.request({"type": "sync"})
    snapshot = await client.receive_type("snapshot")
    assert snapshot["you"]["placements"][str(card.pk)]["hidden"] is False
    for c in (client, control):
        await c.close()


@sync_to_async
def remove_answers(session):
    from django.utils import timezone

    from workshop import retention

    session.refresh_from_db()
    session.state = Session.State.CLOSED
    session.save()
    assert retention.remove_participant_data(session.pk, timezone.now())


async def test_after_retention_removed_the_answers_the_session_neither_reopens_nor_takes_paper(
    session, alice
):
    """New answers in such a session would stay past its retention: both are refused
    with a code that says why, and the session stays closed."""
    card = await first_card(session)
    control, _ = await screen(session, await cookie_for(alice), kind="control")
    await remove_answers(session)
    reopen = await control.request({"type": "session", "action": "open"})
    assert (reopen["type"], reopen["code"]) == ("error", 2007)
    assert "Kopiëren" in reopen["message"]
    paper = await control.request({"type": "paper", "card": card.pk, "x": 0.3, "y": 0.5})
    assert (paper["type"], paper["code"]) == ("error", 2007)
    assert (await control.request({"type": "notes", "text": "nagesprek"}))["type"] == "ack"
    await session.arefresh_from_db()
    assert session.state == Session.State.CLOSED
    assert not await Participant.objects.filter(session=session).aexists()
    await control.close()
