"""The projector's role view paints each role in the colours of the one table,
workshop/lib/role_colours.py, that the PDFs' charts use: its dots on the grid, its
paper votes and the swatches of its legend."""

import random

import pytest

from tests.browser.room_helpers import shot
from tests.browser.test_every_page_is_clean import CSP_WATCH
from workshop.lib.role_colours import ROLE_COLOURS, css_name
from workshop.models import Card, Participant, Placement, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = [*Role.values, ""]


def room_of_every_role(card: Card, per_role: int = 12, seed: int = 4) -> None:
    """`per_role` placements of `card` for every role and for no role, the first of each on paper."""
    rng = random.Random(seed)
    people = Participant.objects.bulk_create(
        Participant(
            session=card.session,
            role=role,
            source=Participant.Source.PAPER if i == 0 else Participant.Source.PHONE,
        )
        for role in ROLES
        for i in range(per_role)
    )
    Placement.objects.bulk_create(
        Placement(
            participant=person,
            card=card,
            round=1,
            x=max(-1.0, min(1.0, rng.gauss(0.1, 0.45))),
            y=max(-1.0, min(1.0, rng.gauss(0.0, 0.45))),
        )
        for person in people
    )


def rgb(hex_colour: str) -> str:
    """'#d28d21' as getComputedStyle gives it: 'rgb(210, 141, 33)'."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


PAINT = """(sel) => { const e = document.querySelector(sel); if (!e) return null;
    const cs = getComputedStyle(e);
    return {fill: cs.fill, stroke: cs.stroke, background: cs.backgroundColor, border: cs.borderTopColor}; }"""


def test_the_projectors_role_dots_and_legend_have_the_tables_colours(new_page, session, alice):
    card = session.cards.filter(is_open=True).order_by("position", "id").first()
    session.cards.exclude(pk=card.pk).update(is_open=False)
    Card.objects.filter(pk=card.pk).update(revealed=True)
    room_of_every_role(card)
    page = new_page(alice, viewport={"width": 1920, "height": 1080})
    page.add_init_script(CSP_WATCH)
    page.goto(f"/facilitator/sessions/{session.pk}/screen/")
    page.locator("#ak-screen[data-ready]").wait_for()
    page.keyboard.press("r")
    page.locator("#ak-role-legend .ak-role-swatch").first.wait_for()
    shot(page, "projector-roles-1920")

    for role in ROLES:
        colour, name = ROLE_COLOURS[role], css_name(role)
        dot = page.evaluate(PAINT, f"#ak-screen-grid g.ak-dots circle.ak-role-{name}")
        assert dot is not None, f"no dot for {name}"
        assert (dot["fill"], dot["stroke"]) == (rgb(colour.fill), rgb(colour.ring)), name
        paper = page.evaluate(PAINT, f"#ak-screen-grid g.ak-dots rect.ak-dot-paper.ak-role-{name}")
        assert paper is not None, f"no paper vote for {name}"
        assert paper["stroke"] == rgb(colour.outline), name
        swatch = page.evaluate(PAINT, f"#ak-role-legend .ak-role-swatch.ak-role-{name}")
        assert swatch is not None, f"no legend swatch for {name}"
        assert (swatch["background"], swatch["border"]) == (rgb(colour.fill), rgb(colour.ring)), (
            f"the legend's {name} looks like its dots"
        )
        mean = page.evaluate(PAINT, f"#ak-screen-grid circle.ak-role-mean.ak-role-{name}")
        assert mean is not None and mean["fill"] == rgb(colour.fill), name
    assert page.evaluate("window.akCsp") == []
