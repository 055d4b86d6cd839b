"""Nothing the forms accept breaks a material, and every PDF is tagged for screen readers.

A hypothesis test makes sessions from what the forms accept (every field up to
its maximum length, long Dutch compounds, emoji, Arabic, 0 to 40 cards), renders
every material and reads the PDFs back: page counts, one-line footers (word
positions from `pdftotext -bbox`) and no word outside the printable area or
across a cut-out card's edge.
"""

import base64
import datetime
import io
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from printables import materials
from printables.data import CardData, PlacementData, RoundData, SessionData
from printables.materials.cards import box_classes, descendants
from tests.helpers import require
from tests.printables.conftest import AXES
from workshop import defaults

MM = 72 / 25.4
COMPOUND = "Langetermijnsamenwerkingsverbanden"
ARABIC = "الفن في الحي والعمل معا"
EMOJI = "🎨🏘️👩‍🎨"
ARABIC_COMMENT = "رائع جدا، فكرة جميلة للحي"  # right to left from its first letter
HEBREW_COMMENT = "רעיון יפה מאוד לשכונה שלנו"
CYRILLIC, GREEK = "Искусство в районе", "Τέχνη στη γειτονιά"
WORDS = ["buurt", "kunst", COMPOUND, ARABIC, EMOJI, "<b>&amp;</b>", "wijkteam", "samen", "‮rtl",
         "שכונה", "район", "γειτονιά"]  # fmt: skip


def text(max_size: int, min_size: int = 1):
    return st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(
        lambda words: " ".join(words)[:max_size].strip() or "x"
    ) | st.just((COMPOUND + " ") * 10).map(lambda t: t[:max_size])


# Notes at the form's maximum (Session.notes, 10 000 characters) in paragraphs.
NOTES_END = "\n\nTot slot: eindelijk klaar."
LONG_NOTES = ((f"Notitie over de {COMPOUND} in de wijk. " * 6 + "\n\n") * 40)[
    : 10000 - len(NOTES_END)
] + NOTES_END


# A tall picture (1 × 2), the shape that takes a card's page the most room.
PICTURE = (
    "data:image/svg+xml;base64,"
    + base64.b64encode(
        b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="200">'
        b'<rect width="100" height="200" fill="#0b5cad"/></svg>'
    ).decode()
)


def png(wide: int, high: int) -> str:
    """A PNG picture of that shape, as a card's data URI (what uploads become)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (wide, high), (11, 92, 173)).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


@st.composite
def sessions(draw) -> SessionData:
    n_cards = draw(st.sampled_from([0, 12, 40]))
    people = draw(st.integers(0, 12))
    roles = ["kunstenaar", "opbouwwerker", "bewoner", ""]
    axes = dict(AXES)
    if draw(st.booleans()):
        axes.update({k: draw(text(40)) for k in defaults.AXES})
        axes.update(
            {k: draw(text(60)) for k in ("top_left", "top_right", "bottom_left", "bottom_right")}
        )
    cards = []
    for i in range(n_cards):
        placements = [
            PlacementData(
                x=((i * 7 + p * 13) % 200) / 100 - 1,
                y=((i * 11 + p * 5) % 200) / 100 - 1,
                role=roles[p % len(roles)],
                comment=draw(text(280)) if p % 3 == 0 else ARABIC_COMMENT if p % 4 == 1 else "",
                paper=p % 5 == 0,
                featured=p % 6 == 0,
            )
            for p in range(people if i % 4 else 0)  # every fourth card nobody placed
        ]
        cards.append(
            CardData(
                number=i + 1,
                title=draw(text(80)),
                description=draw(text(300)),
                agreed=(0.3, -0.2) if i % 2 else None,
                axes=axes,
                image_credit=draw(text(120)),
                image_uri=draw(st.sampled_from(["", PICTURE, png(300, 100)])),
                placements=placements,
            )
        )
    return SessionData(
        id=1,
        title=draw(text(120)),
        date=datetime.date(2026, 12, 31),
        place=draw(text(120)),
        organiser=draw(text(200)),
        join_code="ABCDEF",
        join_url="https://assenkruis.example/j/ABCDEF/",
        state="closed",
        notes=draw(text(600) | st.just(LONG_NOTES)),
        axes=axes,
        language="nl",
        participants=people,
        roles={"kunstenaar": people},
        cards=cards,
        joined=people,
    )


def words_of(pdf: bytes) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """(width, height, [(x0, y0, x1, y1, word)]) per page, in points, y down."""
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) is not installed")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        html = subprocess.run(
            ["pdftotext", "-bbox", file.name, "-"], capture_output=True, check=True
        ).stdout.decode("utf-8", "replace")  # emoji may come back as stray surrogates
    html = re.sub(r"<!DOCTYPE[^>]*>", "", html).replace("&nbsp;", " ")
    root = ET.fromstring(html)
    pages = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        found = [
            (
                float(w.get("xMin")),
                float(w.get("yMin")),
                float(w.get("xMax")),
                float(w.get("yMax")),
                w.text or "",
            )
            for w in page.iter("{http://www.w3.org/1999/xhtml}word")
        ]
        pages.append((float(page.get("width")), float(page.get("height")), found))
    return pages


ONE_PAGE = {"poster-a4", "poster-a3", "table-tent"}
WITH_FOOTER = {"worksheet", "cards", "handout", "summary", "comments"}


def check(data: SessionData, name: str, pdf: bytes) -> None:
    pages = words_of(pdf)
    check_length(data, name, pages)
    if name == "comments":
        check_comments(data, pages)
    for width, height, found in pages:
        if name in WITH_FOOTER:
            check_footer(name, height, found)
        check_margins(name, width, height, found)
        if name == "cards":
            check_cutting_lines(height, found)
    if name == "cards":
        check_cut_out_cards(data)


def check_length(data: SessionData, name: str, pages: list) -> None:
    """Each material's pages, and what is on its first ones."""
    if name in ONE_PAGE:
        assert len(pages) == 1, name
    if name == "worksheet":  # the grid and its instructions on one page, the list of cards after it
        assert [w[4] for w in pages[0][2]].count("kaarten") == 0
        if data.cards:
            assert [w[4] for w in pages[1][2][:2]] == ["De", "kaarten"]
    if name == "handout" and len(data.cards) <= 12:
        assert len(pages) <= 2, name  # one sheet, printed on both sides
    if name == "summary" and len(data.cards) == 12:
        placed = sum(1 for c in data.cards if c.placements)
        assert len(pages) <= 16, name
        assert placed <= len(pages)
    if name == "summary" and data.notes == LONG_NOTES:  # the beginning, and where the rest is
        words = " ".join(w[4] for _w, _h, found in pages for w in found)
        assert "eindelijk" not in words, name
        # Their beginning, or where a full opening left no room for it.
        assert "Dit is het begin van de notities." in words or "De notities staan in" in words, name


def check_footer(name: str, height: float, found: list) -> None:
    """A footer on the page, on one line."""
    zone = (
        9 if name == "cards" else 16
    )  # the bottom margin: 10 mm on the cut-out sheet, 18 mm elsewhere
    footer = [w for w in found if w[1] > height - zone * MM]
    assert footer, name
    # One line: every word's box overlaps every other's vertically (fonts differ in height).
    assert max(w[1] for w in footer) < min(w[3] for w in footer), (
        name,
        "footer on more than one line",
    )


def check_margins(name: str, width: float, height: float, found: list) -> None:
    for x0, y0, x1, y1, word in found:
        # No word beyond the paper's printable area (5 mm from each edge).
        assert x0 >= 5 * MM - 0.5 and x1 <= width - 5 * MM + 0.5, (name, word, x0, x1)
        # Vertically the word's middle: pdftotext's boxes are the font's, and Arabic's are tall.
        assert 5 * MM <= (y0 + y1) / 2 <= height - 5 * MM, (name, word, y0, y1)


def check_cutting_lines(height: float, found: list) -> None:
    """No word across the cutting line between two cards (3 columns of 63.05 mm from 10 mm)."""
    edges = [(10 + 63.05 * k) * MM for k in (1, 2)]
    cards = [
        w for w in found if 16 * MM < w[1] and w[3] < height - 10 * MM
    ]  # not the scissors line, not the footer
    for x0, _y0, x1, _y1, word in cards:
        assert not any(x0 < edge - 0.5 and x1 > edge + 0.5 for edge in edges), (
            word,
            x0,
            x1,
        )


def laid_out(html: str):
    """The document as WeasyPrint lays it out for the PDF (printables.render.html_to_pdf)."""
    from weasyprint import CSS, HTML

    from printables.fonts import face_css, printable_html
    from printables.render import LocalFetcher, base_url, font_config

    fetcher, fonts = LocalFetcher(), font_config()
    css = [CSS(string=face_css(), url_fetcher=fetcher, font_config=fonts)]
    document = HTML(string=printable_html(html), base_url=base_url(), url_fetcher=fetcher)
    return document.render(stylesheets=css, font_config=fonts)


def check_cut_out_cards(data: SessionData) -> None:
    """Each cut-out card's words (title, description, picture) end inside their
    box, which ends above the footer (join code and credit), which ends inside
    the card: nothing clipped, nothing printed over another text. From the
    layout WeasyPrint makes for the PDF, to the hundredth of a millimetre."""
    document = laid_out(materials.cards.fitted_cards(data)[0])
    cards = [b for page in document.pages for b in descendants(page._page_box)
             if "cut-card" in box_classes(b) and b.element_tag == "div"]  # fmt: skip
    assert len(cards) == len(data.cards)
    px = 25.4 / 96  # mm
    for card in cards:
        words = next(b for b in card.children if "words" in box_classes(b))
        foot = next(b for b in card.children if "foot" in box_classes(b))
        bottom = words.content_box_y() + words.height
        ink = [b.position_y + b.margin_height() for b in descendants(words) if b is not words
               and type(b).__name__ in ("TextBox", "InlineReplacedBox", "BlockReplacedBox")]  # fmt: skip
        number = "".join(b.text for b in descendants(card) if hasattr(b, "text"))[:12]
        assert max(ink) <= bottom + 0.01 / px, ("words clipped", number, (max(ink) - bottom) * px)
        assert foot.position_y >= bottom - 0.01 / px, ("words over the footer", number)
        card_bottom = card.position_y + card.margin_height()
        foot_bottom = foot.position_y + foot.margin_height()
        assert foot_bottom <= card_bottom, ("footer past the card", number)


def is_rtl(word: str) -> bool:
    """Hebrew or Arabic letters in it."""
    return any("\u0590" <= char <= "\u06ff" for char in word)


def check_comments(data: SessionData, pages) -> None:
    """Every comment a line of its own starting with a bullet: a comment in
    Arabic or Hebrew is set right to left, its bullet at the right margin; a
    Dutch one starts at the left margin. The facilitator's notes are there in full."""
    arabic = 0
    for width, _height, found in pages:
        for x0, y0, x1, y1, word in found:
            if word != "•":
                continue
            middle = (y0 + y1) / 2
            line = [w for w in found if abs((w[1] + w[3]) / 2 - middle) < 3 and w[4] != "•"]
            if line and all(is_rtl(w[4]) for w in line):
                arabic += 1
                assert x1 >= width - 15 * MM - 1, ("RTL comment not at the right margin", x1)
                assert x0 >= max(w[2] for w in line), "bullet not before the RTL comment"
            elif line and not any(is_rtl(w[4]) for w in line):
                assert x0 <= 15 * MM + 1, ("Dutch comment not at the left margin", x0)
    rtl_comments = {ARABIC_COMMENT, HEBREW_COMMENT}
    if any(p.comment in rtl_comments for c in data.cards for p in c.placements):
        assert arabic, "no Arabic or Hebrew comment found"
    if data.notes == LONG_NOTES:  # in full, at the end
        assert "eindelijk" in [w[4] for w in pages[-1][2]], "the notes' end is not in All comments"


# A few examples and no shrinking: each one renders nine PDFs (about 10 s on this machine).
@settings(
    max_examples=3,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=sessions())
def test_every_material_survives_what_the_forms_accept(data):
    cache: dict = {}
    for material in materials.MATERIALS:
        check(data, material.name, materials.render(data, material.name, cache=cache))


def session_with_the_longest_notes() -> SessionData:
    """12 cards, each placed and commented on (long Dutch comments and Arabic
    ones), every text at its maximum length except the card titles (40
    characters) and the axes (the default model), and 10 000 characters of notes."""
    long = (COMPOUND + " ") * 20
    cards = [
        CardData(
            number=i + 1,
            title=long[:40],
            description=long[:300],
            agreed=(0.3, -0.2),
            axes=AXES,
            image_credit=long[:120],
            placements=[
                PlacementData(
                    x=((i * 7 + p * 13) % 200) / 100 - 1,
                    y=((i * 11 + p * 5) % 200) / 100 - 1,
                    role=["kunstenaar", "opbouwwerker", ""][p % 3],
                    comment=ARABIC_COMMENT if p % 2 else f"{p} {long}"[:280],
                    featured=p < 3,
                )
                for p in range(12)
            ],
        )
        for i in range(12)
    ]
    return SessionData(
        1, long[:120], datetime.date(2026, 12, 31), long[:120], long[:200], "ABCDEF",
        "https://assenkruis.example/j/ABCDEF/", "closed", LONG_NOTES, AXES, "nl", 12,
        {"kunstenaar": 4, "opbouwwerker": 4, "": 4}, cards, 12,
    )  # fmt: skip


def session_at_the_limits() -> SessionData:
    """The longest notes' session with everything else at its maximum too: card
    titles of 80 characters, a picture on every card, every axis and quadrant
    name at its maximum, and three featured Arabic comments of 280 characters
    on every card."""
    data = session_with_the_longest_notes()
    long = (COMPOUND + " ") * 20
    arabic = ((ARABIC_COMMENT + " ") * 20)[:280]
    axes = {k: long[: 40 if k in defaults.AXES else 60] for k in AXES}
    cards = [
        replace(
            card,
            title=long[:80],
            axes=axes,
            image_uri=PICTURE,
            placements=[replace(p, comment=arabic) if p.featured else p for p in card.placements],
        )
        for card in data.cards
    ]
    return replace(data, axes=axes, cards=cards)


HEBREW = "אמנות בשכונה עם תושבים"
CUT_OUT_TEXTS = {
    "dutch": ((COMPOUND + " ") * 3, (COMPOUND + " ") * 10, (COMPOUND + " ") * 4),
    "wide capitals": ("WMWM " * 20, "MMMMM WWWW " * 30, "WMWMW " * 20),
    "hebrew": ((HEBREW + " ") * 4, (HEBREW + " ") * 14, (HEBREW + " ") * 6),
    "arabic": ((ARABIC + " ") * 4, (ARABIC + " ") * 14, (ARABIC + " ") * 6),
    "emoji": ((EMOJI + " buurt ") * 10, (EMOJI + " kunst ") * 30, (EMOJI + " foto ") * 12),
    "short words": ("Wij " * 20, "kunst " * 50, "van " * 30),
    # A Dutch credit with Arabic in it: the estimate took its footer for two lines
    # (CI, session 8's hypothesis run); the PDF's layout corrects it.
    "credit in two scripts": (
        (COMPOUND + " ") * 3,
        (COMPOUND + " ") * 10,
        "samen " + (ARABIC + " ") * 3,
    ),
}


@pytest.mark.parametrize("texts", CUT_OUT_TEXTS.values(), ids=CUT_OUT_TEXTS.keys())
def test_cut_out_cards_print_the_longest_texts_with_a_picture_and_nothing_over_the_footer(texts):
    """Every card at its limits (title 80, description 300, credit 120
    characters) with a picture of each shape: the words stay above the footer
    and the credit prints whole (check_cut_out_cards); none crosses a cutting line."""
    title, description, credit = texts
    pictures = ["", PICTURE, png(300, 100), png(100, 300), png(400, 300)]
    data = session_at_the_limits()
    cards = [
        replace(card, title=title[:80], description=description[:300],
                image_credit=credit[:120], image_uri=pictures[i % len(pictures)])
        for i, card in enumerate(data.cards[:10])
    ]  # fmt: skip
    data = replace(data, cards=cards)
    pdf = materials.render(data, "cards")
    check(data, "cards", pdf)
    found = " ".join(w[4] for _w, _h, words in words_of(pdf) for w in words)
    assert found.count("Beeld:") == len(cards)  # every credit: no footer lost


def test_a_session_in_hebrew_cyrillic_greek_and_arabic_prints_in_the_projects_faces():
    """Names and comments in four scripts: every material prints them from the
    faces pip installs (no machine font, no box), and Hebrew and Arabic
    comments read right to left from the right margin in All comments."""
    from tests.printables.test_fonts import FACES, embedded_fonts

    texts = [HEBREW, CYRILLIC, GREEK, ARABIC]
    comments = [HEBREW_COMMENT, CYRILLIC + ": хорошо", GREEK + ": ωραία", ARABIC_COMMENT]
    data = materials_data_stub()
    cards = [
        CardData(number=i + 1, title=f"{text} {i + 1}", description=f"{text}. " * 3,
                 agreed=None, axes=AXES, image_credit=text,
                 placements=[PlacementData(x=(p % 5) / 5 - 0.4, y=(p % 3) / 3 - 0.3,
                                           role="kunstenaar", comment=comments[p % 4])
                             for p in range(8)])
        for i, text in enumerate(texts)
    ]  # fmt: skip
    data = replace(data, title=f"{HEBREW} – {CYRILLIC}", organiser=GREEK, cards=cards,
                   participants=8, joined=8, roles={"kunstenaar": 8})  # fmt: skip
    for name in ("cards", "worksheet", "handout", "summary", "comments"):
        pdf = materials.render(data, name)
        used = set(embedded_fonts(pdf)) - {"Noto-Color-Emoji"}
        assert used <= FACES, (name, used - FACES)
        if name in ("summary", "comments"):
            assert {"Heebo", "Noto-Sans-Arabic", "Noto-Sans"} <= used, name
        words = " ".join(w[4] for _w, _h, found in words_of(pdf) for w in found)
        for text in (CYRILLIC, GREEK):
            assert text.split()[0] in words, (name, text)
        if name == "comments":
            check_comments(data, words_of(pdf))


def test_a_card_the_estimate_gets_wrong_is_set_again_from_the_layout():
    """The card CI found with its words over the footer (a Dutch credit with
    Arabic in it): fit.py's estimate alone crowds it, the PDF's own layout shows
    it (materials.cards.crowded_cards) and the card is set again; the rest keep their type."""
    data = session_at_the_limits()
    crowded = replace(data.cards[7], title=((COMPOUND + " ") * 3)[:80],
                      description=((COMPOUND + " ") * 10)[:300], image_uri="",
                      image_credit="samen " + (ARABIC + " ") * 2)  # fmt: skip
    data = replace(data, cards=[*data.cards[:7], crowded])
    estimate = laid_out(materials.html(data, "cards"))
    assert list(materials.cards.crowded_cards(estimate)) == [7]
    page, _pdf = materials.cards.fitted_cards(data)
    assert materials.cards.crowded_cards(laid_out(page)) == {}
    before, after = materials.html(data, "cards").split("cut-card"), page.split("cut-card")
    assert after[1:8] == before[1:8] and after[8] != before[8]  # only the crowded card changed
    check_cut_out_cards(data)


def test_an_ordinary_card_prints_in_the_largest_type_and_a_long_one_smaller():
    from printables.fit import TYPE_STEPS, card_fit

    for title, description in defaults.CARDS:  # the library's cards
        assert (card_fit(title, description, "ABCDEF").title,
                card_fit(title, description, "ABCDEF").description) == TYPE_STEPS[0]  # fmt: skip
    longest = card_fit(COMPOUND * 3, (COMPOUND + " ") * 10, "ABCDEF · Beeld: " + "x" * 120, PICTURE)
    assert longest.title < TYPE_STEPS[0][0] and longest.description < TYPE_STEPS[0][1]


def text_sizes(pdf: bytes) -> list[Counter]:
    """Per page: characters of text by their size in pt (as set, the page's
    transformation included; text inside an image, a chart's numbers, keeps its
    own units and is measured by `chart_number_heights`)."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        sizes: Counter = Counter()

        def visit(text, cm, tm, _font, size, sizes=sizes):
            if text.strip():
                m = [tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
                     tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]]  # fmt: skip
                sizes[round(size * abs(m[0] * m[3] - m[1] * m[2]) ** 0.5, 1)] += len(text.strip())

        page.extract_text(visitor_text=visit)
        pages.append(sizes)
    return pages


FOOTER_PT = 7.5  # the page footer (title, date, organiser, page number)


def test_a_handout_with_every_text_at_its_limit_keeps_to_one_sheet_in_large_type():
    """Every text at its limit: still one sheet, its body 11 pt, its table, the
    chart's names and key 9 pt or more, and its chart's numbers as tall as the
    table's 9 pt ones."""
    data = session_at_the_limits()
    handout = materials.render(data, "handout")
    check(data, "handout", handout)
    first, second = text_sizes(handout)
    assert first.most_common(1)[0][0] == 11  # the body
    assert min(size for page in (first, second) for size in page if size != FOOTER_PT) >= 9
    assert second.most_common(1)[0][0] == 9  # the table and the chart's names
    table, chart = chart_number_heights(handout)
    assert min(chart) >= 0.97 * max(table), (chart, table)


def session_with_the_tallest_table() -> SessionData:
    """What hypothesis found in CI (session 11): a first page too full for the
    results' heading, every quadrant named in three scripts, titles of 80
    characters in mixed scripts, and most cards spread between two quadrants,
    so each table row takes three lines: the back page held ten of twelve rows."""
    axes = {
        "x_from": (COMPOUND + " Lange")[:40], "x_to": "<b>&amp;</b> район <b>&amp;</b>",
        "y_from": (COMPOUND + " Lange")[:40], "y_to": f"{GREEK.split()[-1]} {ARABIC} buurt k",
        "top_left": f"{ARABIC} samen γειτονιά שכונה", "top_right": f"район kunst samen {EMOJI} γειτονιά",
        "bottom_left": f"שכונה {ARABIC} wijkteam γειτονιά <b>&amp;</b>", "bottom_right": "\u202ertl район",
    }  # fmt: skip
    titles = [f"samen {COMPOUND} район", f"samen \u202ertl {ARABIC} kunst kunst buurt {ARABIC}"[:80],
              "<b>&amp;</b> kunst samen <b>&amp;</b> kunst", f"wijkteam {EMOJI} שכונה {ARABIC} район",
              f"buurt район <b>&amp;</b> samen γειτονιά {COMPOUND}"[:80]]  # fmt: skip
    roles = ["kunstenaar", "opbouwwerker", "bewoner", ""]
    cards = [
        CardData(
            number=i + 1,
            title=titles[i] if i < len(titles) else ((COMPOUND + " ") * 3)[:80],
            description=((COMPOUND + " ") * 10)[:300],
            agreed=(0.3, -0.2) if i % 2 else None,
            axes=axes,
            image_credit=((COMPOUND + " ") * 4)[:120],
            placements=[
                PlacementData(
                    x=((i * 7 + p * 13) % 200) / 100 - 1,
                    y=((i * 11 + p * 5) % 200) / 100 - 1,
                    role=roles[p % 4],
                )
                for p in range(6 if i % 4 else 0)
            ],  # fmt: skip
        )
        for i in range(12)
    ]
    title = f"שכונה samen <b>&amp;</b> район wijkteam samen {ARABIC} {COMPOUND} {ARABIC}"[:120]
    organiser = (
        f"{EMOJI} samen wijkteam samen buurt שכונה buurt שכונה kunst wijkteam {ARABIC} {COMPOUND}"
    )
    return SessionData(
        1, title, datetime.date(2026, 12, 31), ((COMPOUND + " ") * 4)[:120], organiser, "ABCDEF",
        "https://assenkruis.example/j/ABCDEF/", "closed", ((COMPOUND + " ") * 10)[:350], axes,
        "nl", 6, {"kunstenaar": 6}, cards, 6,
    )  # fmt: skip


def test_a_handout_whose_back_page_cannot_hold_the_table_in_large_type_keeps_to_one_sheet():
    """Its table is set in 8 pt and its chart smaller, rather than a third page;
    every card's row is on the back page."""
    data = session_with_the_tallest_table()
    handout = materials.render(data, "handout")
    check(data, "handout", handout)
    _width, _height, found = words_of(handout)[-1]
    header = next(w for w in found if w[4] == "Nr.")
    rows = {w[4] for w in found if w[4].isdigit() and w[1] > header[3] and w[0] < header[2] + 2}
    assert rows == {str(n) for n in range(1, 13)}


def chart_number_heights(pdf: bytes) -> tuple[list[float], list[float]]:
    """Heights of the table's card numbers (its first column) and the chart's
    numbered circles' numbers on the handout's last page (pdftotext's boxes)."""
    _width, _height, found = words_of(pdf)[-1]
    header = next(w for w in found if w[4] == "Nr.")
    numbers = [w for w in found if w[4].isdigit()]
    table = [w[3] - w[1] for w in numbers if w[1] > header[3] and w[0] < header[2] + 2]
    chart = [w[3] - w[1] for w in numbers if w[3] < header[1] and w[0] < 100 * MM]
    assert table and chart
    return table, chart


def test_an_ordinary_handout_uses_its_first_page_for_in_short():
    """Its first page holds the model and, in the room left, the results' heading
    with In short's first sentences; the chart and table fill the second."""
    data = session_with_the_longest_notes()
    data = replace(data, title="Kunst in de wijk", place="Buurthuis", organiser="Wijkteam Noord",
                   notes="", cards=[replace(c, title=f"Kaart {c.number}") for c in data.cards])  # fmt: skip
    handout = materials.render(data, "handout")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(handout)).pages]
    assert len(pages) == 2
    assert "Resultaten van deze sessie" in pages[0] and "Kort gezegd" in pages[0]
    assert "Nr." in pages[1] and "Vragen of ideeën? Neem contact op met" in pages[1]


def test_the_longest_notes_keep_the_summary_in_budget_and_print_in_full_in_all_comments():
    data = session_with_the_longest_notes()
    cache: dict = {}
    summary = materials.render(data, "summary", cache=cache)
    assert len(words_of(summary)) <= 16
    check(data, "summary", summary)
    check(data, "comments", materials.render(data, "comments", cache=cache))


def test_the_footer_check_sees_two_lines():
    from printables.render import html_to_pdf

    pdf = html_to_pdf(
        '<link rel="stylesheet" href="printables/print.css">'
        "<style>@page { @bottom-left { white-space: normal; width: 30mm; } }</style>"
        f'<body data-footer="{"lang " * 30}"><p>x</p></body>'
    )
    with pytest.raises(AssertionError, match="footer"):
        check(materials_data_stub(), "handout", pdf)


def materials_data_stub() -> SessionData:
    return SessionData(1, "t", None, "", "", "ABC", "u", "closed", "", AXES, "nl", 0, {}, [])


# Accessible PDFs ------------------------------------------------------------


def structure(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    elements = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if "/S" in node:
                elements.append(node)
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    walk(kid)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(root["/StructTreeRoot"])
    return reader, root, elements


@pytest.mark.django_db
def test_pdfs_are_tagged_with_language_title_author_subject_and_chart_alt_texts(busy_rendered):
    for name, pdf in busy_rendered.pdfs.items():
        reader, root, elements = structure(pdf)
        assert root["/MarkInfo"]["/Marked"], name
        assert str(root["/Lang"]).startswith("nl"), name
        meta = reader.metadata
        assert "Kunst in de wijk" in meta.title, name
        assert meta.author == busy_rendered.data.organiser, name
        assert meta.subject, name
        figures = [e for e in elements if e["/S"] == "/Figure"]
        assert all(str(e.get("/Alt", "")).strip() for e in figures), name
        assert figures or name in ("cards", "comments", "grid-a3"), (
            name
        )  # a chart or a QR code; grid-a3 of 12 cards is four sheets of text
    _, _, elements = structure(busy_rendered.pdfs["summary"])
    alts = [str(e["/Alt"]) for e in elements if e["/S"] == "/Figure"]
    # The charts' alternative texts say what they show, in words.
    assert any(a.startswith("Grafiek van kaart 1:") and "plaatsingen" in a for a in alts)
    assert any(a.startswith("Grafiek: elke geplaatste kaart") for a in alts)
    headings = [e for e in elements if e["/S"] in ("/H1", "/H2")]
    assert len(headings) >= 12


def fonts_of(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_emoji_print_in_colour_where_the_machine_has_an_emoji_font():
    """Dutch and Arabic come with the project (test_fonts.py); emoji in colour
    need Debian's fonts-noto-color-emoji (.ci/run installs it; without it they
    print as their names, also in test_fonts.py)."""
    from printables.render import html_to_pdf

    installed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    require("Noto Color Emoji" in installed, "no emoji font (apt install fonts-noto-color-emoji)")
    pdf = html_to_pdf(
        '<html lang="nl"><link rel="stylesheet" href="printables/print.css">'
        f"<p>Muurschildering {EMOJI} en {ARABIC}</p></html>"
    )
    assert {"Noto-Sans", "Noto-Sans-Arabic", "Noto-Color-Emoji"} <= fonts_of(pdf)


def overlapping_words(words) -> list[tuple[str, str]]:
    """Pairs of words whose boxes cover each other (more than a sliver)."""
    pairs = []
    for i, (ax0, ay0, ax1, ay1, a) in enumerate(words):
        for bx0, by0, bx1, by1, b in words[i + 1 :]:
            width = min(ax1, bx1) - max(ax0, bx0)
            height = min(ay1, by1) - max(ay0, by0)
            if width > 1 and height > 0.3 * min(ay1 - ay0, by1 - by0):
                pairs.append((a, b))
    return pairs


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["summary", "handout", "comments"])
def test_no_text_is_set_over_other_text(busy_rendered, name):
    # Floated boxes that WeasyPrint did not wrap once put the headline figures over
    # the roles line, and each card's x-axis labels under the next heading.
    for number, (_, _, words) in enumerate(words_of(busy_rendered.pdfs[name]), start=1):
        assert overlapping_words(words) == [], f"page {number}"


def test_a_summary_with_every_text_at_its_limit_keeps_a_page_per_card_in_readable_type():
    """Every text at its limit: still 16 pages, a page per card, its body 10 pt
    on every page but the comparison's (its table 9 pt), and nothing but the
    footer under 9 pt: tables, the charts' names, keys and scale numbers, credits."""
    data = session_at_the_limits()
    summary = materials.render(data, "summary")
    assert len(words_of(summary)) <= 16
    check(data, "summary", summary)
    sizes = text_sizes(summary)
    body = [page.most_common(1)[0][0] for page in sizes[:2] + sizes[3:-1]]  # not the overview
    assert body == [10] * (len(sizes) - 2)
    assert min(size for page in sizes for size in page if size != FOOTER_PT) >= 9


@pytest.mark.parametrize(
    "title_chars, long_names, people, opening",
    [(80, True, 60, 3), (12, False, 60, 2)],
    ids=["long-names", "short-titles"],
)
def test_the_summarys_opening_keeps_two_pages_when_everything_competes_for_it(
    title_chars, long_names, people, opening
):
    """The opening's budget (materials.opening.opening_room) against its fullest cases: a
    second round on every card (the longest findings and In short), three chosen
    comments a card, the longest notes, and either every name at its limit or
    titles short enough that each finding is a line and a bit. In 10 pt type the
    twelve findings alone, with every title and name at its limit and a second
    round on every card, run to a third page (materials.opening.OVER_TWO_PAGES): that
    opening, and only that one, takes three pages and the summary 17; every card
    still keeps to its page (a card's comments give way to the long "In words")."""
    data = session_with_the_longest_notes()
    axes = dict(AXES)
    if long_names:
        axes.update({k: ("Langetermijnsamenwerkingsverbanden " * 2)[:40] for k in defaults.AXES})
        axes.update(
            {
                k: ("Samenwerking in de buurt met bewoners " * 2)[:60]
                for k in ("top_left", "top_right", "bottom_left", "bottom_right")
            }
        )
    cards = [
        replace(
            card,
            title=(f"{card.number} Buurtkunst samen met bewoners en opbouwwerk " * 3)[:title_chars],
            axes=axes,
            round=2,
            earlier=[RoundData(1, people, (-0.5, 0.5))],
            placements=[
                PlacementData(
                    x=((card.number * 7 + p * 13) % 200) / 100 - 1,
                    y=((card.number * 11 + p * 5) % 200) / 100 - 1,
                    role=["kunstenaar", "opbouwwerker", ""][p % 3],
                    comment=("Woord " * 50)[:280],
                    featured=p < 3,
                )
                for p in range(people)
            ],
        )
        for card in data.cards
    ]
    summary = materials.render(replace(data, axes=axes, cards=cards), "summary")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(summary)).pages]
    assert pages[opening].lstrip().startswith("Overzicht")  # the opening took its pages
    assert len(pages) <= 14 + opening  # and each card one


def test_notes_of_many_short_lines_keep_the_summarys_opening_to_two_pages():
    """A short line takes a whole line of the page: the notes' beginning is
    measured in lines (materials.opening.characters_within), not only in characters.
    Counted in characters, 300 lines of "Kort." ran the opening onto a third page."""
    data = replace(session_with_the_longest_notes(), notes="Kort.\n" * 300)
    summary = materials.render(data, "summary")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(summary)).pages]
    assert pages[2].lstrip().startswith("Overzicht")
    assert "Dit is het begin van de notities." in pages[1]


@pytest.mark.parametrize("name", ["poster-a4", "poster-a3", "table-tent", "worksheet"])
def test_a_clamped_title_that_starts_in_arabic_stays_on_the_paper(name):
    """What hypothesis found in CI (session 12): a right-to-left title of 120
    characters with Dutch words among the Arabic, clamped to three lines on the
    A3 poster; the clamped last line ran 1em past the right edge, off the paper."""
    title = (
        "الفن في الحي والعمل معا Langetermijnsamenwerkingsverbanden buurt "
        "الفن في الحي والعمل معا buurt kunst kunst wijkteam الفن"
    )
    data = replace(
        session_with_the_tallest_table(), title=title, place="الفن في الحي والعمل معا buurt"
    )
    check(data, name, materials.render(data, name))
