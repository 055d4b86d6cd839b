"""The filters that set user text in the PDFs (printables/templatetags/print_text.py)."""

import re

import pytest

from printables import materials, words
from printables.templatetags.print_text import FSI, LRI, PDI, contact, ltr_numbers, shorten
from tests.printables.conftest import AXES, data_of

pytestmark = pytest.mark.django_db

PHONE = "020 123 45 67"


def test_digit_groups_read_left_to_right_in_arabic_text_only():
    assert ltr_numbers(f"مركز الثقافة, {PHONE}") == f"مركز الثقافة, {LRI}{PHONE}{PDI}"
    assert ltr_numbers(f"Wijkteam Noord, {PHONE}") == f"Wijkteam Noord, {PHONE}"


def test_contact_escapes_isolates_and_keeps_a_phone_number_on_one_line():
    html = contact(f"<b>Wijkteam</b> & co, {PHONE}")
    assert html.startswith('<span class="contact">') and "<b>" not in html
    assert "&lt;b&gt;Wijkteam&lt;/b&gt; &amp; co" in html
    assert PHONE.replace(" ", "\u00a0") in html  # one line, with no element of its own
    assert "\u2060" in contact("Bel 020-1234567")  # nor a break after the dash
    assert FSI in html and PDI in html
    assert contact("") == ""


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Kunst en opbouwwerk in Noord", 25, "Kunst en opbouwwerk in…"),
        ("Kunst", 25, "Kunst"),
        ("Langetermijnsamenwerkingsverbanden", 12, "Langetermij…"),  # no word end near: cut inside
        ("  veel   ruimte  ", 25, "veel ruimte"),
    ],
)
def test_shorten_cuts_at_a_word_end_with_an_ellipsis(text, limit, expected):
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit


def test_an_arabic_organisers_phone_number_prints_in_its_own_order(busy_session):
    from tests.printables.test_robust import words_of

    busy_session.organiser = f"مركز الثقافة، {PHONE}"
    busy_session.save()
    _width, _height, found = words_of(materials.render(data_of(busy_session), "summary"))[0]
    groups = PHONE.split()
    lines = {}
    for x0, y0, _x1, _y1, word in found:
        if word in groups:
            lines.setdefault(round(y0), []).append((x0, word))
    # The header and the footer: on each line the groups left to right as dialled.
    assert len(lines) >= 2
    for line in lines.values():
        assert [word for _x, word in sorted(line)] == groups, line
    # The header reads right to left as a whole: the number, which comes last,
    # stands left of the centre's name, which comes first.
    header = min(lines)
    arabic = [x0 for x0, y0, _x1, _y1, word in found if abs(y0 - header) < 3 and "ث" in word]
    assert arabic and max(x for x, _ in lines[header]) < min(arabic)


def test_the_sentences_isolate_a_name_and_keep_its_digit_groups_in_order():
    # An Arabic axis end with a figure in it, inside a Dutch sentence.
    axes = {"x_from": "Hulpverlening", "x_to": "التفعيل 2 3", "y_from": "Individueel",
            "y_to": "Collectief"}  # fmt: skip
    sentence = words.point_words(axes, (0.5, 0.5))
    # On one line: no-break spaces (a short right-to-left name is kept whole).
    assert f"{FSI}التفعيل\u00a0{LRI}2\u00a03{PDI}{PDI}" in sentence
    assert f"{FSI}Collectief{PDI}" in sentence


def test_where_artists_and_community_workers_differ_is_one_sentence_true_in_absolute_terms():
    from django.utils import translation

    from printables.data import CardData, PlacementData
    from workshop.models import COMPARED_ROLES

    artist, worker = COMPARED_ROLES

    def card(artists_at, workers_at, per=6):
        placements = [PlacementData(*artists_at, artist)] * per + [
            PlacementData(*workers_at, worker)
        ] * per
        return CardData(1, "Kaart", "", None, AXES, placements=placements)

    with translation.override("nl"):
        both = words.roles_sentence(card((0.6, 0.47), (0.12, 0.9)))
        one = words.roles_sentence(card((0.6, 0.5), (-0.3, 0.5)))
        same = words.roles_sentence(card((0.3, 0.3), (0.3, 0.3)))
        few = words.roles_sentence(card((0.6, 0.5), (-0.3, 0.5), per=4))
    sure = (
        "Toeval alleen geeft zo’n groot verschil tussen groepen van deze grootte minder dan één"
        " op de 100 keer."
    )
    # Both groups are Collectief: said so, not "more towards Individueel".
    assert both == (
        f"Kunstenaars en opbouwwerkers verschillen op {FSI}Hulpverlening–Activering{PDI}:"
        f" kunstenaars richting {FSI}Activering{PDI} (+60) en opbouwwerkers in het midden (+12);"
        f" op {FSI}Individueel–Collectief{PDI}: beide groepen richting {FSI}Collectief{PDI},"
        f" kunstenaars minder ver (+47 tegen +90). {sure}"
    )
    assert one == (
        f"Kunstenaars en opbouwwerkers verschillen op {FSI}Hulpverlening–Activering{PDI}:"
        f" kunstenaars richting {FSI}Activering{PDI} (+60) en opbouwwerkers richting"
        f" {FSI}Hulpverlening{PDI} (−30). {sure}"
    )
    assert same.startswith("Kunstenaars (6) en opbouwwerkers (6) zetten de kaart op ongeveer")
    assert few.startswith("Te weinig kunstenaars of opbouwwerkers plaatsten deze kaart")


def test_a_short_arabic_name_in_a_dutch_sentence_stays_whole_on_one_line():
    """WeasyPrint sets each line on its own: an isolate broken over two lines
    turns the second line right to left and puts ", 1 bij" before the name."""
    from printables.render import html_to_pdf
    from printables.templatetags.print_text import isolate
    from tests.printables.test_robust import words_of

    sentence = (
        "Waar de groep de kaarten neerzette: 8 kaarten bij ‘Individuele hulpverlening’,"
        f" 2 bij ‘{isolate('التفعيل الجماعي')}’, 1 bij ‘Collectieve hulpverlening’."
    )
    # A page per width, 40 to 118 mm: some put a line's end inside the name.
    pages = "".join(
        f'<p style="width:{mm}mm; break-after: page">{sentence}</p>' for mm in range(40, 120, 2)
    )
    pdf = html_to_pdf(
        f'<html lang="nl"><link rel="stylesheet" href="printables/print.css">{pages}</html>'
    )
    for number, (_width, _height, found) in enumerate(words_of(pdf)):
        arabic = [y0 for _x0, y0, _x1, _y1, word in found if re.search("[\u0600-\u06ff]", word)]
        assert arabic and max(arabic) - min(arabic) < 8, f"{40 + 2 * number} mm: on two lines"


def layout_test_session(titles: list[str]):
    from printables.data import CardData, SessionData

    cards = [CardData(n, title, "Kort.", None, AXES) for n, title in enumerate(titles, 1)]
    return SessionData(
        1, "Sessie", None, "", "", "ABC123", "https://assenkruis.example/j/ABC123", "open", "",
        AXES, "nl", 0, {}, cards,
    )  # fmt: skip


def test_a_long_title_hangs_beside_its_number_and_an_arabic_row_reads_from_the_right():
    from tests.printables.test_robust import words_of

    long_title = "Drie regels lange titel met heel veel woorden zodat hij over drie regels loopt"
    data = layout_test_session([long_title, "الفن في الحي"])
    _w, _h, found = words_of(materials.render(data, "cards"))[0]
    badge = next(w for w in found if w[4] == "1")
    title = [w for w in found if w[4] in long_title.split()]
    assert len({round(w[1]) for w in title}) >= 3  # three lines or more: the largest type
    assert all(w[0] > badge[2] for w in title)  # each of them beside the number, none under it
    # On the worksheet an Arabic card's row starts at the right: its number right of its title.
    _w, _h, found = words_of(materials.render(data, "worksheet"))[1]
    badge = next(w for w in found if w[4] == "2")
    arabic = [w for w in found if re.search("[\u0600-\u06ff]", w[4])]
    assert arabic and all(w[2] < badge[0] for w in arabic)


def test_a_long_axis_name_is_cut_and_keeps_its_arrow():
    from dataclasses import replace

    from tests.printables.test_robust import words_of

    long = "Langetermijnsamenwerkingsverbanden in de wijk"
    data = layout_test_session(["Kaart"])
    axes = {**AXES, "x_to": ("Activering " + long)[:40], "y_to": ("Collectief " + long)[:40]}
    _w, _h, found = words_of(materials.render(replace(data, axes=axes), "worksheet"))[0]
    # Both names are cut to fit half the grid; the arrows after them still print.
    assert [word for *_box, word in found].count("→") == 2
