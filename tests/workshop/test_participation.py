"""Joined, took part, and small role groups folded (workshop/participation.py)."""

import pytest

from workshop import participation
from workshop.models import Participant, Placement, PlacementEvent
from workshop.participation import fold_counts, fold_roles, group_by_role


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


def test_anders_still_too_small_is_not_shown_apart_either():
    # One policy maker and one "anders": two people, still identifiable as a group.
    assert fold_counts({"kunstenaar": 3, "beleidsmaker": 1, "anders": 1}) == {
        "kunstenaar": 3,
        "": 2,
    }
    assert fold_counts({"bewoner": 2}) == {"": 2}
    assert fold_counts({"bewoner": 3}) == {"bewoner": 3}


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
    # One artist and one without a role: no role shown apart.
    assert counts.took_part_by_role == {"": 2}
