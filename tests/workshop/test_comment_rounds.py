"""Every round's comments stay reachable: moderation, the featured mark and the
spotlight work on an earlier round's comment as on the current one."""

import pytest

from tests.helpers import as_sent, session_cookie_for
from tests.workshop.test_live_actions import applied
from workshop.live import protocol as p
from workshop.live.actions import Command
from workshop.live.snapshots import screen_snapshot, session_state
from workshop.models import Participant, Placement, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def control(session, alice):
    login = session_cookie_for(alice).split("=", 1)[1]
    return lambda message: Command(session.pk, message, user_id=alice.pk, auth_key=login)


@pytest.fixture
def two_rounds(session):
    """A card in round 2; bea commented in round 1 and placed again without a comment."""
    card = session.cards.filter(is_open=True).first()
    bea = Participant.objects.create(session=session, role="bewoner")
    Placement.objects.create(participant=bea, card=card, round=1, x=0.1, y=0.2, comment="Eerst")
    card.start_round()
    Placement.objects.create(participant=bea, card=card, round=2, x=0.3, y=0.4, comment="")
    return card, bea


def test_an_earlier_rounds_comment_is_hidden_and_the_control_page_told(control, two_rounds):
    card, bea = two_rounds
    message = p.HideComment(id="h1", card=card.pk, participant=bea.pk, hidden=True, round=1)
    work, outcome = applied(control(message))
    assert outcome.error is None
    assert Placement.objects.get(card=card, round=1).comment_hidden
    assert not Placement.objects.get(card=card, round=2).comment_hidden
    [change] = as_sent(work.changes[card.session_id])
    assert change["kind"] == "earlier_comment" and change["round"] == 1 and change["hidden"]


def test_a_comment_is_featured_and_unfeatured_in_any_round(control, two_rounds):
    card, bea = two_rounds
    applied(
        control(p.FeatureComment(id="f1", card=card.pk, participant=bea.pk, featured=True, round=1))
    )
    assert Placement.objects.get(card=card, round=1).comment_featured
    applied(
        control(
            p.FeatureComment(id="f2", card=card.pk, participant=bea.pk, featured=False, round=1)
        )
    )
    assert not Placement.objects.get(card=card, round=1).comment_featured
    applied(control(p.FeatureComment(id="f3", card=card.pk, participant=bea.pk, featured=True)))
    assert Placement.objects.get(card=card, round=2).comment_featured  # no round: the current one


def test_the_spotlight_shows_an_earlier_rounds_comment_not_todays(control, session, two_rounds):
    card, bea = two_rounds
    applied(control(p.Spotlight(id="s1", card=card.pk, participant=bea.pk, round=1)))
    spot = session_state(Session.objects.get(pk=session.pk))["spotlight"]
    assert spot == {"card": card.pk, "participant": bea.pk, "comment": "Eerst", "round": 1}
    applied(control(p.HideComment(id="h2", card=card.pk, participant=bea.pk, hidden=True, round=1)))
    spot = session_state(Session.objects.get(pk=session.pk))["spotlight"]
    assert spot["comment"] == "", "a hidden comment never reaches the projector"


def test_only_the_control_snapshot_carries_the_earlier_comments(session, two_rounds):
    card, bea = two_rounds
    control = as_sent(screen_snapshot(session.pk, for_control=True))
    assert control["earlier_comments"] == {
        str(card.pk): [{"round": 1, "participant": bea.pk, "comment": "Eerst", "hidden": False,
                        "featured": False, "role": "bewoner", "source": "phone"}]
    }  # fmt: skip
    assert "earlier_comments" not in as_sent(screen_snapshot(session.pk))
