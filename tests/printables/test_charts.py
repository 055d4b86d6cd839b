"""The chart module: the contract with the projector's JavaScript, and what the PDFs draw."""

import math
import re
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.printables.conftest import AXES
from workshop.lib import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def test_grid_keeps_the_contract_with_the_browser():
    root = parse(charts.grid_svg(AXES, element_id="g"))
    assert root.get("data-plot-x0") == str(charts.PLOT_X0)
    assert root.get("data-plot-y0") == str(charts.PLOT_Y0)
    assert root.get("data-plot-size") == str(charts.PLOT_SIZE)
    assert root.find(f"{SVG}g[@class='ak-dots']") is not None
    assert charts.to_svg(-1, 1) == (charts.PLOT_X0, charts.PLOT_Y0)
    assert charts.to_svg(1, -1) == (
        charts.PLOT_X0 + charts.PLOT_SIZE,
        charts.PLOT_Y0 + charts.PLOT_SIZE,
    )
    assert "<style>" not in charts.grid_svg(AXES)  # the page styles it
    assert "<style>" in charts.grid_svg(AXES, embed_style=True)  # an <img> styles itself


def test_scatter_draws_every_placement_by_role_with_mean_spread_and_agreed():
    placements = [(0.5, 0.5, "kunstenaar"), (0.7, 0.3, "opbouwwerker"), (0.6, 0.4, "")]
    root = parse(charts.scatter_svg(AXES, placements, agreed=(-0.5, -0.5)))
    dots = root.find(f"{SVG}g[@class='ak-dots']").findall(f"{SVG}circle")
    assert [d.get("class") for d in dots] == [
        "ak-dot ak-role-kunstenaar",
        "ak-dot ak-role-opbouwwerker",
        "ak-dot ak-role-none",
    ]
    (mean,) = root.findall(f"{SVG}circle[@class='ak-mean']")
    assert (float(mean.get("cx")), float(mean.get("cy"))) == charts.to_svg(0.6, 0.4)
    assert root.find(f"{SVG}ellipse[@class='ak-spread']") is not None
    assert root.find(f"{SVG}path[@class='ak-agreed']") is not None


def test_overlapping_dots_stay_visible():
    # Translucent fill with an outline: a pile of dots reads darker, none hides another.
    rule = re.search(r"\.ak-dot\{([^}]*)\}", charts.CHART_CSS).group(1)
    assert "fill-opacity:.35" in rule and "stroke-opacity" in rule


def test_overview_labels_do_not_overlap():
    markers = [charts.Marker(0.2, 0.2, str(n)) for n in range(1, 13)]  # twelve cards, one mean
    root = parse(charts.overview_svg(AXES, markers))
    circles = [
        (float(c.get("cx")), float(c.get("cy")))
        for c in root.findall(f"{SVG}circle[@class='ak-marker']")
    ]
    assert len(circles) == 12
    for i, a in enumerate(circles):
        for b in circles[i + 1 :]:
            assert ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 >= 2 * charts.MARKER_RADIUS


def test_text_is_escaped():
    axes = {**AXES, "top_left": "<script>alert(1)</script> & co"}
    svg = charts.grid_svg(axes)
    assert "<script>" not in svg
    texts = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert any("<script>" in (t or "") for t in texts)


def test_long_names_wrap_and_shrink_instead_of_running_into_each_other():
    long = "Collectieve hulpverlening in wijk en buurt met veel partners"  # 60, the maximum
    root = parse(charts.grid_svg({**AXES, "top_left": long, "x_from": "x" * 40}))
    quadrant = [t for t in root.iter(f"{SVG}text") if t.get("class") == "ak-quadrant"]
    top_left = [t.text for t in quadrant if t.get("text-anchor") == "start"][:2]
    assert " ".join(top_left) == long
    sizes = [float(t.get("font-size")) for t in quadrant if t.text in top_left]
    assert sizes and all(size < charts.QUADRANT_SIZE for size in sizes)
    short = [t for t in quadrant if t.text == AXES["top_right"]]
    assert short and float(short[0].get("font-size")) == charts.QUADRANT_SIZE


def test_no_text_carries_a_style_attribute_the_pages_csp_would_refuse():
    long = "Collectieve hulpverlening in wijk en buurt met veel partners"
    svg = charts.grid_svg({**AXES, "top_left": long, "x_from": "x" * 40, "y_to": "y" * 40})
    assert all(el.get("style") is None for el in parse(svg).iter())


def test_overview_numbers_never_hide_an_agreed_diamond():
    # Agreed exactly where the room's mean is: the number moves aside, with a leader.
    markers = [
        charts.Marker(0.2, 0.2, "1", agreed=(0.2, 0.2)),
        charts.Marker(-0.5, 0.1, "2", agreed=(-0.48, 0.12)),
    ]
    root = parse(charts.overview_svg(AXES, markers))
    circles = [
        (float(c.get("cx")), float(c.get("cy")))
        for c in root.findall(f"{SVG}circle[@class='ak-marker']")
    ]
    for marker in markers:
        ax, ay = charts.to_svg(*marker.agreed)
        assert all(
            ((cx - ax) ** 2 + (cy - ay) ** 2) ** 0.5 > charts.MARKER_RADIUS + 12
            for cx, cy in circles
        )


def numbered_circles(root):
    """(centre of each number's circle, its true point) in the order drawn."""
    found, point = [], None
    for element in root.iter():
        if element.get("class") == "ak-point":
            point = (float(element.get("cx")), float(element.get("cy")))
        elif element.get("class") == "ak-marker":
            found.append(((float(element.get("cx")), float(element.get("cy"))), point))
            point = None
    return found


coordinate = st.floats(-1, 1, allow_nan=False).map(lambda v: round(v, 2))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(coordinate, coordinate), min_size=1, max_size=40))
def test_every_cards_true_place_stays_visible(means):
    # Up to 40 cards, bunched as a real room bunches them: no number covers
    # another card's point, and a number that had to move shows its own point
    # beside it, at the end of its leader.
    markers = [charts.Marker(x, y, str(n)) for n, (x, y) in enumerate(means, 1)]
    drawn = numbered_circles(parse(charts.overview_svg(AXES, markers)))
    assert len(drawn) == len(markers)
    r, dot = charts.MARKER_RADIUS, charts.POINT_RADIUS
    points = [charts.to_svg(m.x, m.y) for m in markers]
    for index, ((centre, leader_point), point) in enumerate(zip(drawn, points, strict=True)):
        if leader_point is None:
            assert centre == (round(point[0], 1), round(point[1], 1))
        else:
            assert math.dist(centre, point) >= r + dot, "a moved number covers its own point"
        for other, (other_centre, _) in enumerate(drawn):
            if other != index:
                assert math.dist(other_centre, point) >= r + dot, (
                    f"number {other + 1} covers the place of card {index + 1}"
                )
                assert math.dist(other_centre, centre) >= 2 * r


def drawn_shapes(root):
    """[(kind, centre, number)] for every numbered circle and diamond, as drawn."""
    shapes, elements = [], list(root.iter())
    for index, element in enumerate(elements):
        kind = element.get("class")
        if kind == "ak-marker":
            centre = (float(element.get("cx")), float(element.get("cy")))
        elif kind == "ak-agreed":
            xs, ys = zip(
                *(
                    map(float, p.split(","))
                    for p in re.findall(r"-?[\d.]+,-?[\d.]+", element.get("d"))
                ),
                strict=True,
            )
            centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
        else:
            continue
        label = next(e for e in elements[index + 1 :] if e.tag == f"{SVG}text")
        shapes.append((kind, centre, label.text))
    return shapes


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(coordinate, coordinate, st.none() | st.tuples(coordinate, coordinate)),
        min_size=1,
        max_size=40,
    )
)
def test_each_agreed_place_is_a_numbered_diamond_and_nothing_hides_another(cards):
    markers = [
        charts.Marker(x, y, str(n), agreed=agreed) for n, (x, y, agreed) in enumerate(cards, 1)
    ]
    root = parse(charts.overview_svg(AXES, markers))
    shapes = drawn_shapes(root)
    size = {"ak-marker": charts.MARKER_RADIUS, "ak-agreed": charts.DIAMOND_RADIUS * 0.75}
    agreed = [m for m in markers if m.agreed]
    # Every card a numbered circle, every agreed place a diamond with the same number.
    assert sorted(n for kind, _c, n in shapes if kind == "ak-marker") == sorted(
        m.label for m in markers
    )
    assert sorted(n for kind, _c, n in shapes if kind == "ak-agreed") == sorted(
        m.label for m in agreed
    )
    # No two overlap (a diamond counted by the circle inside its corners' reach).
    for i, (kind, centre, _n) in enumerate(shapes):
        for other_kind, other, _m in shapes[i + 1 :]:
            assert math.dist(centre, other) >= size[kind] + size[other_kind]
    # Dotted lines only while they stay few enough to follow.
    links = root.findall(f"{SVG}line[@class='ak-link']")
    assert len(links) == (len(agreed) if len(agreed) <= charts.LINKED_AGREED else 0)


def test_a_number_moved_aside_stays_in_its_cards_quadrant():
    # Ten cards bunched just inside one corner of the middle: each number that
    # moves stays in that quadrant, not over the line, where it would read as
    # a card in another quadrant.
    markers = [charts.Marker(-0.06, 0.06, str(n)) for n in range(1, 11)]
    drawn = numbered_circles(parse(charts.overview_svg(AXES, markers)))
    middle_x, middle_y = charts.to_svg(0, 0)
    for (cx, cy), _point in drawn:
        assert cx <= middle_x - charts.MARKER_RADIUS and cy <= middle_y - charts.MARKER_RADIUS


def scale_number_boxes(root) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) of each scale number, from its text element:
    a digit about 0.6 em wide, the box from the baseline up one em."""
    boxes = []
    for text in root.iter(f"{SVG}text"):
        if text.get("class") != "ak-scale":
            continue
        x, baseline, size = float(text.get("x")), float(text.get("y")), charts.SCALE_SIZE
        width = 0.6 * size * len(text.text)
        left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor")]
        boxes.append((left, baseline - 0.75 * size, left + width, baseline + 0.1 * size))
    return boxes


def test_no_numbered_mark_covers_a_scale_number():
    """Cards and agreed places on the scale's ticks (±50 and ±100 on both axes):
    every numbered circle and diamond moves aside, so the scale stays readable."""
    spots = [(0.5, 0), (-0.5, 0), (0, 0.5), (0, -0.5), (0.98, 0), (-0.98, 0), (0, 0.98), (0, -0.98)]
    markers = [charts.Marker(x, y, str(n), agreed=(y, x)) for n, (x, y) in enumerate(spots, 1)]
    root = parse(charts.overview_svg(AXES, markers, bare=True))
    boxes = scale_number_boxes(root)
    assert len(boxes) == 8
    size = {"ak-marker": charts.MARKER_RADIUS, "ak-agreed": charts.DIAMOND_RADIUS * 0.75}
    for kind, (cx, cy), number in drawn_shapes(root):
        for left, top, right, bottom in boxes:
            nearest = (min(max(cx, left), right), min(max(cy, top), bottom))
            assert math.dist((cx, cy), nearest) >= size[kind], (kind, number, (left, top))
