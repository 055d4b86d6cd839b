"""A full hall on the projector and the control page: hundreds of dots read as a crowd."""

import random

import pytest

from workshop.models import Card, Participant, Placement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def crowd(session, card, people: int) -> None:
    rng = random.Random(people)
    persons = Participant.objects.bulk_create(Participant(session=session) for _ in range(people))
    Placement.objects.bulk_create(
        Placement(participant=p, card=card, x=rng.uniform(-1, 1), y=rng.uniform(-1, 1))
        for p in persons
    )


def projector_dots(new_page, alice, session, expected: int) -> dict:
    screen = new_page(alice, viewport={"width": 1920, "height": 1080})
    screen.goto(f"/facilitator/sessions/{session.pk}/screen/")
    screen.wait_for_function(
        f"() => document.querySelectorAll('#ak-screen-grid g.ak-dots circle').length === {expected}"
    )
    return screen.evaluate(
        """() => {
            const svg = document.getElementById('ak-screen-grid');
            const dots = svg.querySelector('g.ak-dots');
            const names = [...svg.querySelectorAll('text.ak-quadrant')];
            return {
                r: Number(dots.querySelector('circle').getAttribute('r')),
                dense: svg.classList.contains('ak-dense'),
                namesUnderDots: names.length > 0 && names.every(
                    (t) => t.compareDocumentPosition(dots) & Node.DOCUMENT_POSITION_FOLLOWING),
                meansAboveNames: names.every(
                    (t) => t.compareDocumentPosition(svg.querySelector('g.ak-marks'))
                    & Node.DOCUMENT_POSITION_FOLLOWING),
            };
        }"""
    )


def test_a_full_hall_gets_smaller_fainter_dots_under_readable_quadrant_names(
    new_page, session, alice
):
    small, full = list(session.cards.filter(is_open=True).order_by("position", "id")[:2])
    session.cards.exclude(pk__in=[small.pk, full.pk]).update(is_open=False)
    Card.objects.filter(pk=small.pk).update(revealed=True)
    crowd(session, small, 12)
    few = projector_dots(new_page, alice, session, 12)

    crowd(session, full, 400)
    Card.objects.filter(pk=full.pk).update(revealed=True)  # the card under discussion now
    many = projector_dots(new_page, alice, session, 400)

    assert few["r"] == 14 and not few["dense"]
    assert 6 <= many["r"] < 8 and many["dense"]
    assert few["namesUnderDots"] and many["namesUnderDots"], "a quadrant name never hides a dot"
    assert few["meansAboveNames"] and many["meansAboveNames"]


def test_the_control_grid_thins_its_dots_for_a_full_hall_too(new_page, session, alice):
    card = session.cards.filter(is_open=True).order_by("position", "id").first()
    crowd(session, card, 400)
    control = new_page(alice, viewport={"width": 1366, "height": 768})
    control.goto(f"/facilitator/sessions/{session.pk}/")
    control.locator(f'button[data-card="{card.pk}"][data-action="select"]').click()
    control.wait_for_function(
        "() => document.querySelectorAll('#ak-control-grid g.ak-dots circle').length === 400"
    )
    r = control.evaluate(
        "() => Number(document.querySelector('#ak-control-grid g.ak-dots circle').getAttribute('r'))"
    )
    assert 9 <= r < 12
    opacity = control.evaluate(
        "() => getComputedStyle(document.querySelector('#ak-control-grid g.ak-dots circle'))"
        ".fillOpacity"
    )
    assert float(opacity) == pytest.approx(0.45)
