"""Comments and notes in the PDFs, read back: a comment chosen in an earlier
round, the same chosen words twice, "All comments" marking the chosen ones, the
sentence that says where earlier rounds' comments are, and notes in two
languages each read in their own direction (issue 21, point 8)."""

from printables import materials
from printables.data import CardData, PlacementData, RoundData, SessionData
from tests.printables.conftest import AXES, flat, pdf_text
from tests.printables.test_robust import MM, words_of

ARABIC = "فكرة جميلة جدا للحي"
NOTES = f"Een Nederlandse alinea over de avond.\n\n{ARABIC} وللسكان\nNog een Nederlandse regel."


def session(twice: bool = True) -> SessionData:
    earlier = [
        PlacementData(0.5, 0.5, "kunstenaar", "In ronde één gekozen: mooi begin", featured=True),
        PlacementData(0.4, 0.5, "kunstenaar", "Gewoon een opmerking"),
    ]
    now = [
        PlacementData(0.3, 0.2, "kunstenaar", "Top idee!", featured=True),
        *[PlacementData(0.35, 0.25, "kunstenaar", "Top  idee!", featured=True)] * twice,
        *[PlacementData(0.1 * i, 0.1, "kunstenaar") for i in range(4)],
    ]
    card = CardData(1, "Buurtkunst", "Samen.", None, AXES, round=2, placements=now,
                    earlier=[RoundData(1, 2, (0.45, 0.5), earlier)])  # fmt: skip
    return SessionData(
        1, "Sessie", None, "", "", "ABC123", "https://assenkruis.example/j/ABC123/", "closed",
        NOTES, AXES, "nl", 6, {"kunstenaar": 6}, [card], 6,
    )  # fmt: skip


def test_the_card_page_prints_a_comment_chosen_in_round_one_and_chosen_words_once():
    text = flat(pdf_text(materials.render(session(), "summary")))
    page = text[text.index("Opmerkingen die de begeleider uitkoos") :]
    assert "In ronde één gekozen: mooi begin (ronde 1)" in page
    assert page.count("Top idee!") + page.count("Top  idee!") == 1  # the same words once


def test_where_earlier_rounds_comments_are_is_said_without_a_dangling_there():
    text = flat(pdf_text(materials.render(session(twice=False), "summary")))
    # No comment of this round left out: the sentence itself says where the earlier ones are.
    assert "De 2 opmerkingen uit eerdere rondes staan in ‘Alle opmerkingen’" in text
    assert "daar ook" not in text


def test_all_comments_marks_the_chosen_ones():
    text = flat(pdf_text(materials.render(session(), "comments")))
    assert "Achter een opmerking die de begeleider uitkoos staat ‘(gekozen)’." in text
    assert "In ronde één gekozen: mooi begin (gekozen)" in text
    assert "Top idee! (gekozen)" in text
    assert "Gewoon een opmerking (gekozen)" not in text and "Gewoon een opmerking" in text


def test_notes_in_two_languages_each_read_in_their_own_direction():
    """The Dutch lines start at the left margin, the Arabic one ends at the right."""
    for name in ("summary", "comments"):
        for width, _height, found in words_of(materials.render(session(), name)):
            dutch = [w for w in found if w[4] in ("Nederlandse",)]
            # pdftotext returns Arabic in pieces: any word with an Arabic letter.
            arabic = [w for w in found if any("\u0600" <= c <= "\u06ff" for c in w[4])]
            if not arabic:
                continue
            assert max(w[2] for w in arabic) > width - 15 * MM - 4, (
                name,
                "Arabic not at the right",
            )
            assert min(w[0] for w in arabic) > width / 2, (
                name,
                "Arabic line not set from the right",
            )
            for word in dutch:
                first = min((w for w in found if abs(w[1] - word[1]) < 2), key=lambda w: w[0])
                assert first[0] < 15 * MM + 2, (name, "Dutch line not at the left")
            break
        else:
            raise AssertionError(f"{name}: the Arabic notes line is missing")


def compared_session(spread: float) -> SessionData:
    """Twelve cards both groups placed, their averages within `spread` of the middle."""
    import random

    rng = random.Random(3)
    cards = []
    for n in range(1, 13):
        placements = []
        for role in ("kunstenaar", "opbouwwerker"):
            cx, cy = rng.uniform(-spread, spread), rng.uniform(-spread, spread)
            placements += [PlacementData(cx, cy, role) for _ in range(5)]
        cards.append(CardData(n, f"Kaart {n}", "", None, AXES, placements=placements))
    return SessionData(1, "Sessie", None, "", "", "ABC", "u", "closed", "", AXES, "nl", 10,
                       {"kunstenaar": 5, "opbouwwerker": 5}, cards, 10)  # fmt: skip


def test_the_comparison_chart_is_enlarged_when_every_average_sits_near_the_middle():
    """Averages near the middle tangled into one knot of lines and numbers: the
    chart is drawn five times larger, its scale marks and a sentence say so."""
    near = pdf_text(materials.render(compared_session(0.15), "summary"))
    last = flat(near[near.index("Kunstenaars en opbouwwerkers vergeleken") :])
    assert "daarom is de grafiek 5 keer vergroot: de randen liggen bij −20 en +20" in last
    assert "+20" in last  # the scale marks' numbers
    spread = pdf_text(materials.render(compared_session(0.8), "summary"))
    last = flat(spread[spread.index("Kunstenaars en opbouwwerkers vergeleken") :])
    assert "vergroot" not in last
