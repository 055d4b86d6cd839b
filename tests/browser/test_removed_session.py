"""A session whose participant data retention removed, as a person sees it: the
phone's results page and the control page say so in words, in view, and claim
nothing about placements that are gone (workshop/retention.py); the control page
offers no button to open it again."""

from pathlib import Path

import pytest
from django.utils import timezone

from tests.helpers import place
from workshop import retention
from workshop.models import Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "removed"
REMOVED = "De antwoorden van de deelnemers zijn op"


@pytest.fixture
def removed(session, settings) -> Session:
    settings.RETENTION_KEEP = "results"
    for card in session.cards.all()[:3]:
        place(session, card, 0.4, 0.3, role="artist", comment="mooi")
    session.state = Session.State.CLOSED
    session.save()
    retention.remove_participant_data(session.pk, timezone.now())
    return session


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width,height", [(320, 568), (375, 667), (667, 375)])
def test_the_phones_results_page_says_the_answers_were_removed(new_page, removed, width, height):
    phone = new_page(viewport={"width": width, "height": height}, is_mobile=True, has_touch=True)
    phone.goto(f"/j/{removed.join_code}/")
    notice = phone.locator(".ak-removed")
    notice.wait_for(state="visible")
    assert notice.inner_text().startswith(REMOVED)
    assert notice.bounding_box()["y"] < height  # the first thing read, without scrolling
    body = phone.locator("main").inner_text()
    assert "Niemand heeft deze kaart geplaatst" not in body
    assert "mensen deden mee" not in body
    assert phone.locator(".ak-result-card").count() == 0
    assert no_sideways_scroll(phone)
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / f"phone-results-{width}x{height}.png"), full_page=True)


def test_the_control_page_says_the_answers_were_removed(new_page, removed, alice):
    page = new_page(alice, viewport={"width": 1280, "height": 720})
    page.goto(f"/facilitator/sessions/{removed.pk}/")
    notice = page.locator(".ak-removed")
    notice.wait_for(state="visible")
    assert notice.inner_text().startswith(REMOVED)
    assert "het printmateriaal en de exports" in notice.inner_text()
    assert "De sessie kan niet meer open" in notice.inner_text()
    assert page.locator("#ak-session-toggle").is_hidden()  # the server refuses it too (2007)
    assert no_sideways_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "control-1280x720.png"))
