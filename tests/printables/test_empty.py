"""A session nobody has joined yet, or without cards, still prints everything."""

import re

import pytest

from printables import materials
from tests.printables.conftest import data_of, flat, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", list(materials.BY_NAME))
def test_empty_session_prints_every_material(session, name):
    pdf = materials.render(data_of(session), name)
    assert pdf_pages(pdf) >= 1
    assert "Kunst in de wijk" in pdf_text(pdf)


@pytest.mark.parametrize("name", list(materials.BY_NAME))
def test_session_without_cards_prints_every_material(session, name):
    session.cards.all().delete()
    assert pdf_pages(materials.render(data_of(session), name)) >= 1


def test_empty_summary_says_nobody_placed_a_card_and_compares_nothing(session):
    text = pdf_text(materials.render(data_of(session), "summary"))
    assert re.search(r"\b0\s*plaatsingen", text)
    assert "In deze sessie heeft niemand een kaart geplaatst." in flat(text)
    # No section comparing two groups that were never there.
    assert "vergeleken" not in text and "niets te vergelijken" not in text
