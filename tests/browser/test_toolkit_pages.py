"""The toolkit's pages in a real browser: the deck comparison on a phone and a laptop."""

import datetime
import random

import pytest

from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import blocking_violations
from workshop.demo import add_round
from workshop.models import Deck, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def deck_run_twice(session: Session, user) -> Deck:
    """`session`'s cards as a deck, run again (long titles, dates and places), placed in both."""
    deck = session.save_as_deck(user, "Kunst in de wijk, voorjaarsreeks")
    Session.objects.filter(pk=session.pk).update(deck=deck, date=datetime.date(2026, 3, 12))
    again = Session.create_from_deck(
        user,
        deck,
        title="Kunst in de wijk, tweede avond met bewoners en sociaal werkers",
        place="Wijkcentrum Oost, grote zaal",
        date=datetime.date(2026, 4, 9),
    )
    add_round(session, participants=6, cards=list(session.cards.all()[:2]), rng=random.Random(1))
    add_round(again, participants=4, cards=list(again.cards.all()[:1]), rng=random.Random(2))
    return deck


@pytest.fixture
def compared_deck(session, alice):
    return deck_run_twice(session, alice)


def comparison(new_page, alice, deck, **options):
    page = new_page(alice, **options)
    page.goto(f"/facilitator/decks/{deck.pk}/compare/")
    page.locator(".ak-compare-table").first.wait_for()
    return page


def accessible_roles(page) -> list[str]:
    """Roles in Chromium's own accessibility tree (what a screen reader is given)."""
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    return [n["role"]["value"] for n in nodes if not n.get("ignored") and "role" in n]


def test_the_deck_comparison_fits_a_phone_without_sideways_scrolling(
    new_page, alice, compared_deck
):
    page = comparison(
        new_page, alice, compared_deck, **{**PHONE, "viewport": {"width": 375, "height": 812}}
    )

    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth,"
        " Math.max(...[...document.querySelectorAll('.ak-table-wrap')].map((w) => w.scrollWidth - w.clientWidth))]"
    )
    assert widths[0] <= widths[1] == 375, f"page {widths[0]} px wide on a 375 px screen"
    assert widths[2] <= 0, "a table still scrolls sideways inside its box"

    # Stacked: a row's date sits under the session's name, labelled, not beside it.
    row = page.locator(".ak-compare-table tbody tr").first
    name = row.locator("th").bounding_box()
    date = row.locator("td").first.bounding_box()
    assert date["y"] >= name["y"] + name["height"] - 1
    assert (
        row.locator("td").first.evaluate("td => getComputedStyle(td, '::before').content") != "none"
    )
    assert page.locator(".ak-compare-table thead").first.bounding_box()["height"] <= 1


def test_the_stacked_comparison_is_still_a_table_for_screen_readers(new_page, alice, compared_deck):
    page = comparison(new_page, alice, compared_deck, **PHONE)
    roles = accessible_roles(page)
    cards = 2  # the cards placed in either session; the others get no table
    assert roles.count("table") == cards
    assert roles.count("columnheader") == 7 * cards
    assert roles.count("rowheader") == 2 * cards
    assert "cell" in roles or "gridcell" in roles
    assert blocking_violations(page) == []


def test_the_deck_comparison_is_a_plain_table_on_a_laptop(new_page, alice, compared_deck):
    page = comparison(new_page, alice, compared_deck, viewport={"width": 1366, "height": 768})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1366
    header = page.locator(".ak-compare-table thead").first
    assert header.is_visible() and header.bounding_box()["height"] > 20
    row = page.locator(".ak-compare-table tbody tr").first
    name = row.locator("th").bounding_box()
    date = row.locator("td").first.bounding_box()
    assert abs(date["y"] - name["y"]) < 2, "cells side by side on one line"


def test_a_session_with_other_axes_is_compared_on_its_own_grid(new_page, alice, session):
    deck = deck_run_twice(session, alice)
    again = deck.sessions.exclude(pk=session.pk).get()
    Session.objects.filter(pk=again.pk).update(quadrant_bottom_left="Samen zorgen", x_from="Zorg")
    Session.create_from_deck(alice, deck, title="Nog niet gespeeld")

    page = comparison(new_page, alice, deck, viewport={"width": 1366, "height": 768})

    first = page.locator(".ak-compare-card").first
    charts = first.locator("img.ak-compare-chart")
    assert charts.count() == 2  # the first card was placed in both sessions
    assert charts.evaluate_all("imgs => imgs.every((img) => img.complete && img.naturalWidth > 0)")
    assert first.locator("figcaption").all_inner_texts() == ["Sessie 1", "Sessie 2"]
    assert page.get_by_text("Niet elke sessie had dezelfde assen").is_visible()
    assert page.get_by_text("Nog niet gespeeld, dus niet vergeleken:").is_visible()
    assert page.locator(".ak-compare-card").count() == 2  # only the cards that were placed
    assert page.get_by_role("heading", name="Kaarten die geen sessie plaatste").is_visible()
    assert blocking_violations(page) == []
