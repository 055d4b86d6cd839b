"""Edits on the edit page reach every open live page within a second, and the
deletion of a session reaches its phones: real Chromium against a real Daphne."""

import time

import pytest

from tests.browser.conftest import PHONE, join_and_skip_role, place_with_keys
from workshop.models import Placement

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.django_db(transaction=True)]

WITHIN = 1.0  # seconds after the edit page's answer


def within(pages_and_checks, seconds: float, what: str) -> None:
    """Poll each page's check until all hold; fail if that takes longer than `seconds`."""
    deadline = time.monotonic() + seconds
    waiting = list(pages_and_checks)
    while waiting:
        waiting = [(name, page, check) for name, page, check in waiting if not check(page)]
        if waiting and time.monotonic() > deadline:
            pytest.fail(f"{what} not on {[name for name, _, _ in waiting]} within {seconds} s")
        if waiting:
            waiting[0][1].wait_for_timeout(50)


def grid_text(page, grid: str, key: str) -> str:
    return page.eval_on_selector_all(
        f'#{grid} text[data-axis="{key}"]', "texts => texts.map(t => t.textContent).join(' ')"
    )


def labelled(grid: str):
    return lambda page: (
        "Samen zorgen" in grid_text(page, grid, "top_left")
        and "Zorg" in grid_text(page, grid, "x_from")
    )


def test_an_edit_reaches_open_phones_projectors_and_control_pages_and_keeps_placements(
    new_page, session, alice
):
    first, second, third = list(session.cards.filter(is_open=True))
    phone = new_page(**PHONE)
    join_and_skip_role(phone, session)
    place_with_keys(phone, first)
    phone.locator(f'.ak-chip-placed[data-card="{first.pk}"]').wait_for()
    projector = new_page(alice, viewport={"width": 1280, "height": 720})
    projector.goto(f"/facilitator/sessions/{session.pk}/screen/")
    control = new_page(alice, viewport={"width": 1280, "height": 800})
    control.goto(f"/facilitator/sessions/{session.pk}/")
    control.locator("#ak-card-rows").get_by_text(third.title).first.wait_for()
    for page in (projector, control):
        page.locator("#ak-status").wait_for(state="hidden")  # connected

    editor = new_page(alice, viewport={"width": 1280, "height": 800})
    editor.goto(f"/facilitator/sessions/{session.pk}/edit/")
    editor.fill('[name="x_from"]', "Zorg")
    editor.fill('[name="quadrant_top_left"]', "Samen zorgen")
    rows = session.cards.count()
    index = list(session.cards.values_list("pk", flat=True)).index(third.pk)
    editor.check(f'[name="cards-{index}-DELETE"]')
    renamed = list(session.cards.values_list("pk", flat=True)).index(second.pk)
    editor.fill(f'[name="cards-{renamed}-title"]', "Samen koken")
    editor.fill(f'[name="cards-{rows}-title"]', "Buurtmoestuin")
    editor.get_by_role("button", name="Opslaan").click()
    editor.wait_for_url(f"**/facilitator/sessions/{session.pk}/")

    within(
        [
            ("phone", phone, labelled("ak-grid")),
            ("projector", projector, labelled("ak-screen-grid")),
            ("control", control, labelled("ak-control-grid")),
            ("phone", phone, lambda p: p.locator(f'.ak-chip[data-card="{third.pk}"]').count() == 0),
            (
                "control",
                control,
                lambda p: "Buurtmoestuin" in p.locator("#ak-card-rows").inner_text(),
            ),
            (
                "control",
                control,
                lambda p: third.title not in p.locator("#ak-card-rows").inner_text(),
            ),
            (
                "phone",
                phone,
                lambda p: (
                    "Samen koken" in p.locator(f'.ak-chip[data-card="{second.pk}"]').inner_text()
                ),
            ),
            (
                "control",
                control,
                lambda p: "Samen koken" in p.locator("#ak-card-rows").inner_text(),
            ),
        ],
        WITHIN,
        "the edit",
    )
    # Nobody's placement is lost: stored, and on the phone.
    assert Placement.objects.filter(card=first).count() == 1
    assert phone.locator(f'.ak-chip-placed[data-card="{first.pk}"]').count() == 1
    assert phone.locator("#ak-grid .ak-dot-own").count() == 1
    assert second.pk in [c.pk for c in session.cards.all()]
    for page, name in ((phone, "phone"), (projector, "projector"), (control, "control")):
        page.screenshot(path=f"var/live-edit-{name}.png")


def test_a_phone_says_its_session_has_ended_when_the_facilitator_deletes_it(
    new_page, session, alice
):
    phone = new_page(**PHONE)
    join_and_skip_role(phone, session)
    facilitator = new_page(alice)
    facilitator.goto(f"/facilitator/sessions/{session.pk}/delete/")

    facilitator.get_by_role("button", name="Sessie verwijderen").click()
    facilitator.wait_for_url("**/facilitator/")

    gone = phone.locator("#ak-step-gone")
    within([("phone", phone, lambda p: gone.is_visible())], WITHIN, "the end of the session")
    assert "Deze sessie bestaat niet" in gone.inner_text()
