"""How a card's placements lie (workshop/lib/findings.py): rooms built so the right
description is known, and generated rooms whose sentence must not contradict
their counts."""

import re

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.shapes import CENTRE, CLEAR, ON_AXIS, TIE, TWO_CAMPS, UNIFORM, around
from workshop import defaults
from workshop.lib import findings
from workshop.lib.findings import quadrant_of

AXES = {**defaults.AXES, **{k.removeprefix("quadrant_"): v for k, v in defaults.QUADRANTS.items()}}


def said(points) -> str:
    with translation.override("nl"):
        return findings.sentence(findings.shape(points), lambda key: AXES[key])


def test_two_camps_are_both_named_with_their_counts():
    shape = findings.shape(TWO_CAMPS)
    assert shape.kind == "camps"
    assert [(c.place.quadrants, c.count) for c in shape.camps] == [
        (("top_left",), 24),
        (("bottom_right",), 23),
    ]
    assert said(TWO_CAMPS) == (
        "De groep viel uiteen in twee kampen: 24 van de 47 plaatsingen rond ‘Collectieve"
        " hulpverlening’, 23 rond ‘Individuele activering’."
    )


def test_a_tie_names_every_tied_quadrant():
    # Spread over the whole upper half, 18 each side of the line: no two camps.
    shape = findings.shape(TIE)
    assert dict(shape.counts) == {"top_left": 18, "top_right": 18}
    assert shape.kind == "tie" and shape.tied == ("top_left", "top_right")
    assert said(TIE) == (
        "De groep was verdeeld: ‘Collectieve hulpverlening’ en ‘Collectieve activering’ hebben"
        " elk 18 van de 36 plaatsingen."
    )


def test_a_tight_cluster_is_agreement_in_the_middle_or_on_a_line():
    assert findings.shape(CENTRE).kind == "close"
    assert said(CENTRE) == (
        "De groep was het eens: de plaatsingen liggen dicht bij elkaar in het midden van het"
        " assenkruis."
    )
    assert findings.shape(ON_AXIS).place == findings.Place(("top_left", "top_right"))
    assert said(ON_AXIS) == (
        "De groep was het eens: de plaatsingen liggen dicht bij elkaar op de grens tussen"
        " ‘Collectieve hulpverlening’ en ‘Collectieve activering’."
    )
    corner = around((0.6, -0.6), 12, 0.1)
    assert said(corner) == (
        "De groep was het eens: de plaatsingen liggen dicht bij elkaar bij ‘Individuele"
        " activering’ (12 van de 12)."
    )


def test_uniform_spread_names_every_quadrant_with_its_count():
    shape = findings.shape(UNIFORM)
    assert shape.kind == "spread"
    counts = dict(shape.counts)
    text = said(UNIFORM)
    assert text.startswith("De plaatsingen liggen verspreid; geen vak heeft meer dan de helft:")
    for key, k in counts.items():
        assert f"{k} bij ‘{AXES[key]}’" in text


def test_one_clear_quadrant():
    shape = findings.shape(CLEAR)
    assert shape.kind == "quadrant" and shape.counts[0] == ("top_right", 17)
    assert said(CLEAR) == (
        "De meesten zetten de kaart bij ‘Collectieve activering’: 17 van de 20 plaatsingen."
    )


def test_too_few_and_half_is_not_more_than_half():
    assert said([]) == "Nog niemand heeft deze kaart geplaatst."
    assert findings.shape([(0.5, 0.5)]).kind == "single"
    assert findings.shape([(0.5, 0.5), (-0.5, -0.5)]).kind == "few"
    # 4 of 8 in one quadrant, the rest in three others, far apart: no "most".
    half = (
        [(0.7, 0.7)] * 2 + [(0.3, 0.9)] * 2 + [(-0.7, 0.6), (-0.6, -0.7), (0.8, -0.4), (-0.2, -0.9)]
    )
    assert findings.shape(half).kind == "spread"


def test_the_average_decides_no_quadrant():
    # Five close together in the upper right, three far off in the upper left:
    # the average lies in the upper left, where fewer placed the card.
    pulled = [(0.1, 0.5)] * 5 + [(-0.9, 0.5)] * 3
    shape = findings.shape(pulled)
    assert shape.kind in ("camps", "quadrant")
    assert "Collectieve activering" in said(pulled)
    if shape.kind == "quadrant":
        assert "Collectieve hulpverlening" not in said(pulled)


def test_the_dashed_ellipse_holds_two_in_three_placements():
    for points in (TWO_CAMPS, TIE, CENTRE, ON_AXIS, UNIFORM, CLEAR, [(0.2, 0.3)] * 5):
        (mx, my), (rx, ry), inside = findings.core(points)
        held = sum(1 for x, y in points if ((x - mx) / rx) ** 2 + ((y - my) / ry) ** 2 <= 1 + 1e-9)
        assert held >= inside >= 2 * len(points) / 3
    assert findings.core([(0.1, 0.1), (0.2, 0.2)]) is None


# Generated rooms: a few clusters of any size and reach anywhere on the grid,
# sometimes exactly on an axis, as a room's phones could place them.
coordinate = st.one_of(
    st.floats(-1, 1, allow_nan=False), st.sampled_from([0.0, -1.0, 1.0, 0.5, -0.5])
)
cluster = st.tuples(coordinate, coordinate, st.floats(0, 1), st.integers(1, 25), st.integers())
rooms = st.lists(cluster, min_size=1, max_size=4).map(
    lambda clusters: [
        p for cx, cy, reach, n, seed in clusters for p in around((cx, cy), n, reach, seed)
    ]
)


def named_counts(text: str) -> dict[str, int]:
    """Quadrant name -> the count the sentence gives it, where it gives one."""
    found = {}
    for name in (AXES[q] for q in findings.QUADRANTS):
        m = re.search(rf"(\d+) (?:bij|rond) ‘{re.escape(name)}’", text)
        if m:
            found[name] = int(m.group(1))
    return found


@settings(max_examples=300, deadline=None)
@given(rooms)
def test_no_sentence_contradicts_the_counts(points):
    shape = findings.shape(points)
    counts = {AXES[q]: 0 for q in findings.QUADRANTS}
    for x, y in points:
        counts[AXES[quadrant_of(x, y)]] += 1
    text = said(points)
    named = [name for name in counts if f"‘{name}’" in text]
    unnamed = [name for name in counts if name not in named]
    if shape.kind in ("quadrant", "tie", "spread") or (
        shape.kind == "close" and len(shape.place.quadrants) == 1
    ):
        # Every named quadrant holds more placements than any quadrant not named.
        assert all(counts[a] > counts[b] for a in named for b in unnamed), text
    if shape.kind in ("quadrant", "tie", "spread"):
        for name, k in named_counts(text).items():
            assert counts[name] == k, text
    if shape.kind == "tie":
        top = max(counts.values())
        assert sorted(named) == sorted(n for n, k in counts.items() if k == top), text
    if shape.kind == "camps":
        a, b = shape.camps
        assert a.count + b.count == len(points) and a.count >= b.count
        assert f"{a.count} van de {len(points)} plaatsingen" in text and f", {b.count} " in text
        for camp in shape.camps:  # a camp named by its quadrant: that quadrant beats all unnamed
            if len(camp.place.quadrants) == 1:
                assert all(counts[AXES[camp.place.quadrants[0]]] > counts[u] for u in unnamed)
    if shape.kind == "quadrant":
        (top, k), *rest = shape.counts
        assert 2 * k > len(points) and all(k > other for _q, other in rest)


@pytest.mark.django_db
def test_a_phone_gets_the_shape_of_a_revealed_card_not_the_quadrant_of_its_average(session):
    """The phone's view of a revealed card carries the classifier's shape and ring (the
    phone words them with static/js/findings.js): two camps, both with their counts."""
    from tests.helpers import as_sent, place
    from workshop.live.snapshots import phone_view

    card = session.cards.filter(is_open=True).first()
    for x, y in TWO_CAMPS:
        place(session, card, x, y)
    card.revealed = True
    card.save(update_fields=["revealed"])
    (state,) = [c for c in as_sent(phone_view(session.pk))["cards"] if c["id"] == card.pk]
    result = state["result"]
    assert result["shape"]["kind"] == "camps"
    assert sorted(c["count"] for c in result["shape"]["camps"]) == [23, 24]
    assert result["ring"]["inside"] >= 2 * len(TWO_CAMPS) / 3
    unplaced = [c for c in as_sent(phone_view(session.pk))["cards"] if c["id"] != card.pk]
    assert all(c["result"] is None for c in unplaced)  # not revealed: nothing
