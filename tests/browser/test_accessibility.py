"""axe-core scans of the pages people use in a workshop: no serious or critical violations."""

import pytest

from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


def blocking_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def test_the_join_page_has_no_serious_accessibility_problems(new_page, session):
    phone = new_page(**PHONE)
    phone.goto(f"/j/{session.join_code}/")
    phone.get_by_role("button", name="Overslaan").wait_for()
    assert blocking_violations(phone) == []


def test_the_place_screen_has_no_serious_accessibility_problems(new_page, session):
    phone = new_page(**PHONE)
    phone.goto(f"/j/{session.join_code}/")
    phone.get_by_role("button", name="Overslaan").click()
    phone.locator(".ak-chip").first.wait_for()
    assert blocking_violations(phone) == []


def test_the_projector_has_no_serious_accessibility_problems(new_page, session, alice):
    screen = new_page(alice, viewport={"width": 1280, "height": 720})
    screen.goto(f"/facilitator/sessions/{session.pk}/screen/")
    screen.locator(".ak-screen-card").first.wait_for()
    assert blocking_violations(screen) == []


def test_the_control_page_has_no_serious_accessibility_problems(new_page, session, alice):
    control = new_page(alice, viewport={"width": 1366, "height": 768})
    control.goto(f"/facilitator/sessions/{session.pk}/")
    control.wait_for_load_state("networkidle")
    assert blocking_violations(control) == []


def test_the_scan_does_find_a_real_problem(new_page, session):
    """The scans above could pass by scanning nothing: show they catch a missing alt text."""
    phone = new_page(**PHONE)
    phone.goto(f"/j/{session.join_code}/")
    phone.evaluate("document.body.appendChild(document.createElement('img'))")
    assert any(v.startswith("image-alt") for v in blocking_violations(phone))
