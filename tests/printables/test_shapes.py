"""The PDFs say how each card's placements lie, in the words every output uses:
a session built so that the right description is known (tests/shapes.py)."""

import pytest

from printables import materials
from tests.printables.conftest import data_of, flat, pdf_text
from tests.shapes import ROOMS, TWO_CAMPS, build
from workshop.lib import findings

pytestmark = pytest.mark.django_db


def test_the_summary_and_handout_name_camps_ties_agreement_and_spread(alice):
    data = data_of(build(alice))
    summary = flat(pdf_text(materials.render(data, "summary")))
    for title, (_points, said) in ROOMS.items():
        assert said in summary, title
    # Not by the sign of the average: the two camps' average lies in the empty middle.
    assert "Het gemiddelde van alle plaatsingen ligt tussen de twee kampen in." in summary
    assert "Gemiddeld zette de groep" not in summary
    # In short groups the cards by shape, and the dashed ellipse's legend says what it holds.
    assert (
        "Zo liggen de 6 kaarten: 1 in twee kampen, 1 gelijk verdeeld over vakken, 1 dicht bij"
        " elkaar in het midden, 1 dicht bij elkaar op de grens van twee vakken, 1 verspreid en"
        " 1 bij ‘Collectieve activering’." in summary
    )
    inside = findings.core(TWO_CAMPS)[2]
    assert f"hierbinnen: {inside} van de 47 plaatsingen" in summary
    assert inside >= 2 * 47 / 3

    handout = flat(pdf_text(materials.render(data, "handout")))
    for words in (
        "twee kampen (24 en 23)",
        "gelijk (elk 18)",
        "het midden – dicht bij elkaar (20)",
        "Collectieve hulpverlening en Collectieve activering – gelijk (elk 18)",
        "verspreid",
        "de meesten (17)",
    ):
        assert words in handout, words
