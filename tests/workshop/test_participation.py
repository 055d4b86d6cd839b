"""Joined, took part, and small role groups folded (workshop/participation.py)."""

import pytest

from workshop import participation
from workshop.models import Participant, Placement, PlacementEvent
from workshop.participation import MIN_GROUP, ROOM, fold_counts, fold_roles, group_by_role


def test_a_role_of_fewer_than_three_counts_with_anders():
    folding = fold_roles({"kunstenaar": 4, "beleidsmaker": 1, "anders": 2, "": 5})
    assert folding == {
        "kunstenaar": "kunstenaar",
        "beleidsmaker": "anders",
        "anders": "anders",
        "": "",
    }
    assert fold_counts({"kunstenaar": 4, "beleidsmaker": 1, "anders": 2, "": 5}) == {
        "kunstenaar": 4, "anders": 3, "": 5,
    }  # fmt: skip


def test_anders_still_too_small_counts_with_no_role_as_anders():
    # One policy maker and one "anders": two people, still identifiable as a
    # group; with the three who gave no role they are five, shown as "anders".
    assert fold_counts({"kunstenaar": 3, "beleidsmaker": 1, "anders": 1, "": 3}) == {
        "kunstenaar": 3,
        "anders": 5,
    }
    # One who gave no role beside enough "anders": with them, not apart.
    assert fold_counts({"kunstenaar": 4, "anders": 3, "": 1}) == {"kunstenaar": 4, "anders": 4}
    assert fold_counts({"bewoner": 3}) == {"bewoner": 3}
    assert fold_counts({"": 3, "anders": 3}) == {"": 3, "anders": 3}


def test_when_folding_still_leaves_a_group_under_three_no_role_is_shown():
    # One community worker and one resident: "geen rol (2)" showed them apart
    # (and named them wrongly); the artists' figures beside the room's would
    # give their place away. So no role is shown for that set at all.
    assert fold_roles({"kunstenaar": 4, "opbouwwerker": 1, "bewoner": 1}) == {
        "kunstenaar": ROOM, "opbouwwerker": ROOM, "bewoner": ROOM,
    }  # fmt: skip
    # Five community workers and one artist: the artist is never apart.
    assert fold_counts({"opbouwwerker": 5, "kunstenaar": 1}) == {}
    assert fold_counts({"bewoner": 2}) == {}
    assert fold_counts({"kunstenaar": 3, "beleidsmaker": 1, "anders": 1}) == {}
    # A set already hidden (a projector's snapshot with later arrivals) stays hidden.
    assert set(fold_roles({ROOM: 5, "kunstenaar": 3}).values()) == {ROOM}


@pytest.mark.parametrize("seed", range(300))
def test_no_shown_group_is_ever_under_three(seed):
    import random

    rng = random.Random(seed)
    roles = ["kunstenaar", "opbouwwerker", "beleidsmaker", "bewoner", "anders", ""]
    counts = {role: rng.choice([0, 0, 1, 2, 3, 4, 7]) for role in roles}
    folded = fold_counts(counts)
    assert all(n >= MIN_GROUP for n in folded.values())
    assert sum(folded.values()) in (0, sum(counts.values()))
    # A role shown under its own name is exactly the people who chose it.
    for role, n in folded.items():
        if role not in ("anders", ""):
            assert n == counts[role]
    assert fold_counts(folded) == folded  # folding twice changes nothing


def test_group_by_role_folds_per_set_of_items():
    placements = [("a", "kunstenaar")] * 3 + [
        ("b", "bewoner"),
        ("c", "opbouwwerker"),
        ("d", "anders"),
    ]
    groups = group_by_role(placements, lambda p: p[1])
    assert sorted(groups) == ["anders", "kunstenaar"]
    assert len(groups["anders"]) == 3 and len(groups["kunstenaar"]) == 3


@pytest.mark.django_db
def test_joined_and_took_part_are_different_numbers(session):
    card = session.cards.first()
    looker = Participant.objects.create(session=session, role="bewoner")  # never placed
    placer = Participant.objects.create(session=session, role="kunstenaar")
    paper = Participant.objects.create(session=session, role="", source="paper")
    for person, x in ((placer, 0.5), (paper, -0.5)):
        Placement.objects.create(participant=person, card=card, x=x, y=0)
        PlacementEvent.objects.create(participant=person, card=card, kind="place", x=x, y=0,
                                      client_id=f"c{person.pk}")  # fmt: skip
    # A reset removes the placement; the person still took part.
    Placement.objects.filter(participant=placer).delete()

    counts = participation.counts(session.pk)
    assert (counts.joined, counts.took_part) == (3, 2)
    assert counts.took_part_ids == {placer.pk, paper.pk}
    assert looker.pk not in counts.took_part_ids
    # One artist and one without a role: no role shown at all.
    assert counts.took_part_by_role == {}


# Through the real phone consumer ---------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_a_phone_joins_only_while_the_session_is_open(session):
    from asgiref.sync import sync_to_async

    from tests.helpers import Client, phone
    from workshop.models import Session

    count = sync_to_async(lambda: Participant.objects.filter(session=session).count())
    await sync_to_async(Session.objects.filter(pk=session.pk).update)(state="draft")
    early, ack, snapshot = await phone(session)
    assert (ack["token"], ack["participant"]) == (None, None)
    assert snapshot["you"]["participant"] is None
    assert (await early.request({"type": "sync"}))["type"] == "ack"  # it may look
    assert (await early.request({"type": "role", "role": "bewoner"}))["code"] == 1005
    assert await count() == 0

    await sync_to_async(Session.objects.filter(pk=session.pk).update)(state="open")
    again = await early.request({"type": "hello", "token": None})  # as the page does once open
    assert again["participant"] and again["token"]
    assert await count() == 1

    # Back with the token, or with only the cookie the page set: the same participant.
    back, by_token, _ = await phone(session, token=again["token"])
    cookie = f"ak_{session.join_code}={again['token']}"
    by_cookie = Client(f"/ws/phone/{session.join_code}/", cookie=cookie)
    await by_cookie.connect()
    cookie_ack = await by_cookie.request({"type": "hello", "token": None})
    assert by_token["participant"] == cookie_ack["participant"] == again["participant"]

    await sync_to_async(Session.objects.filter(pk=session.pk).update)(state="closed")
    late, late_ack, _ = await phone(session)
    assert late_ack["participant"] is None
    assert await count() == 1
    for client in (early, back, by_cookie, late):
        await client.close()


@pytest.mark.django_db
def test_the_projector_snapshot_never_shows_a_role_of_fewer_than_three(session):
    from tests.helpers import as_sent, place
    from workshop.live.snapshots import screen_snapshot

    card = session.cards.first()
    for x in (0.1, 0.2, 0.3):
        place(session, card, x, 0.5, role="kunstenaar")
    place(session, card, -0.9, -0.9, role="beleidsmaker")

    projector = as_sent(screen_snapshot(session.pk))
    # Three artists and one policy maker: the policy maker alone would be "geen
    # rol (1)" beside them; no role is shown for this card at all.
    assert [p["role"] for p in projector["placements"]] == [ROOM] * 4
    assert "beleidsmaker" not in projector["participants"]["by_role"]
    assert "beleidsmaker" not in projector["participants"]["roles"].values()
    assert projector["participants"]["took_part"] == 4
    control = as_sent(screen_snapshot(session.pk, for_control=True))
    assert "beleidsmaker" in [p["role"] for p in control["placements"]]
