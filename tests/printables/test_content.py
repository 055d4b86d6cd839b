"""What each PDF says, read back with pypdf."""

import re

import pytest

from printables import materials
from tests.printables.conftest import data_of, pdf_pages, pdf_text
from workshop.models import Placement

pytestmark = pytest.mark.django_db


def render_text(session, name: str) -> str:
    return pdf_text(materials.render(data_of(session), name))


def test_every_material_carries_the_session_title(busy_session):
    for material in materials.MATERIALS:
        assert "Kunst in de wijk" in render_text(busy_session, material.name), material.name


def test_grids_carry_axis_labels_and_quadrant_names(busy_session):
    for name in ["worksheet", "grid-a3", "handout", "summary"]:
        text = render_text(busy_session, name)
        for label in ["Hulpverlening", "Activering", "Individueel", "Collectief"]:
            assert label in text, (name, label)
        assert "Collectieve activering" in text
        assert "Individuele hulpverlening" in text


def test_cards_sheet_and_worksheet_list_every_card(busy_session):
    titles = list(busy_session.cards.values_list("title", flat=True))
    for name in ["cards", "worksheet", "handout", "summary"]:
        text = render_text(busy_session, name)
        for title in titles:
            assert title in text, (name, title)


def test_summary_counts_participants_placements_and_comments(busy_session):
    text = render_text(busy_session, "summary")
    comments = Placement.objects.filter(card__session=busy_session).exclude(comment="").count()
    assert re.search(r"\b40\s*deelnemers", text)
    assert re.search(r"\b480\s*plaatsingen", text)  # 40 participants × 12 cards
    assert re.search(rf"\b{comments}\s*opmerkingen", text)
    assert "Veel discussie over kaart 3." in text  # facilitator notes


def test_summary_shows_comments_but_not_hidden_ones(busy_session):
    placement = Placement.objects.filter(card__session=busy_session).exclude(comment="").first()
    placement.comment = "Deze opmerking is verborgen"
    placement.comment_hidden = True
    placement.save()
    visible = Placement.objects.filter(card__session=busy_session, comment_hidden=False)
    shown = visible.exclude(comment="").first()
    for name in ["summary", "handout"]:
        text = render_text(busy_session, name)
        assert "Deze opmerking is verborgen" not in text
    assert shown.comment in render_text(busy_session, "summary")


def test_summary_has_a_section_per_card(busy_session):
    pdf = materials.render(data_of(busy_session), "summary")
    # Cover, overview, one page or more per card, comparison and notes.
    assert pdf_pages(pdf) >= 2 + busy_session.cards.count() + 1


def test_role_comparison_lists_largest_difference_first(busy_session):
    rows = materials.role_comparison(data_of(busy_session))
    assert len(rows) == busy_session.cards.count()
    differences = [row["difference"] for row in rows]
    assert differences == sorted(differences, reverse=True)
    assert differences[0] > differences[-1]
    text = render_text(busy_session, "summary")
    table = text[text.index("Kunstenaars en opbouwwerkers vergeleken") :]
    first, last = (f"{row['card'].number}. {row['card'].title}" for row in (rows[0], rows[-1]))
    assert table.index(first) < table.index(last)


def test_role_comparison_skips_cards_one_group_did_not_place(busy_session):
    Placement.objects.filter(card__session=busy_session, participant__role="kunstenaar").delete()
    assert materials.role_comparison(data_of(busy_session)) == []
    assert "niets te vergelijken" in render_text(busy_session, "summary")


def test_handout_has_model_results_and_contact(busy_session):
    text = render_text(busy_session, "handout")
    assert "Persoonlijk" in text and "Gemeenschappelijk" in text and "Institutioneel" in text
    assert "Perspective matters" in text
    assert "creatief therapeut" in text.lower()
    assert "Wijkteam Noord, info@wijkteamnoord.example" in text


def test_pdfs_are_in_dutch_by_default(busy_session):
    assert "Scan de code" in render_text(busy_session, "poster-a4")
    assert "deelnemers" in render_text(busy_session, "summary")


def test_poster_a3_is_a3_and_the_rest_a4(busy_session):
    from io import BytesIO

    from pypdf import PdfReader

    def size_mm(name):
        page = PdfReader(BytesIO(materials.render(data_of(busy_session), name))).pages[0]
        return round(float(page.mediabox.width) / 72 * 25.4), round(
            float(page.mediabox.height) / 72 * 25.4
        )

    assert size_mm("poster-a3") == (297, 420)
    assert size_mm("poster-a4") == (210, 297)
    assert size_mm("summary") == (210, 297)
