"""axe-core scans of the pages people use in a workshop: no serious or critical violations."""

import pytest

from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


def all_violations(page) -> list[str]:
    """Every axe violation, minor ones too: the projector and the control page are axe clean."""
    from axe_playwright_python.sync_playwright import Axe

    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in Axe().run(page).response["violations"]
    ]


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
    screen.locator("#ak-screen[data-ready]").wait_for()
    assert blocking_violations(screen) == []


def test_the_control_page_has_no_serious_accessibility_problems(new_page, session, alice):
    control = new_page(alice, viewport={"width": 1366, "height": 768})
    control.goto(f"/facilitator/sessions/{session.pk}/")
    control.wait_for_load_state("networkidle")
    assert blocking_violations(control) == []


def test_the_projector_views_have_no_serious_accessibility_problems(new_page, session, alice):
    """Role view, spotlight and replay are hidden until used: scan each one shown."""
    import random

    from workshop.demo import add_round
    from workshop.models import Card, Placement, Session

    cards = list(session.cards.order_by("position", "id"))
    add_round(session, participants=6, cards=cards[:2], rng=random.Random(1))
    Card.objects.filter(pk=cards[0].pk).update(revealed=True)
    Placement.objects.filter(card=cards[0]).update(comment="Kans: de bieb")
    screen = new_page(alice, viewport={"width": 1920, "height": 1080})
    screen.goto(f"/facilitator/sessions/{session.pk}/screen/")
    screen.locator("#ak-screen[data-ready]").wait_for()
    screen.keyboard.press("r")
    screen.locator("#ak-role-legend li").first.wait_for()
    assert blocking_violations(screen) == []

    screen.keyboard.press("r")
    screen.keyboard.press("p")
    screen.locator("#ak-replay").wait_for(state="visible")
    assert blocking_violations(screen) == []
    screen.keyboard.press("Escape")

    person = Placement.objects.filter(card=cards[0]).first().participant_id
    Session.objects.filter(pk=session.pk).update(
        spotlight_card=cards[0], spotlight_participant=person
    )
    screen.reload()
    screen.locator("#ak-spotlight-comment").wait_for()
    assert blocking_violations(screen) == []


def test_the_control_page_with_comments_has_no_serious_accessibility_problems(
    new_page, session, alice
):
    import random

    from workshop.demo import add_round
    from workshop.models import Placement

    card = session.cards.filter(is_open=True).order_by("position", "id").first()
    add_round(session, participants=4, cards=[card], rng=random.Random(2))
    Placement.objects.filter(card=card).update(comment="Kans: de bieb")
    Placement.objects.filter(pk=Placement.objects.filter(card=card).first().pk).update(
        comment_hidden=True
    )
    control = new_page(alice, viewport={"width": 1366, "height": 768})
    control.goto(f"/facilitator/sessions/{session.pk}/")
    control.locator(f'.ak-card-pick[data-card="{card.pk}"]').click()
    control.locator(".ak-comment-hidden").wait_for()
    assert blocking_violations(control) == []


def test_the_scan_does_find_a_real_problem(new_page, session):
    """The scans above could pass by scanning nothing: show they catch a missing alt text."""
    phone = new_page(**PHONE)
    phone.goto(f"/j/{session.join_code}/")
    phone.evaluate("document.body.appendChild(document.createElement('img'))")
    assert any(v.startswith("image-alt") for v in blocking_violations(phone))
