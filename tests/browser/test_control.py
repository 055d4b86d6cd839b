"""The control page as a run of show: actions that stay put, the agreed position
set on the grid, what to discuss next, and everything for afterwards after the close."""

import random

import pytest

from tests.browser.conftest import PHONE, join_and_skip_role, place_with_keys, wait_for
from tests.browser.room_helpers import card_action, crowd, full_room, shot
from tests.browser.test_accessibility import all_violations
from workshop.models import Card, Placement, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def control_page(new_page, alice, session, size=(1366, 768)):
    control = new_page(alice, viewport={"width": size[0], "height": size[1]})
    control.on("dialog", lambda dialog: dialog.accept())
    control.goto(f"/facilitator/sessions/{session.pk}/")
    control.locator("#ak-now-actions button").first.wait_for()
    return control


def boxes(page, selector: str) -> list[tuple[float, float]]:
    return [(round(b["x"]), round(b["y"])) for b in page.eval_on_selector_all(
        selector, "els => els.map(e => e.getBoundingClientRect().toJSON())"
    )]  # fmt: skip


# The discussion starter: the function, on rooms whose answer is known ------


STARTER = """async (room) => {
    const { suggestions } = await import('/static/js/starter.js');
    const placementsOf = (id) => room.placements.filter((p) => p.card === id);
    return suggestions(room.cards, placementsOf, room.history)
        .map((s) => [s.kind, s.card.id]);
}"""


def at(card, points, role=""):
    return [{"card": card, "x": x, "y": y, "role": role} for x, y in points]


def test_the_starter_names_the_most_divided_card(new_page):
    page = new_page()
    page.goto("/")
    tight = at(1, [(0.5, 0.5), (0.52, 0.48), (0.49, 0.51), (0.5, 0.53)])
    wide = at(2, [(-0.9, -0.9), (0.9, 0.9), (-0.9, 0.9), (0.9, -0.9)])
    few = at(3, [(-1, -1), (1, 1)])  # two people: no spread to speak of
    room = {
        "cards": [{"id": 1}, {"id": 2}, {"id": 3}],
        "placements": tight + wide + few,
        "history": {},
    }
    assert page.evaluate(STARTER, room) == [["spread", 2]]


def test_the_starter_calls_no_card_divided_where_the_room_agrees_on_each(new_page):
    """Two tight clusters, one a little wider: the projector says the room agrees on
    both (workshop/lib/findings.py's 'close'), so the starter names neither as divided."""
    page = new_page()
    page.goto("/")
    room = {
        "cards": [{"id": 1}, {"id": 2}],
        "placements": at(1, [(0.5, 0.5), (0.52, 0.48), (0.49, 0.51)])
        + at(2, [(-0.1, 0.1), (0.1, -0.1), (0.15, 0.12), (-0.12, -0.1)]),
        "history": {},
    }
    assert "spread" not in dict(page.evaluate(STARTER, room))
    room["placements"] += at(2, [(0.9, 0.9), (-0.9, -0.9)])  # now card 2 is spread out
    assert page.evaluate(STARTER, room) == [["spread", 2]]


def spread(x, y, n):
    """`n` points around (x, y), a little apart."""
    return [(x + 0.03 * (i % 3 - 1), y + 0.03 * (i % 2)) for i in range(n)]


def test_the_starter_names_the_card_where_the_professions_differ_most(new_page):
    page = new_page()
    page.goto("/")
    apart = at(1, spread(0.7, 0.8, 6), "kunstenaar") + at(1, spread(-0.7, -0.7, 6), "opbouwwerker")
    some = at(2, spread(0.3, 0.3, 6), "kunstenaar") + at(2, spread(0.0, 0.3, 6), "opbouwwerker")
    alike = at(3, spread(0.1, 0.1, 6), "kunstenaar") + at(3, spread(0.1, 0.1, 6), "opbouwwerker")
    room = {"cards": [{"id": 1}, {"id": 2}, {"id": 3}], "placements": apart + some + alike,
            "history": {}}  # fmt: skip
    assert dict(page.evaluate(STARTER, room))["roles"] == 1
    room["placements"] = some + alike
    assert dict(page.evaluate(STARTER, room))["roles"] == 2


def test_the_starter_says_nothing_of_the_professions_where_the_data_cannot(new_page):
    """Two community workers (the room said there were too few), four against
    four, or groups from one distribution: no "Artists and community workers
    differ most on …" (workshop/lib/compare.py's method, in the browser)."""
    page = new_page()
    page.goto("/")
    two = at(1, [(-0.9, -0.9), (-0.8, -0.9)], "opbouwwerker") + at(
        1, spread(0.9, 0.9, 6), "kunstenaar"
    )
    four = at(2, spread(0.8, 0.8, 4), "kunstenaar") + at(2, spread(-0.8, -0.8, 4), "opbouwwerker")
    rng = random.Random(3)
    same = [{"card": 3, "x": rng.uniform(-0.5, 0.5), "y": rng.uniform(-0.5, 0.5), "role": role}
            for role in ["kunstenaar", "opbouwwerker"] * 6]  # fmt: skip
    room = {"cards": [{"id": 1}, {"id": 2}, {"id": 3}], "placements": two + four + same,
            "history": {}}  # fmt: skip
    assert "roles" not in dict(page.evaluate(STARTER, room))


def test_the_starter_names_the_card_that_moved_most_between_rounds(new_page):
    page = new_page()
    page.goto("/")
    now = at(1, [(0.5, 0.5)] * 3) + at(2, [(0.5, 0.5)] * 3)
    history = {
        "1": [{"round": 1, "n": 5, "mean": [0.45, 0.5]}],  # hardly moved
        "2": [{"round": 1, "n": 5, "mean": [-0.6, -0.4]}],  # moved across the grid
    }
    room = {"cards": [{"id": 1}, {"id": 2}], "placements": now, "history": history}
    assert dict(page.evaluate(STARTER, room))["moved"] == 2
    room["history"] = {}
    assert "moved" not in dict(page.evaluate(STARTER, room)), "one round: nothing moved"


def test_one_click_puts_the_suggested_card_on_the_projector(new_page, session, alice):
    calm, divided = list(session.cards.filter(is_open=True).order_by("position", "id")[:2])
    crowd(calm, 6, seed=1)  # around one spot
    for x, y in [(-0.9, -0.9), (0.9, 0.9), (-0.9, 0.9), (0.9, -0.9), (0, 0)]:
        person = session.participants.create(role="")
        Placement.objects.create(participant=person, card=divided, x=x, y=y)
    control = control_page(new_page, alice, session)
    item = control.locator(".ak-starter-spread")
    item.wait_for()
    assert divided.title in item.inner_text()
    screen = new_page(alice, viewport={"width": 1280, "height": 720})
    screen.goto(f"/facilitator/sessions/{session.pk}/screen/")
    screen.locator("#ak-screen[data-ready]").wait_for()

    item.get_by_role("button").click()
    screen.locator("#ak-screen.ak-mode-spotlight").wait_for()
    assert screen.locator("#ak-focus-title").inner_text() == divided.title
    wait_for(lambda: Card.objects.get(pk=divided.pk).revealed, message="not revealed")
    screen.locator("#ak-screen-grid g.ak-dots .ak-dot").nth(4).wait_for(state="attached")


# The run of show -------------------------------------------------------------


def test_the_actions_stay_put_while_people_join_and_the_spotlight_comes_and_goes(
    new_page, session, alice
):
    card = session.cards.filter(is_open=True).order_by("position", "id").last()
    control = control_page(new_page, alice, session)
    before = boxes(control, "#ak-now-actions button, #ak-card-rows > li, #ak-session-toggle")
    phone = new_page(**PHONE)
    join_and_skip_role(phone, session)
    place_with_keys(phone, card)
    control.locator("#ak-participants", has_text="meegedaan: 1").wait_for()
    card_action(control, card, "spotlight")
    control.locator("#ak-spotlight-bar.ak-spotlight-bar-on").wait_for()
    control.locator("#ak-now-actions").hover()
    assert (
        boxes(control, "#ak-now-actions button, #ak-card-rows > li, #ak-session-toggle") == before
    )
    assert control.locator("#ak-now-actions button").count() == 7


def test_each_card_in_the_list_has_its_next_step_one_click_away(new_page, session, alice):
    cards = list(session.cards.order_by("position", "id"))
    control = control_page(new_page, alice, session)
    closed_row = control.locator(f'button[data-card="{cards[5].pk}"][data-row-action="open"]')
    closed_row.click()
    wait_for(lambda: Card.objects.get(pk=cards[5].pk).is_open, message="not opened")
    control.locator(f'button[data-card="{cards[5].pk}"][data-row-action="reveal"]').click()
    wait_for(lambda: Card.objects.get(pk=cards[5].pk).revealed, message="not revealed")
    control.locator(f'button[data-card="{cards[5].pk}"][data-row-action="lock"]').click()
    wait_for(lambda: Card.objects.get(pk=cards[5].pk).locked, message="not locked")
    control.locator(f'button[data-card="{cards[5].pk}"][data-row-action="round"]').click()
    wait_for(lambda: Card.objects.get(pk=cards[5].pk).round == 2, message="no new round")
    # And the card under discussion opens the one after it.
    control.locator(f'.ak-card-pick[data-card="{cards[6].pk}"]').click()
    control.locator('#ak-now-actions button[data-action="open-next"]').click()
    wait_for(lambda: Card.objects.get(pk=cards[7].pk).is_open, message="next not opened")
    control.locator("#ak-detail-title", has_text=cards[7].title).wait_for()


def test_the_agreed_position_is_set_with_the_arrow_keys_and_said_in_words(new_page, session, alice):
    card = session.cards.filter(is_open=True).order_by("position", "id").last()
    control = control_page(new_page, alice, session)
    assert control.locator("#ak-now input[type=number]").count() == 0, "never typed as numbers"
    control.locator("#ak-agreed-pad").focus()
    for _ in range(8):
        control.keyboard.press("ArrowRight")
    for _ in range(6):
        control.keyboard.press("ArrowUp")
    # Each press may be stored on its way (a slow machine sends them one by one):
    # wait for where the fourteen presses end.
    wait_for(
        lambda: (
            Card.objects.get(pk=card.pk).agreed_position == (pytest.approx(0.4), pytest.approx(0.3))
        ),
        message="the agreed position did not reach (0.4, 0.3)",
    )
    control.locator("#ak-agreed-text", has_text="Collectieve activering").wait_for()
    control.keyboard.press("Delete")
    wait_for(lambda: Card.objects.get(pk=card.pk).agreed_position is None, message="not cleared")


def test_dragging_the_diamond_moves_the_agreed_position(new_page, session, alice):
    from tests.browser.conftest import grid_point

    card = session.cards.filter(is_open=True).order_by("position", "id").last()
    Card.objects.filter(pk=card.pk).update(agreed_x=-0.5, agreed_y=-0.5)
    control = control_page(new_page, alice, session)
    control.locator("#ak-control-grid .ak-agreed").wait_for()
    control.mouse.move(*grid_point(control, "#ak-control-grid", -0.5, -0.5))
    control.mouse.down()
    control.mouse.move(*grid_point(control, "#ak-control-grid", 0.6, 0.5), steps=8)
    control.mouse.up()
    wait_for(
        lambda: (
            Card.objects.get(pk=card.pk).agreed_position
            == (pytest.approx(0.6, abs=0.03), pytest.approx(0.5, abs=0.03))
        ),
        message="the drag did not move the agreed position",
    )


def test_after_the_close_everything_for_afterwards_comes_first(new_page, session, alice):
    Session.objects.filter(pk=session.pk).update(state=Session.State.CLOSED)
    control = control_page(new_page, alice, session)
    after = control.locator("#ak-after")
    after.get_by_role("link", name="Uitkomstpagina voor deelnemers").wait_for()
    assert after.locator(
        f'a[href^="/facilitator/sessions/{session.pk}/export.csv"]'
    ).first.is_visible()
    assert after.locator("a.ak-button").count() >= 4
    assert after.bounding_box()["y"] < control.locator("#ak-now").bounding_box()["y"]
    assert control.locator(".ak-card-row .ak-card-pick-meta").first.inner_text() == "Afgesloten"
    link = after.get_by_role("link", name="Uitkomstpagina voor deelnemers").get_attribute("href")
    assert link.endswith(f"/j/{session.join_code}/")


@pytest.mark.parametrize("mode", ["open", "closed", "paper"])
def test_the_control_page_is_axe_clean_in_every_mode(new_page, session, alice, mode):
    full_room(session)
    if mode == "closed":
        Session.objects.filter(pk=session.pk).update(state=Session.State.CLOSED)
    control = control_page(new_page, alice, session)
    control.locator("#ak-starter-list li").first.wait_for()
    if mode == "paper":
        control.locator("#ak-paper-box summary").click()
    shot(control, f"control-1366x768-{mode}")
    assert all_violations(control) == []


def test_saved_after_an_edit_floats_over_the_page_and_closes(new_page, session, alice):
    control = control_page(new_page, alice, session)
    grid = control.locator(".ak-control-grid")
    before = grid.bounding_box()
    control.get_by_role("link", name="Bewerken").click()
    control.get_by_role("button", name="Opslaan").first.click()
    notice = control.locator(".ak-notice", has_text="Opgeslagen.")
    notice.wait_for()
    control.locator("#ak-now-actions button").first.wait_for()
    shot(control, "control-1366x768-saved")
    # The grid stays where it was, inside the first screen, the notice over the page.
    after = grid.bounding_box()
    assert (after["y"], after["height"]) == (before["y"], before["height"])
    assert after["y"] + after["height"] <= 768
    assert all_violations(control) == []
    control.get_by_role("button", name="Bericht sluiten").click()
    notice.wait_for(state="detached")
    assert control.locator(".ak-notices").count() == 0


def test_the_comments_of_every_round_stay_reachable(new_page, session, alice):
    card = session.cards.filter(is_open=True).order_by("position", "id").last()
    bea = session.participants.create(role="bewoner")
    Placement.objects.create(participant=bea, card=card, x=0.2, y=0.3, comment="Samen met de bieb")
    control = control_page(new_page, alice, session)
    control.locator(".ak-comment", has_text="Samen met de bieb").wait_for()
    card_action(control, card, "round")  # live: round 1's comment moves to its own tab
    control.get_by_role("button", name="Ronde 2 (nu)").wait_for()
    control.get_by_role("button", name="Ronde 1", exact=True).click()
    comment = control.locator(".ak-comment", has_text="Samen met de bieb")
    comment.wait_for()

    comment.get_by_role("button", name="In het verslag").click()
    wait_for(
        lambda: Placement.objects.get(card=card, round=1).comment_featured, message="not featured"
    )
    comment.get_by_role("button", name="In het verslag", pressed=True).wait_for()

    screen = new_page(alice, viewport={"width": 1280, "height": 720})
    screen.goto(f"/facilitator/sessions/{session.pk}/screen/")
    screen.locator("#ak-screen[data-ready]").wait_for()
    comment.get_by_role("button", name="Groot op scherm").click()
    screen.locator("#ak-spotlight-comment-text", has_text="Samen met de bieb").wait_for()

    comment.get_by_role("button", name="Verbergen").click()
    wait_for(lambda: Placement.objects.get(card=card, round=1).comment_hidden, message="not hidden")
    screen.locator("#ak-spotlight-comment").wait_for(state="hidden")
    control.reload()  # and after a reload, from the snapshot
    control.locator(f'.ak-card-pick[data-card="{card.pk}"]').click()
    control.get_by_role("button", name="Ronde 1", exact=True).click()
    control.locator(".ak-comment-hidden", has_text="Samen met de bieb").wait_for()
