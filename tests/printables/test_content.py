"""What each PDF says, read back with pypdf."""

import base64
import io
import re

import pytest
from pypdf import PdfReader

from printables import materials
from tests.printables.conftest import data_of, flat, pdf_text
from workshop.models import Placement

pytestmark = pytest.mark.django_db


def render_text(session, name: str) -> str:
    return pdf_text(materials.render(data_of(session), name))


def test_every_material_carries_the_session_title(busy_rendered):
    for name, text in busy_rendered.texts.items():
        assert "Kunst in de wijk" in text, name


def test_grids_carry_axis_labels_and_quadrant_names(busy_rendered):
    for name in ["worksheet", "grid-a3", "handout", "summary"]:
        text = busy_rendered.texts[name]
        for label in ["Hulpverlening", "Activering", "Individueel", "Collectief"]:
            assert label in text, (name, label)
        for quadrant in busy_rendered.data.axes.values():
            assert quadrant in text, (name, quadrant)


def test_card_titles_are_in_every_material_that_lists_cards(busy_rendered):
    titles = list(busy_rendered.session.cards.values_list("title", flat=True))
    for name in ["cards", "worksheet", "handout", "summary"]:
        for title in titles:
            assert title in flat(busy_rendered.texts[name]), (name, title)


def test_posters_say_where_to_type_the_code(busy_rendered):
    # The front page asks for the code: shorter to type than the join address
    # (which the QR code holds, tests/printables/test_qr.py).
    home = busy_rendered.data.home_address
    assert home and "://" not in home and not home.endswith("/")
    assert busy_rendered.data.join_url.startswith(("http://" + home, "https://" + home))
    for name in ["poster-a4", "poster-a3", "table-tent"]:
        text = flat(busy_rendered.texts[name])
        assert f"Of ga naar {home} en typ de code." in text, name
        assert busy_rendered.session.join_code in text, name


def test_summary_counts_participants_placements_and_comments(busy_rendered):
    text = busy_rendered.texts["summary"]
    session = busy_rendered.session
    comments = Placement.objects.filter(card__session=session).exclude(comment="").count()
    assert comments > 0
    assert re.search(r"\b40\s*deelnemers", text)
    assert re.search(r"\b480\s*plaatsingen", text)  # 40 participants × 12 cards
    assert re.search(rf"\b{comments}\s*opmerkingen", text)
    assert "Veel discussie over kaart 3." in text  # facilitator notes


def test_every_summary_page_carries_the_footer_and_page_number(busy_rendered):
    pages = PdfReader(io.BytesIO(busy_rendered.pdfs["summary"])).pages
    organiser = busy_rendered.data.organiser
    assert organiser
    footers = [
        page.extract_text().replace("\u2068", "").replace("\u2069", "").splitlines()[-2:]
        for page in pages
    ]
    for number, lines in enumerate(footers, start=1):
        footer = " ".join(lines)
        assert "Kunst in de wijk" in footer and organiser[:20] in footer, number
        assert f"{number} / {len(pages)}" in footer, number


def test_summary_findings_link_to_each_cards_page(busy_rendered):
    # A link, not a printed page number: page numbers that point forward make
    # WeasyPrint lay the document out twice (docs/performance.md).
    reader = PdfReader(io.BytesIO(busy_rendered.pdfs["summary"]))
    pages = [p.extract_text() for p in reader.pages]
    overview = next(i for i, text in enumerate(pages) if "Overzicht" in text)
    links = {
        annotation.get_object().get("/Dest")
        for page in reader.pages[:overview]
        for annotation in page.get("/Annots") or []
    }
    for card in busy_rendered.data.cards:
        assert f"card-{card.number}" in links, card.title
        target = reader.get_destination_page_number(
            reader.named_destinations[f"card-{card.number}"]
        )
        assert pages[target].startswith(f"{card.number} {card.title}"), card.title


def test_summary_keeps_its_page_budget_a_page_per_card(busy_rendered):
    # Opening (findings, how to read), overview, one page per card, comparison and notes.
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(busy_rendered.pdfs["summary"])).pages]
    assert len(pages) <= 16
    overview = next(i for i, text in enumerate(pages) if "Overzicht" in text)
    starts = [
        i
        for card in busy_rendered.data.cards
        for i, t in enumerate(pages)
        if i > overview and t.startswith(f"{card.number} {card.title}")
    ]
    assert starts == list(range(starts[0], starts[0] + 12))  # each card exactly one page


def test_all_comments_shows_every_visible_comment_and_the_summary_a_selection(busy_rendered):
    text = flat(busy_rendered.texts["comments"])
    comments = list(
        Placement.objects.filter(card__session=busy_rendered.session)
        .exclude(comment="")
        .values_list("comment", flat=True)
    )
    for comment in comments:
        assert comment in text
    summary = flat(busy_rendered.texts["summary"])
    shown = [c for c in comments if c in summary]
    assert 0 < len(shown) <= 6 * 12
    more = sum(int(n) for n in re.findall(r"Nog (\d+) opmerkingen over deze kaart", summary))
    assert len(shown) + more == len(comments)


def test_hidden_comment_is_in_no_pdf(busy_session):
    placement = Placement.objects.filter(card__session=busy_session).exclude(comment="").first()
    placement.comment = "Deze opmerking is verborgen"
    placement.comment_hidden = True
    placement.save()
    data = data_of(busy_session)
    for material in materials.MATERIALS:
        assert "Deze opmerking is verborgen" not in pdf_text(materials.render(data, material.name))
    # The same comment, not hidden, is printed: the check above can fail.
    Placement.objects.filter(pk=placement.pk).update(comment_hidden=False)
    assert "Deze opmerking is verborgen" in render_text(busy_session, "summary")


def test_summary_lists_cards_nobody_placed_together(busy_session):
    Placement.objects.filter(card__in=busy_session.cards.all()[3:]).delete()
    pdf = materials.render(data_of(busy_session), "summary")
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    unplaced = [i for i, t in enumerate(pages) if t.startswith("Kaarten die niemand plaatste")]
    assert len(unplaced) == 1
    for card in busy_session.cards.all()[3:]:
        assert card.title in flat(pages[unplaced[0]])
    assert len(pages) <= 2 + 1 + 3 + 1 + 1  # no empty grid for an unplaced card


def test_role_comparison_lists_largest_difference_first(busy_rendered):
    rows = materials.summary.role_comparison(busy_rendered.data)
    assert len(rows) == len(busy_rendered.data.cards)
    differences = [row["difference"] for row in rows]
    assert differences == sorted(differences, reverse=True)
    assert differences[0] > differences[-1]
    text = busy_rendered.texts["summary"]
    table = text[text.index("Kunstenaars en opbouwwerkers vergeleken") :]
    first, last = (f"{row['card'].number}. {row['card'].title}" for row in (rows[0], rows[-1]))
    assert table.index(first) < table.index(last)


def test_role_comparison_skips_cards_one_group_did_not_place(busy_session):
    Placement.objects.filter(card__session=busy_session, participant__role="kunstenaar").delete()
    assert materials.summary.role_comparison(data_of(busy_session)) == []
    assert "niets te vergelijken" in render_text(busy_session, "summary")


def test_handout_has_model_results_and_contact(busy_rendered):
    text = busy_rendered.texts["handout"]
    assert "Persoonlijk" in text and "Gemeenschappelijk" in text and "Institutioneel" in text
    assert "Perspectief doet ertoe" in text and "Perspective" not in text  # Dutch on Dutch paper
    assert "creatief therapeut" in text.lower()
    assert "Resultaten van deze sessie" in text
    assert "Wijkteam Noord, info@wijkteamnoord.example" in text


def test_pdfs_are_in_dutch_by_default(busy_rendered):
    assert "Scan de QR-code" in busy_rendered.texts["poster-a4"]
    assert "Verslag van de sessie" in busy_rendered.texts["summary"]


def test_pdfs_follow_the_session_language(busy_rendered):
    data = busy_rendered.data
    data.language = "en"
    try:
        assert "Scan the QR code" in pdf_text(materials.render(data, "poster-a4"))
    finally:
        data.language = "nl"


def test_poster_a3_is_a3_and_the_rest_a4(busy_rendered):
    def size_mm(name):
        box = PdfReader(io.BytesIO(busy_rendered.pdfs[name])).pages[0].mediabox
        return round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)

    assert size_mm("poster-a3") == (297, 420)
    assert size_mm("grid-a3") == (297, 420)
    for name in ["poster-a4", "table-tent", "worksheet", "cards", "handout", "summary"]:
        assert size_mm(name) == (210, 297), name


def test_handout_of_a_session_with_its_own_axes_has_no_default_examples(session):
    session.x_from, session.x_to = "Alleen", "Samen"
    session.quadrant_top_left = "Eigen kwadrant"
    session.save()
    text = render_text(session, "handout")
    assert "van Alleen naar Samen" in text
    assert "Eigen kwadrant" in text
    assert "hulpverlening naar activering" not in text  # the default model's introduction
    assert "Een buurtvoorstelling" in text  # an unchanged quadrant keeps its example
    assert "Kunstenaars en sociaal werkers werken met een groep" not in text


@pytest.mark.parametrize("name", ["summary", "handout", "comments"])
def test_footer_reads_left_to_right_under_an_arabic_title(busy_session, name):
    from tests.printables.test_robust import words_of

    busy_session.title = "الفن في الحي"
    busy_session.organiser = "مركز"  # shorter than the title, to tell them apart
    busy_session.save()
    _width, height, found = words_of(materials.render(data_of(busy_session), name))[0]
    footer = sorted((w for w in found if w[1] > height - 16 * 72 / 25.4), key=lambda w: w[0])
    line = [w[4] for w in footer]
    arabic = [i for i, word in enumerate(line) if any("\u0600" <= c <= "\u06ff" for c in word)]
    year = line.index(str(busy_session.date.year))
    # The kind first, then the title, the date and the organiser, left to right.
    assert line[0] == str(materials.BY_NAME[name].label).split()[0], line
    # pdftotext may split Arabic into letters: count them on each side of the date.
    before = sum(len(line[i]) for i in arabic if i < year)
    after = sum(len(line[i]) for i in arabic if i > year)
    assert before > after > 0, line


def test_the_opening_quotes_a_comment_the_facilitator_chose(busy_session):
    card = busy_session.cards.order_by("position", "id").first()
    chosen = Placement.objects.filter(card=card).exclude(comment="").first()
    long = "Hier kunnen bewoners zelf de regie nemen, " * 8  # 336 characters
    Placement.objects.filter(pk=chosen.pk).update(comment=long, comment_featured=True)
    pdf = materials.render(data_of(busy_session), "summary")
    pages = [flat(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]
    opening = " ".join(pages[: pages.index(next(p for p in pages if p.startswith("Overzicht")))])
    assert "In een blauw vak: een opmerking die de begeleider uitkoos." in opening
    assert "“Hier kunnen bewoners zelf de regie nemen, Hier" in opening
    assert long.strip() not in opening  # shortened there, with an ellipsis…
    assert "…”" in opening
    assert long.strip().rstrip(",") in " ".join(pages)  # …and whole on the card's page
    # Without a chosen comment, no quote and no word about blue boxes.
    Placement.objects.filter(card__session=busy_session).update(comment_featured=False)
    plain = flat(pdf_text(materials.render(data_of(busy_session), "summary")))
    assert "blauw vak" not in plain and "“Hier kunnen" not in plain


def test_the_openings_quotes_keep_to_their_room_in_card_order(busy_session):
    for card in busy_session.cards.all():
        chosen = Placement.objects.filter(card=card).exclude(comment="").first()
        Placement.objects.filter(pk=chosen.pk).update(comment="Woord " * 60, comment_featured=True)
    data = data_of(busy_session)
    leads, used = materials.opening.lead_quotes(materials.figures.placed_cards(data), room=600)
    numbers = [card.number for card in materials.figures.placed_cards(data)]
    assert 1 <= len(leads) < len(numbers)
    assert list(leads) == numbers[: len(leads)]  # the first cards, in order
    assert used <= 600
    assert materials.opening.lead_quotes(materials.figures.placed_cards(data), room=100) == ({}, 0)
    assert all(len(q.comment) <= materials.opening.LEAD_CHARS for q in leads.values())


def test_the_a3_sheets_cut_lines_print_inside_every_printers_margin(busy_rendered, tmp_path):
    """Many printers leave the outer 4 to 5 mm blank: the thick lines to cut
    along stand 10 mm inside the paper's edge, so every printer prints them."""
    from PIL import Image

    from tests.printables.conftest import pdf_to_pngs

    dots_per_mm = 2  # 50.8 dpi
    first = pdf_to_pngs(busy_rendered.pdfs["grid-a3"], tmp_path, dpi=50.8)[
        0
    ]  # top left: cut right and below
    page = Image.open(first).convert("L")
    width, height = page.size
    middle = height // 2  # away from the corner's dot

    def dark(x, y):
        return page.getpixel((x, y)) < 80

    from_right = [mm for mm in range(1, 20) if dark(width - 1 - mm * dots_per_mm, middle)]
    assert from_right and min(from_right) >= 9, from_right  # the line, 10 to 12.5 mm in
    from_bottom = [mm for mm in range(1, 20) if dark(width // 2, height - 1 - mm * dots_per_mm)]
    assert from_bottom and min(from_bottom) >= 9, from_bottom


def test_all_comments_go_round_by_round_and_name_the_cards_nobody_commented_on(busy_rendered):
    from dataclasses import replace

    from printables.data import RoundData

    data = busy_rendered.data
    first, *rest = data.cards
    earlier = RoundData(1, 3, (0.0, 0.0), comments=first.comments[:1])
    cards = [replace(first, round=2, earlier=[earlier]), *rest[:-2]]
    cards += [replace(card, placements=[]) for card in rest[-2:]]  # nobody, so no comment
    text = flat(pdf_text(materials.render(replace(data, cards=cards), "comments")))
    assert text.index("Ronde 1 (1)") < text.index("Ronde 2 (")  # in the order they were held
    numbers = [str(card.number) for card in rest[-2:]]
    assert f"Bij kaart {numbers[0]} en {numbers[1]} schreef niemand een opmerking." in text
    # No comments at all: one sentence says so, no "all 0 comments".
    empty = flat(pdf_text(materials.render(replace(data, cards=cards[-2:]), "comments")))
    assert "In deze sessie heeft niemand een opmerking geschreven." in empty
    assert "Alle 0" not in empty and "schreef niemand" not in empty


def test_the_comparison_chart_shows_the_largest_differences_and_the_table_every_card(
    busy_rendered, monkeypatch
):
    from dataclasses import replace

    data = busy_rendered.data
    compared = materials.summary.role_comparison(data)
    assert len(compared) > 3
    monkeypatch.setattr(materials.summary, "COMPARED_IN_CHART", 3)
    context = materials.summary.summary_context(data)
    chart = base64.b64decode(context["comparison_chart"].split(",", 1)[1]).decode()
    numbers = re.findall(r'class="ak-marker-label"[^>]*>(\d+)<', chart)
    clear = [row for row in compared if row["clear"]]
    assert len(clear) > 3
    assert sorted(numbers) == sorted(str(row["card"].number) for row in clear[:3])
    text = flat(pdf_text(materials.render(replace(data), "summary")))
    told = "De grafiek toont de 3 grootste duidelijke verschillen; in de tabel staat elke kaart."
    assert told in text
    for row in compared:  # every card in the table
        assert f"{row['card'].number}. {row['card'].title}" in text
