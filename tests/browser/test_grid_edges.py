"""A placement in a corner of the grid is drawn whole on the projector and the
control page: the chart keeps room beyond the plot for its largest mark."""

import pytest

from tests.browser.room_helpers import shot
from workshop.models import Card, Move, Participant, Session, place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORNERS = [(-1.0, -1.0), (-1.0, 1.0), (1.0, -1.0), (1.0, 1.0)]

# Each dot's box against its chart's box (an inline <svg> clips what lies outside it).
CUT_OFF = """(selector) => {
    const svg = document.querySelector(selector);
    const box = svg.getBoundingClientRect();
    const dots = [...svg.querySelectorAll('g.ak-dots circle, g.ak-dots rect')];
    const cut = dots.map((d) => d.getBoundingClientRect()).filter((r) =>
        r.left < box.left - 0.5 || r.right > box.right + 0.5 ||
        r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5);
    return {dots: dots.length, cut: cut.map((r) => `${Math.round(r.left)},${Math.round(r.top)}`)};
}"""


def corner_room(alice) -> Session:
    session = Session.objects.create(title="Hoeken", state=Session.State.OPEN, language="nl")
    session.facilitators.add(alice)
    card = Card.objects.create(session=session, title="Overal", is_open=True, revealed=True)
    people = Participant.objects.bulk_create(Participant(session=session) for _ in CORNERS)
    place(
        [
            Move(p.pk, card.pk, 1, x, y, f"c{p.pk}")
            for p, (x, y) in zip(people, CORNERS, strict=True)
        ]
    )
    return session


@pytest.mark.parametrize(
    "page_name, path, selector, size",
    [
        ("projector", "/facilitator/sessions/{}/screen/", "#ak-screen-grid", (1280, 720)),
        ("projector", "/facilitator/sessions/{}/screen/", "#ak-screen-grid", (1024, 768)),
        ("control", "/facilitator/sessions/{}/", "#ak-control-grid", (1366, 768)),
    ],
)
def test_a_dot_in_each_corner_is_drawn_whole(new_page, alice, page_name, path, selector, size):
    session = corner_room(alice)
    page = new_page(alice, viewport={"width": size[0], "height": size[1]})
    page.goto(path.format(session.pk))
    page.locator(f"{selector} g.ak-dots circle").nth(3).wait_for(state="attached")
    page.wait_for_timeout(100)  # a frame for the fit
    shot(page, f"grid-corners-{page_name}-{size[0]}")
    seen = page.evaluate(CUT_OFF, selector)
    assert seen["dots"] == 4, seen
    assert not seen["cut"], f"dots cut off at the chart's edge: {seen['cut']}"
