"""A card run again: its results are the current round's; earlier rounds show as means."""

import re

import pytest

from printables import materials
from tests.printables.conftest import data_of, fill, flat, pdf_text
from workshop.models import Placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_round(session):
    fill(session, 10)
    card = session.cards.first()
    card.round = 2
    card.save()
    people = [p.participant for p in Placement.objects.filter(card=card)[:4]]
    Placement.objects.bulk_create(
        Placement(participant=person, card=card, round=2, x=0.9, y=0.9, comment="Tweede ronde")
        for person in people
    )
    return card


def test_only_the_current_round_counts(session, second_round):
    card = data_of(session).cards[0]
    assert len(card.placements) == 4
    assert card.mean == pytest.approx((0.9, 0.9))
    assert [(r.round, r.count) for r in card.earlier] == [(1, 10)]
    assert card.earlier[0].mean != pytest.approx((0.9, 0.9))


def test_summary_shows_earlier_rounds_and_keeps_their_comments(session, second_round):
    first_round = Placement.objects.filter(card=second_round, round=1).exclude(comment="")
    old = first_round.first().comment
    Placement.objects.filter(pk=first_round.last().pk).update(
        comment="Verborgen in ronde 1", comment_hidden=True
    )
    data = data_of(session)
    text = flat(pdf_text(materials.render(data, "summary")))
    assert "In ronde 2 schoof het gemiddelde op richting" in text  # how the room moved, in words
    assert "Tweede ronde" in text
    assert re.search(r"De \d+ opmerkingen uit eerdere rondes staan daar ook", text)
    everything = flat(pdf_text(materials.render(data, "comments")))
    assert "Ronde 2 (4)" in everything and "Ronde 1 (" in everything
    assert old in everything
    assert "Verborgen in ronde 1" not in text + everything
    assert data.placements == 10 * 12 + 4  # every round counted
