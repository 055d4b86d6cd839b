"""Nobody identifiable on the live screens (workshop/participation.py's rule,
docs/privacy.md), in real Chromium on a real Daphne: the projector's spotlight
and role view, the control page's comments and discussion starter, the
phones' results page. Rooms built so the answer is known: one artist among
five community workers; four artists with one community worker and one resident."""

import pytest

from tests.browser.room_helpers import shot
from tests.browser.test_toolkit_live import control_page, open_cards, projector_page
from workshop.models import Card, Participant, Placement, PlacementEvent, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE_WORDS = ["kunstenaar", "opbouwwerker", "bewoner", "beleidsmaker", "geen rol", "anders"]


def person(session, card, role, x, y, comment=""):
    someone = Participant.objects.create(session=session, role=role)
    Placement.objects.create(participant=someone, card=card, x=x, y=y, comment=comment)
    PlacementEvent.objects.create(
        participant=someone, card=card, kind="place", x=x, y=y, client_id=f"p{someone.pk}"
    )
    return someone


def lone_artist(session) -> tuple[Card, Participant]:
    """One artist (with a comment) and five community workers on the first open card."""
    card = open_cards(session)[0]
    Card.objects.filter(pk=card.pk).update(revealed=True)
    artist = person(session, card, "kunstenaar", 0.8, -0.8, "Alleen ik zie het zo.")
    for i in range(5):
        person(session, card, "opbouwwerker", -0.5 + 0.1 * i, 0.6, f"Samen doen {i}")
    return card, artist


def test_the_projector_never_shows_a_lone_artists_role(new_page, session, alice):
    card, artist = lone_artist(session)
    Session.objects.filter(pk=session.pk).update(spotlight_card=card, spotlight_participant=artist)
    screen = projector_page(new_page, alice, session)
    screen.locator("#ak-spotlight-comment-text", has_text="Alleen ik zie het zo.").wait_for()
    # "Niemand ziet wie jij bent": no role under the quote (it said "kunstenaar").
    assert screen.locator("#ak-spotlight-comment-role").inner_text() == ""

    Session.objects.filter(pk=session.pk).update(spotlight_card=None, spotlight_participant=None)
    screen.reload()
    screen.locator("#ak-screen[data-ready]").wait_for()
    screen.keyboard.press("r")
    screen.locator("#ak-role-panel").wait_for(state="visible")
    assert screen.locator("#ak-screen-grid .ak-dot").count() == 6
    assert screen.locator("#ak-screen-grid .ak-dot[class*=ak-role-]").count() == 0
    assert screen.locator("#ak-screen-grid .ak-role-mean").count() == 0
    legend = screen.locator("#ak-role-legend").inner_text()
    assert legend == "Rollen niet getoond bij deze kaart: te weinig mensen in een rol."
    shot(screen, "privacy-role-view-lone-artist")


def test_two_who_chose_a_role_are_not_shown_as_geen_rol(new_page, session, alice):
    """Four artists, one community worker and one resident: the two were merged
    into "geen rol (2)" (a group of two, named wrongly); no role is shown now."""
    card = open_cards(session)[0]
    Card.objects.filter(pk=card.pk).update(revealed=True)
    for i in range(4):
        person(session, card, "kunstenaar", 0.5 + 0.1 * i, 0.5)
    person(session, card, "opbouwwerker", -0.6, -0.6)
    person(session, card, "bewoner", -0.5, -0.7)
    screen = projector_page(new_page, alice, session)
    screen.keyboard.press("r")
    screen.locator("#ak-role-panel").wait_for(state="visible")
    legend = screen.locator("#ak-role-legend").inner_text()
    assert legend == "Rollen niet getoond bij deze kaart: te weinig mensen in een rol."
    assert screen.locator("#ak-screen-grid .ak-dot[class*=ak-role-]").count() == 0


def test_the_control_page_shows_no_lone_role_and_starts_no_talk_about_roles(
    new_page, session, alice
):
    card, _artist = lone_artist(session)
    control = control_page(new_page, alice, session)
    control.locator(f'.ak-card-pick[data-card="{card.pk}"]').click()
    comment = control.locator(".ak-comment", has_text="Alleen ik zie het zo.")
    comment.wait_for()
    meta = comment.locator(".ak-comment-meta").inner_text()
    assert not any(word in meta for word in ROLE_WORDS), meta
    control.locator("#ak-starter-list li").first.wait_for()
    starter = control.locator("#ak-starter-list").inner_text()
    assert "Kunstenaars en opbouwwerkers" not in starter


def test_the_results_page_shows_no_role(new_page, session):
    lone_artist(session)
    Session.objects.filter(pk=session.pk).update(state=Session.State.CLOSED)
    phone = new_page(viewport={"width": 375, "height": 667})
    phone.goto(f"/j/{session.join_code}/")
    phone.locator(".ak-result-card").first.wait_for()
    text = phone.locator("main").inner_text().lower()
    assert not any(word in text for word in ROLE_WORDS), text
