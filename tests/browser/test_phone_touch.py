"""A finger on the phone: the grid scrolls the page unless the person clearly
places (a tap, or a drag that began on a card). Touch events through the
DevTools protocol, at the three phone sizes."""

import pytest

from tests.browser.conftest import grid_point, touch_drag, touch_tap, wait_for
from tests.browser.test_phone import SIZES, centre, chip, phone_page, shot, skip_role
from workshop.models import PlacementEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def events(card) -> list[tuple[float, float]]:
    return list(
        PlacementEvent.objects.filter(card=card, kind=PlacementEvent.Kind.PLACE).values_list(
            "x", "y"
        )
    )


def scroll_y(phone) -> float:
    return phone.evaluate("window.scrollY")


def to_top(phone) -> None:
    # Again until it stays: a fling may still be running.
    wait_for(lambda: phone.evaluate("window.scrollTo(0, 0), window.scrollY") == 0)
    phone.wait_for_timeout(50)
    wait_for(lambda: phone.evaluate("window.scrollTo(0, 0), window.scrollY") == 0)


def settled(phone) -> None:
    """Wait until the page stops scrolling (a flick flings on for a while)."""
    last = [None]

    def still():
        now = scroll_y(phone)
        same, last[0] = now == last[0], now
        phone.wait_for_timeout(120)
        return same

    wait_for(still, message="the page kept scrolling")


def reachable(phone, card) -> tuple[float, float]:
    """The middle of the card's chip, scrolled to just above the screen's bottom
    edge, and checked to be what a finger there touches (not the sticky grid)."""
    settled(phone)
    locator = chip(phone, card)
    locator.evaluate("el => el.scrollIntoView({block: 'end', behavior: 'instant'})")
    point = centre(locator.bounding_box())
    under = phone.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('.ak-chip')?.dataset.card",
        list(point),
    )
    assert under == str(card.pk), "the chip is hidden under something"
    return point


def swipe_up(start, distance=180):
    return (start[0], start[1] - distance)


@pytest.mark.parametrize("size", list(SIZES))
def test_a_finger_on_the_grid_scrolls_and_only_a_tap_places(new_page, session, size):
    cards = list(session.cards.order_by("position", "id"))
    phone = phone_page(new_page, size)
    skip_role(phone, session)
    assert chip(phone, cards[0]).get_attribute("aria-pressed") == "true"  # armed: a tap places

    # A quick flick up on the grid scrolls the page.
    start = grid_point(phone, "#ak-grid", 0.3, -0.6)
    touch_drag(phone, start, swipe_up(start), steps=5, hold=0)
    wait_for(lambda: scroll_y(phone) > 20, message="a flick on the grid did not scroll")
    # A slow drag up on the grid scrolls too.
    to_top(phone)
    start = grid_point(phone, "#ak-grid", -0.3, -0.6)
    touch_drag(phone, start, swipe_up(start, 150), steps=15, hold=0.25)
    wait_for(lambda: scroll_y(phone) > 20, message="a slow drag on the grid did not scroll")
    # A slow drag sideways (nothing to scroll) is no tap either.
    to_top(phone)
    start = grid_point(phone, "#ak-grid", -0.6, 0.0)
    touch_drag(phone, start, grid_point(phone, "#ak-grid", 0.6, 0.0), steps=15, hold=0.25)

    # Then a tap: the one placement of the card is the tap's.
    to_top(phone)
    touch_tap(phone, grid_point(phone, "#ak-grid", -0.5, 0.5))
    wait_for(lambda: events(cards[0]), message="the tap placed nothing")
    phone.locator("#ak-announce", has_text=f"“{cards[0].title}” staat nu bij").wait_for()
    assert events(cards[0]) == [(pytest.approx(-0.5, abs=0.04), pytest.approx(0.5, abs=0.04))]


@pytest.mark.parametrize("size", list(SIZES))
def test_a_card_scrolls_when_flicked_and_is_dragged_when_held_or_pulled_sideways(
    new_page, session, size
):
    cards = list(session.cards.order_by("position", "id"))
    phone = phone_page(new_page, size)
    skip_role(phone, session)

    # A quick flick up on a card scrolls the page; the card stays where it was.
    to_top(phone)
    start = centre(chip(phone, cards[1]).bounding_box())
    if start[1] > SIZES[size]["height"] - 40:  # below the fold at this size: bring it up
        start = reachable(phone, cards[1])
    before = scroll_y(phone)
    touch_drag(phone, start, swipe_up(start, 150), steps=5, hold=0)
    wait_for(lambda: scroll_y(phone) > before + 20, message="a flick on a card did not scroll")

    # A finger that rests on the card, then moves slowly, drags it where it lifts.
    start = reachable(phone, cards[1])
    touch_drag(phone, start, grid_point(phone, "#ak-grid", 0.5, 0.5), steps=20, hold=0.3)
    wait_for(lambda: events(cards[1]), message="a held card was not dragged")
    assert events(cards[1]) == [(pytest.approx(0.5, abs=0.04), pytest.approx(0.5, abs=0.04))]

    # A quick pull sideways picks the card up at once, then it goes where the finger lifts.
    start = reachable(phone, cards[2])
    end = grid_point(phone, "#ak-grid", -0.4, -0.4)
    touch_path(phone, [start, (start[0] - 40, start[1]), end])
    wait_for(lambda: events(cards[2]), message="a card pulled sideways was not dragged")
    assert events(cards[2]) == [(pytest.approx(-0.4, abs=0.04), pytest.approx(-0.4, abs=0.04))]
    # The flick placed nothing: card 2's one placement is the drag's.
    assert len(events(cards[1])) == 1


def touch_path(page, points, steps: int = 8) -> None:
    """One finger along `points` without resting first (a quick gesture)."""
    cdp = page.context.new_cdp_session(page)
    first = points[0]
    cdp.send(
        "Input.dispatchTouchEvent",
        {"type": "touchStart", "touchPoints": [dict(x=first[0], y=first[1])]},
    )
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        for i in range(1, steps + 1):
            x, y = x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps
            cdp.send(
                "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [dict(x=x, y=y)]}
            )
            page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


# What comes next after placing -------------------------------------------------


def fully_in_view(phone, selector: str) -> bool:
    """The element is inside the screen and nothing (the sticky grid) covers its middle."""
    return phone.eval_on_selector(
        selector,
        """el => { const r = el.getBoundingClientRect();
        if (r.height === 0 || r.top < 0 || r.bottom > innerHeight) return false;
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return el.contains(hit); }""",
    )


@pytest.mark.parametrize("size", ["320", "375"])
def test_after_placing_the_next_card_and_then_the_comment_box_are_on_screen(
    new_page, session, size
):
    cards = list(session.cards.order_by("position", "id"))
    phone = phone_page(new_page, size)
    skip_role(phone, session)
    for number, card in enumerate(cards[:2]):
        touch_tap(phone, grid_point(phone, "#ak-grid", -0.5 + number / 2, 0.5))
        wait_for(lambda card=card: events(card), message="the tap placed nothing")
        following = f'.ak-chip[data-card="{cards[number + 1].pk}"]'
        phone.locator(f"{following}.ak-chip-selected").wait_for()
        wait_for(
            lambda following=following: fully_in_view(phone, following),
            message="the next card is not on screen",
        )
    touch_tap(phone, grid_point(phone, "#ak-grid", 0.5, -0.5))
    wait_for(lambda: events(cards[2]), message="the last tap placed nothing")
    phone.locator("#ak-comment").wait_for()
    shot(phone, "08-after-the-last-card")
    for selector in ("#ak-comment", "#ak-comment-form button[type=submit]"):
        wait_for(
            lambda selector=selector: fully_in_view(phone, selector),
            message=f"{selector} is not on screen after the last card",
        )
    shot(phone, "08-after-the-last-card")
