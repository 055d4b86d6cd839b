"""Every page in a real browser with the longest texts the forms allow: no console
error and no Content-Security-Policy report (the page's own CSP refused an
inline style on every grid before), and the dashboard's names and printing."""

import pytest

from tests.browser.conftest import PHONE, join_and_skip_role
from tests.browser.room_helpers import longest_texts
from tests.browser.test_toolkit_pages import deck_run_twice
from workshop.models import Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Listens before any page script runs; a CSP report is also a console error,
# which the js_errors fixture of every browser test fails on.
CSP_WATCH = """
window.akCsp = [];
document.addEventListener('securitypolicyviolation',
    (e) => window.akCsp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def visit(page, url: str, ready: str) -> list[str]:
    page.goto(url)
    page.locator(ready).first.wait_for(state="attached")
    page.wait_for_timeout(300)  # late scripts: the grid's labels, the live socket
    return page.evaluate("window.akCsp")


def test_no_page_reports_a_console_error_or_a_csp_violation(new_page, session, alice, js_errors):
    longest_texts(session)
    deck = deck_run_twice(session, alice)
    facilitator = new_page(alice, viewport={"width": 1366, "height": 768})
    facilitator.add_init_script(CSP_WATCH)
    pages = {
        "/facilitator/": "h1",
        "/facilitator/library/": "h1",
        "/facilitator/decks/": "h1",
        f"/facilitator/decks/{deck.pk}/": "h1",
        f"/facilitator/decks/{deck.pk}/compare/": "h1",
        "/facilitator/sessions/new/": "h1",
        f"/facilitator/sessions/{session.pk}/edit/": "h1",
        f"/facilitator/sessions/{session.pk}/": "#ak-now-actions button",
        f"/facilitator/sessions/{session.pk}/screen/": "#ak-screen[data-ready]",
        f"/facilitator/sessions/{session.pk}/facilitators/": "h1",
    }
    reports = {url: visit(facilitator, url, ready) for url, ready in pages.items()}

    phone = new_page(**PHONE)
    phone.add_init_script(CSP_WATCH)
    reports["/"] = visit(phone, "/", "h1")
    reports["/accounts/login/"] = visit(phone, "/accounts/login/", "h1")
    join_and_skip_role(phone, session)
    reports["join"] = phone.evaluate("window.akCsp")
    Session.objects.filter(pk=session.pk).update(state=Session.State.CLOSED)
    reports["results"] = visit(phone, f"/j/{session.join_code}/", "h1")

    assert not {url: r for url, r in reports.items() if r}, reports
    assert not js_errors, js_errors


def test_the_quadrant_names_never_overlap_on_any_grid(new_page, session, alice):
    longest_texts(session)
    checks = [
        (
            new_page(alice, viewport={"width": 1280, "height": 720}),
            f"/facilitator/sessions/{session.pk}/screen/",
            "#ak-screen-grid",
        ),
        (
            new_page(alice, viewport={"width": 1366, "height": 768}),
            f"/facilitator/sessions/{session.pk}/",
            "#ak-control-grid",
        ),
        (new_page(**PHONE), f"/j/{session.join_code}/", "#ak-grid"),
    ]
    for page, url, grid in checks:
        page.goto(url)
        if grid == "#ak-grid":
            page.get_by_role("button", name="Overslaan").click()
        page.locator(f"{grid} text.ak-quadrant tspan").first.wait_for(state="attached")
        boxes = page.eval_on_selector_all(
            f"{grid} text.ak-quadrant", "els => els.map(e => e.getBoundingClientRect().toJSON())"
        )
        assert len(boxes) == 4, (url, boxes)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = (a["right"] <= b["left"] or b["right"] <= a["left"]
                         or a["bottom"] <= b["top"] or b["bottom"] <= a["top"])  # fmt: skip
                assert apart, (url, a, b)
        plot = page.eval_on_selector(
            f"{grid} rect.ak-plot", "e => e.getBoundingClientRect().toJSON()"
        )
        for box in boxes:  # inside the plot: a name is never cut off by the grid's edge
            assert plot["left"] - 1 <= box["left"] and box["right"] <= plot["right"] + 1, (url, box)


def test_the_dashboard_names_the_two_places_for_cards_and_prints_per_session(
    new_page, session, alice
):
    page = new_page(alice, viewport={"width": 1366, "height": 768})
    page.goto("/facilitator/")
    places = page.locator(".ak-card-place")
    assert places.count() == 2
    assert (
        "Kaartenbank" in places.nth(0).inner_text() and "Kaartensets" in places.nth(1).inner_text()
    )
    assert page.get_by_role("link", name="Kaartenbank bewerken").count() == 0
    item = page.locator(".ak-session-item", has_text=session.title)
    item.get_by_text("Printen…").click()
    panel = item.locator(".ak-print-panel")
    panel.wait_for()
    assert panel.get_by_role("link").count() >= 5
    assert all(
        f"/sessions/{session.pk}/print/" in href
        for href in panel.get_by_role("link").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
    )
