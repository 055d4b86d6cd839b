"""Artists and community workers compared in print only where the data supports
it (workshop/lib/compare.py), read back from the rendered PDFs. Sessions built so
the right answer is known: small groups from one distribution, a large real
difference, and two groups both Collectief at different strengths."""

import random

import pytest
from django.contrib.auth import get_user_model

from printables import materials
from tests.printables.conftest import data_of, flat, pdf_text
from workshop.models import Participant, Placement, Role, Session


def session_with(groups: dict[str, list[tuple[float, float]]], cards: int = 2) -> Session:
    """A closed session whose first `cards` cards each role places at its points."""
    user = get_user_model().objects.create_user(f"compare-{random.random()}")
    session = Session.create_from_library(user, title="Vergelijken", place="Buurthuis")
    kept = list(session.cards.all())[:cards]
    session.cards.exclude(pk__in=[c.pk for c in kept]).delete()
    rows = []
    for role, points in groups.items():
        for x, y in points:
            person = Participant.objects.create(session=session, role=role)
            rows += [Placement(participant=person, card=card, x=x, y=y) for card in kept]
    Placement.objects.bulk_create(rows)
    session.state = Session.State.CLOSED
    session.save()
    return session


def around(x: float, y: float, n: int, wiggle: float = 0.04) -> list[tuple[float, float]]:
    """`n` points whose mean is exactly (x, y): pairs mirrored around it."""
    points = []
    for i in range(n // 2):
        d = wiggle * (i + 1) / (n // 2)
        points += [(x + d, y - d), (x - d, y + d)]
    return points + [(x, y)] * (n % 2)


def texts(session: Session) -> tuple[str, str]:
    data = data_of(session)
    return tuple(flat(pdf_text(materials.render(data, name))) for name in ("summary", "handout"))


@pytest.mark.django_db
def test_four_against_four_from_one_distribution_is_no_finding():
    rng = random.Random(8)
    draw = lambda: [(rng.uniform(-0.2, 0.8), rng.uniform(-0.1, 0.9)) for _ in range(4)]  # noqa: E731
    summary, handout = texts(session_with({Role.ARTIST: draw(), Role.COMMUNITY_WORKER: draw()}))
    assert "Te weinig kunstenaars of opbouwwerkers plaatsten deze kaart" in summary
    assert "Bij geen enkele kaart waren er genoeg kunstenaars en opbouwwerkers" in summary
    assert "te weinig" in summary[summary.index("Kunstenaars en opbouwwerkers vergeleken") :]
    # The comparison chart draws no line that would read as a difference.
    assert "Geen kaart toont een duidelijk verschil, dus de grafiek tekent er geen" in summary
    for text in (summary, handout):
        assert "verschillen op" not in text and "meer richting" not in text


@pytest.mark.django_db
def test_a_large_real_difference_is_stated_with_its_direction_and_how_sure_it_is():
    groups = {Role.ARTIST: around(0.6, 0.2, 10), Role.COMMUNITY_WORKER: around(-0.4, 0.2, 10)}
    summary, handout = texts(session_with(groups))
    said = (
        "Kunstenaars en opbouwwerkers verschillen op Hulpverlening–Activering: kunstenaars"
        " richting Activering (+60) en opbouwwerkers richting Hulpverlening (−40). Toeval alleen"
        " geeft zo’n groot verschil tussen groepen van deze grootte minder dan één op de 1000 keer."
    )
    assert summary.count(said) == 2  # each card's page
    everywhere = (
        "Kunstenaars en opbouwwerkers verschillen meer dan toeval bij alle 2 kaarten die beide"
        " groepen plaatsten (minstens 5 van elk)"
    )
    assert everywhere in summary and everywhere in handout  # In short, in both
    assert "duidelijk" in summary[summary.index("Kunstenaars en opbouwwerkers vergeleken") :]


@pytest.mark.django_db
def test_two_groups_both_collectief_are_said_to_be_both_collectief():
    groups = {Role.ARTIST: around(0.1, 0.5, 8), Role.COMMUNITY_WORKER: around(0.1, 0.84, 8)}
    summary, _handout = texts(session_with(groups))
    assert (
        "op Individueel–Collectief: beide groepen richting Collectief, kunstenaars minder ver"
        " (+50 tegen +84)" in summary
    )
    assert "richting Individueel" not in summary
