"""Screenshots of every screen, to look at: `python -m tests.browser.screenshots --all`
(or `ASSENKRUIS_SCREENSHOTS=1 pytest tests/browser/test_screenshots.py`).

Writes PNGs to var/screenshots/. Skipped unless asked for: it checks nothing
a person would not see better by opening the files.
"""

import os
import random
from pathlib import Path

import pytest

from tests.browser.conftest import PHONE, grid_point, wait_for
from tests.browser.test_toolkit_pages import deck_run_twice
from workshop.demo import add_round
from workshop.models import Card, Placement, Session

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("ASSENKRUIS_SCREENSHOTS") != "1", reason="set ASSENKRUIS_SCREENSHOTS=1"
    ),
]

OUT = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page, name: str, full_page: bool = False) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    page.wait_for_timeout(300)  # let a frame of live updates settle
    page.screenshot(path=str(path), full_page=full_page)
    return path


def test_screenshots(new_page, session, alice):
    cards = list(session.cards.order_by("position", "id"))
    add_round(session, participants=17, cards=cards[:3], rng=random.Random(3))
    Card.objects.filter(pk=cards[0].pk).update(revealed=True, agreed_x=-0.6, agreed_y=-0.5)
    Card.objects.filter(pk=cards[1].pk).update(revealed=True)

    phone = new_page(**PHONE)
    phone.goto("/")
    shot(phone, "phone-1-home")
    phone.fill("#id_code", "xxxx")
    phone.get_by_role("button", name="Meedoen").click()
    shot(phone, "phone-2-home-error")

    phone.goto(f"/j/{session.join_code}/")
    phone.get_by_role("button", name="Overslaan").wait_for()
    shot(phone, "phone-3-role")
    phone.get_by_role("button", name="Kunstenaar / kunstvakdocent").click()
    phone.locator(".ak-chip").first.wait_for()
    shot(phone, "phone-4-place")

    chip = phone.locator(f'.ak-chip[data-card="{cards[2].pk}"]')
    chip.scroll_into_view_if_needed()
    box = chip.bounding_box()
    phone.mouse.move(box["x"] + 40, box["y"] + box["height"] / 2)
    phone.mouse.down()
    phone.mouse.move(*grid_point(phone, "#ak-grid", 0.4, 0.6), steps=8)
    shot(phone, "phone-5-dragging")
    phone.mouse.up()
    wait_for(lambda: Placement.objects.filter(card=cards[2]).count() == 18)
    shot(phone, "phone-6-placed")
    shot(phone, "phone-6-placed-full", full_page=True)

    phone.locator(f'.ak-chip[data-card="{cards[0].pk}"]').click()
    phone.locator("#ak-detail-result").wait_for(state="visible")
    shot(phone, "phone-7-revealed", full_page=True)

    projector = new_page(alice, viewport={"width": 1920, "height": 1080})
    projector.goto(f"/facilitator/sessions/{session.pk}/screen/")
    projector.locator("#ak-screen[data-ready]").wait_for()
    shot(projector, "projector-1920")

    small = new_page(alice, viewport={"width": 1280, "height": 720})
    small.goto(f"/facilitator/sessions/{session.pk}/screen/")
    small.locator("#ak-screen[data-ready]").wait_for()
    shot(small, "projector-1280")

    control = new_page(alice, viewport={"width": 1366, "height": 768})
    control.goto(f"/facilitator/sessions/{session.pk}/")
    control.locator(".ak-card-row").first.wait_for()
    shot(control, "control-1366")
    shot(control, "control-1366-full", full_page=True)

    control_en = new_page(alice, locale="en-GB", viewport={"width": 1366, "height": 768})
    control_en.goto(f"/facilitator/sessions/{session.pk}/")
    control_en.locator(".ak-card-row").first.wait_for()
    shot(control_en, "control-1366-english")

    control.goto("/facilitator/")
    shot(control, "dashboard-1366")
    control.goto(f"/facilitator/sessions/{session.pk}/edit/")
    shot(control, "edit-1366", full_page=True)
    control.goto("/facilitator/library/")
    shot(control, "library-1366")

    login = new_page(**PHONE)
    login.goto("/accounts/login/")
    shot(login, "phone-login")

    draft = Session.create_from_library(alice, title="Nog niet open")
    waiting = new_page(**PHONE)
    waiting.goto(f"/j/{draft.join_code}/")
    waiting.locator("#ak-step-wait").wait_for()
    shot(waiting, "phone-8-draft")
    Session.objects.filter(pk=session.pk).update(state=Session.State.CLOSED)
    closed = new_page(**PHONE)
    closed.goto(f"/j/{session.join_code}/")
    # A closed session's link shows the room's results (workshop/pages/phone.py).
    closed.locator(".ak-result-card").first.wait_for()
    shot(closed, "phone-9-closed-results", full_page=True)

    english = new_page(locale="en-GB", **PHONE)
    english.goto(f"/j/{draft.join_code}/")
    english.locator("#ak-step-wait").wait_for()
    shot(english, "phone-10-english-draft")

    # A card in its third round: the control page lists the two before it.
    Card.objects.filter(pk=cards[1].pk).update(round=3)
    control.goto(f"/facilitator/sessions/{session.pk}/")
    control.locator(f'button[data-card="{cards[1].pk}"][data-action="select"]').click()
    control.locator("#ak-rounds").wait_for(state="visible")
    control.locator("#ak-rounds").scroll_into_view_if_needed()
    shot(control, "control-1366-earlier-rounds")

    # A deck run twice, compared on a phone and on a laptop.
    deck = deck_run_twice(session, alice)
    for name, viewport in [("375", (375, 812)), ("1024", (1024, 768)), ("1366", (1366, 768))]:
        page = new_page(alice, viewport={"width": viewport[0], "height": viewport[1]})
        page.goto(f"/facilitator/decks/{deck.pk}/compare/")
        shot(page, f"deck-compare-{name}")
        shot(page, f"deck-compare-{name}-full", full_page=True)
    page.goto(f"/facilitator/decks/{deck.pk}/")
    shot(page, "deck-1366")
    page.goto(f"/facilitator/decks/{deck.pk}/delete/")
    shot(page, "deck-delete-1366")
    phone = new_page(alice, **PHONE)
    phone.goto(f"/facilitator/decks/{deck.pk}/rename/")
    shot(phone, "deck-rename-phone")
