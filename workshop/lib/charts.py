"""The one chart module: grid and scatter SVGs for the projector and the PDFs.

The projector's first render and every PDF use these functions, so screen and
paper look alike. Output is an SVG string; every text is escaped here.

Coordinate contract with the browser (static/js/grid.js): data space is
[-1, 1]² with y up. The plot square starts at (PLOT_X0, PLOT_Y0) in viewBox
units and is PLOT_SIZE wide; the root <svg> carries these as data-attributes,
and live dots go into the <g class="ak-dots"> layer.

On a web page the page's CSS styles the chart's classes. A chart embedded as
an <img> (every PDF) is a separate document that page CSS cannot reach, so
`embed_style=True` puts CHART_CSS inside the SVG itself.
"""

import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from workshop.lib import findings, stats
from workshop.lib.role_colours import ROLE_COLOURS, css_name

VIEW_WIDTH = 1000
VIEW_HEIGHT = 1000
PLOT_X0 = 90
PLOT_Y0 = 60
PLOT_SIZE = 820


def to_svg(x: float, y: float) -> tuple[float, float]:
    """Data coordinates (-1..1, y up) to viewBox coordinates (y down)."""
    return (
        PLOT_X0 + (x + 1) / 2 * PLOT_SIZE,
        PLOT_Y0 + (1 - (y + 1) / 2) * PLOT_SIZE,
    )


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    css_class: str = "ak-dot"
    title: str = ""
    square: bool = False  # a paper vote (entered by the facilitator), as on the projector


@dataclass(frozen=True)
class Marker:
    """A numbered point, e.g. a card at its mean on the overview grid."""

    x: float
    y: float
    label: str
    css_class: str = "ak-marker"
    agreed: tuple[float, float] | None = None


# Role colours: one table for charts and live pages (workshop/lib/role_colours.py).
_ROLE_RULES = "".join(
    f".ak-role-{css_name(role)}{{fill:{c.fill};stroke:{c.outline}}}"
    for role, c in ROLE_COLOURS.items()
)

SCALE_SIZE = 35  # the scale marks' numbers, viewBox units: 9 pt or more on every summary chart (the comparison's, 86 mm wide, the smallest)

# Dots are small, translucent and outlined: where 300 overlap, the pile gets
# darker instead of hiding the dots underneath.
CHART_CSS = (
    "text{font-family:'Noto Sans','Noto Sans Arabic','DejaVu Sans',sans-serif;fill:#222}"
    ".ak-plot{fill:#fff;stroke:#333;stroke-width:2}"
    ".ak-q{fill:none;stroke:#333;stroke-width:1.5}.ak-q-tl,.ak-q-br{fill:#f4f4f0}"
    ".ak-axis{stroke:#555;stroke-width:2}"
    ".ak-quadrant{font-weight:bold;fill:#555}"
    ".ak-dot{fill:#444;stroke:#444;fill-opacity:.35;stroke-opacity:.9;stroke-width:1.5}"
    ".ak-print .ak-dot{fill-opacity:.8;stroke-width:2}"
    ".ak-print .ak-q-tl{fill:#e9f2e4}.ak-print .ak-q-tr{fill:#e2eef8}"
    ".ak-print .ak-q-bl{fill:#f8eddc}.ak-print .ak-q-br{fill:#f3e4ef}"
    ".ak-spread{fill:#000;fill-opacity:.05;stroke:#000;stroke-width:2.5;stroke-dasharray:10 6}"
    ".ak-mean{fill:#fff;fill-opacity:.7;stroke:#000;stroke-width:6}"
    ".ak-agreed{fill:#000;stroke:#fff;stroke-width:3}"
    ".ak-marker{fill:#fff;stroke:#000;stroke-width:3}"
    ".ak-marker-label{font-size:24px;font-weight:bold}"
    ".ak-agreed-label{font-size:20px;font-weight:bold;fill:#fff}"
    ".ak-link{stroke:#000;stroke-width:2;stroke-dasharray:4 4}"
    ".ak-leader{stroke:#000;stroke-width:1.5}.ak-point{fill:#000}"
    ".ak-segment{stroke:#555;stroke-width:3}"
    ".ak-tick{stroke:#555;stroke-width:2}"
    f".ak-scale{{font-size:{SCALE_SIZE}px;fill:#444}}"
    ".ak-earlier{fill:#eee;stroke:#555;stroke-dasharray:5 3}"
    ".ak-dots .ak-end{fill-opacity:1;stroke:#fff;stroke-width:2}"
    + _ROLE_RULES
    +
    # A paper vote: a hollow square in its role's colour, as on the projector.
    ".ak-dot.ak-dot-paper{fill:#fff;fill-opacity:1;stroke-opacity:1;stroke-width:3.5}"
)


def role_class(role: str) -> str:
    return f"ak-dot ak-role-{css_name(role)}"


QUADRANT_SIZE = 23  # px, each text's font-size attribute (a page's CSS may override it)
AXIS_LABEL_SIZE = 28


def _fit(text: str, width: float, size: float, max_lines: int, bold: bool = False):
    """Lines and font size that fit `text` into `width` viewBox units.

    An estimate: in Dutch text DejaVu Sans averages 0.50 em a character and
    its bold 0.57 (measured), so these err on the short side. Shrinks the type
    to 55 % at most.
    """
    per_char = 0.6 if bold else 0.55
    font = size
    while True:
        chars = max(1, int(width / (font * per_char)))
        lines = textwrap.wrap(text, chars) or [""]
        if len(lines) <= max_lines or font <= size * 0.55:
            return lines[:max_lines], font
        font *= 0.9


def _font_size(font: float) -> str:
    # A presentation attribute, not a style attribute: the pages' CSP
    # (style-src 'self') refuses inline styles, and a page's own CSS (which
    # grid.js fits to the screen) still has the last say over an attribute.
    return f' font-size="{font:.1f}"'


def _quadrant_name(
    x: float, y: float, text: str, anchor: str, width: float, down: bool = False, key: str = ""
) -> list[str]:
    """A quadrant's name in its corner, on up to two lines, stacked away from the edge.

    key: its key in Session.axes(), as data-axis, for live pages to relabel (grid.js).
    """
    lines, font = _fit(text, width, QUADRANT_SIZE, max_lines=2, bold=True)
    step = font * 1.15 * (1 if down else -1)
    ordered = lines if down else lines[::-1]
    style = _font_size(font) + (f' data-axis="{key}"' if key else "")
    return [
        _text(x, y + i * step, line, "ak-quadrant", anchor, style) for i, line in enumerate(ordered)
    ]


def _text(
    x: float, y: float, text: str, css_class: str, anchor: str = "middle", extra: str = ""
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" class="{css_class}" text-anchor="{anchor}"{extra}>'
        f"{escape(text)}</text>"
    )


def _labels(axes: dict) -> list[str]:
    """Quadrant names in their corners and the axis labels (web grids)."""
    x0, y0, size = PLOT_X0, PLOT_Y0, PLOT_SIZE
    parts: list[str] = []
    pad, half = 28, size / 2 - 2 * 28
    below = y0 + size + 40  # the x axis's labels
    parts += _quadrant_name(
        x0 + pad, y0 + 44, axes["top_left"], "start", half, down=True, key="top_left"
    )
    parts += _quadrant_name(
        x0 + size - pad, y0 + 44, axes["top_right"], "end", half, down=True, key="top_right"
    )
    parts += _quadrant_name(
        x0 + pad, y0 + size - pad, axes["bottom_left"], "start", half, key="bottom_left"
    )
    parts += _quadrant_name(
        x0 + size - pad, y0 + size - pad, axes["bottom_right"], "end", half, key="bottom_right"
    )
    # Axis ends: x below the plot, y rotated on the left; each gets half the side.
    ends = [
        (x0, below, "← " + axes["x_from"], "start", ""),
        (x0 + size, below, axes["x_to"] + " →", "end", ""),
        (x0 - 30, y0 + size, "← " + axes["y_from"], "start", f"rotate(-90 {x0 - 30} {y0 + size})"),
        (x0 - 30, y0, axes["y_to"] + " →", "end", f"rotate(-90 {x0 - 30} {y0})"),
    ]
    for (x, y, text, anchor, rotate), key in zip(
        ends, ("x_from", "x_to", "y_from", "y_to"), strict=True
    ):
        [line], font = _fit(text, size / 2 - 10, AXIS_LABEL_SIZE, max_lines=1)
        extra = (f' transform="{rotate}"' if rotate else "") + _font_size(font)
        extra += f' data-axis="{key}"'
        parts.append(_text(x, y, line, "ak-axis-label", anchor, extra))
    return parts


def grid_svg(
    axes: dict,
    *,
    dots: Iterable[Dot] = (),
    mean: tuple[float, float] | None = None,
    ring: tuple[float, float] | None = None,
    agreed: tuple[float, float] | None = None,
    element_id: str = "",
    css_class: str = "ak-grid",
    title: str = "",
    markers: Iterable[Marker] = (),
    segments: Iterable[tuple[tuple[float, float], tuple[float, float]]] = (),
    dot_radius: float = 11,
    embed_style: bool = False,
    bare: bool = False,
    scale: bool = False,
    marker_scale: float = 1.0,
    zoom: float = 1.0,
) -> str:
    """The two-axis grid with labels and quadrant names, optionally with data.

    axes: the dict of Session.axes(). ring: the radii per axis of the dashed
    ellipse around the mean that holds two in three placements (findings.core). markers: numbered points (with an
    optional agreed position linked to each). segments: lines between two
    data points, under the dots. embed_style: carry CHART_CSS inside the SVG,
    for use as an <img>. bare (print): no text but the markers' numbers, and the
    viewBox is the plot with a small margin. scale: marks at −100, −50, +50 and
    +100 along both axes, for charts whose text gives positions as numbers.
    marker_scale: numbered circles and diamonds, and their numbers, that much
    larger (the handout's 9 pt numbers). zoom: the data were drawn that many
    times larger (comparison_svg); the scale marks give the true values. The PDFs set the quadrant names and
    axis labels as HTML around the image (templates/printables/_chart.html):
    outside the plot, where no dot covers them, and shaped by Pango (WeasyPrint
    draws SVG text letter by letter, which breaks Arabic).
    """
    parts = _frame(axes, element_id, css_class, title, embed_style, bare)
    if not bare:
        parts += _labels(axes)
    if scale:
        parts += _scale_marks(zoom)
    if mean and ring:
        parts.append(_ring(mean, ring))
    parts += _segments(segments)
    parts += _dots(dots, dot_radius)
    scale_spots = _scale_spots(zoom) if scale else []  # the numbers stay readable
    parts += _numbered(list(markers), mean, agreed, marker_scale, scale_spots)
    # The mean is a ring and the agreed position a smaller diamond drawn over it:
    # where they coincide, the diamond sits inside the ring and both stay visible.
    if mean:
        cx, cy = to_svg(*mean)
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{MEAN_RADIUS}" class="ak-mean"/>')
    if agreed:
        cx, cy = to_svg(*agreed)
        parts.append(_diamond(cx, cy, AGREED_RADIUS))
    parts.append("</svg>")
    return "".join(parts)


def _frame(
    axes: dict, element_id: str, css_class: str, title: str, embed_style: bool, bare: bool
) -> list[str]:
    """The <svg> element's opening, its style if embedded, the quadrants and the axes."""
    x0, y0, size = PLOT_X0, PLOT_Y0, PLOT_SIZE
    mid_x, mid_y = x0 + size / 2, y0 + size / 2
    m = BARE_MARGIN
    view = (
        f"{x0 - m} {y0 - m} {size + 2 * m} {size + 2 * m}"
        if bare
        else f"0 0 {VIEW_WIDTH} {VIEW_HEIGHT}"
    )
    return [
        # dir/direction ltr: on a right-to-left page the axes and arrows keep their places.
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view}" dir="ltr" direction="ltr"'
        f' class="{escape(css_class)}{" ak-print" if bare else ""}"'
        + (f' id="{escape(element_id)}"' if element_id else "")
        + f' data-plot-x0="{x0}" data-plot-y0="{y0}" data-plot-size="{size}"'
        f' role="img" aria-label="{escape(title or axes["x_from"] + " – " + axes["x_to"])}">',
        f"<style>{CHART_CSS}</style>" if embed_style else "",
        f'<rect x="{x0}" y="{y0}" width="{size}" height="{size}" class="ak-plot"/>',
        f'<rect x="{x0}" y="{y0}" width="{size / 2}" height="{size / 2}" class="ak-q ak-q-tl"/>',
        f'<rect x="{mid_x}" y="{y0}" width="{size / 2}" height="{size / 2}" class="ak-q ak-q-tr"/>',
        f'<rect x="{x0}" y="{mid_y}" width="{size / 2}" height="{size / 2}" class="ak-q ak-q-bl"/>',
        f'<rect x="{mid_x}" y="{mid_y}" width="{size / 2}" height="{size / 2}" class="ak-q ak-q-br"/>',
        f'<line x1="{x0}" y1="{mid_y}" x2="{x0 + size}" y2="{mid_y}" class="ak-axis"/>',
        f'<line x1="{mid_x}" y1="{y0}" x2="{mid_x}" y2="{y0 + size}" class="ak-axis"/>',
    ]


def _ring(mean: tuple[float, float], ring: tuple[float, float]) -> str:
    """The dashed ellipse around the mean, clipped to the plot: the ring of two
    camps reaches past the grid's edges. An id of its own, as a page may hold
    several charts."""
    x0, y0, size = PLOT_X0, PLOT_Y0, PLOT_SIZE
    clip = f"ak-clip-{abs(hash((mean, ring))) % 10**9}"
    cx, cy = to_svg(*mean)
    return (
        f'<clipPath id="{clip}"><rect x="{x0}" y="{y0}" width="{size}" height="{size}"/></clipPath>'
        f'<ellipse cx="{cx:.1f}" cy="{cy:.1f}" rx="{ring[0] * size / 2:.1f}"'
        f' ry="{ring[1] * size / 2:.1f}" class="ak-spread" clip-path="url(#{clip})"/>'
    )


def _segments(segments: Iterable[tuple[tuple[float, float], tuple[float, float]]]) -> list[str]:
    parts = []
    for a, b in segments:
        (ax, ay), (bx, by) = to_svg(*a), to_svg(*b)
        parts.append(
            f'<line x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" class="ak-segment"/>'
        )
    return parts


def _dots(dots: Iterable[Dot], r: float) -> list[str]:
    parts = ['<g class="ak-dots">']
    for dot in dots:
        cx, cy = to_svg(dot.x, dot.y)
        inner = f"<title>{escape(dot.title)}</title>" if dot.title else ""
        if dot.square:  # as the projector draws a paper vote (static/js/grid.js)
            parts.append(
                f'<rect x="{cx - r:.1f}" y="{cy - r:.1f}" width="{2 * r}" height="{2 * r}"'
                f' class="{escape(dot.css_class)} ak-dot-paper">{inner}</rect>'
            )
        else:
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r}" class="{escape(dot.css_class)}">{inner}</circle>'
            )
    parts.append("</g>")
    return parts


def _numbered(
    markers: list[Marker],
    mean: tuple[float, float] | None,
    agreed: tuple[float, float] | None,
    marker_scale: float,
    scale_spots: list[tuple[tuple[float, float], float]],
) -> list[str]:
    """The numbered circles and, for markers with one, their agreed positions,
    clear of the scale's numbers (`scale_spots`)."""
    parts = []
    agreeing = [m for m in markers if m.agreed]
    # Each agreed position is a diamond with its card's number in it, moved
    # aside (with a leader) where two would overlap or one would cover a card.
    marker_r, diamond_r = MARKER_RADIUS * marker_scale, DIAMOND_RADIUS * marker_scale
    diamonds = _label_positions(
        [Marker(*m.agreed, m.label) for m in agreeing],
        avoid=[(to_svg(m.x, m.y), POINT_RADIUS) for m in markers] + scale_spots,
        radius=diamond_r,
    )
    if len(agreeing) <= LINKED_AGREED:  # more dotted lines than this only cross and tangle
        for marker, (dx, dy) in zip(agreeing, diamonds, strict=True):
            cx, cy = to_svg(marker.x, marker.y)
            parts.append(
                f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{dx:.1f}" y2="{dy:.1f}" class="ak-link"/>'
            )
    # Numbered circles stay clear of the mean, the agreed positions and the diamonds.
    avoid = [
        (to_svg(*p), radius) for p, radius in ((mean, MEAN_RADIUS), (agreed, AGREED_RADIUS)) if p
    ]
    avoid += [(spot, diamond_r) for spot in diamonds]
    avoid += [(to_svg(*m.agreed), POINT_RADIUS) for m in agreeing]
    avoid += scale_spots
    # Scaled numbers (the handout's): a style attribute (the SVG is an <img> in a
    # PDF), which outranks the class's size; a diamond's as large as a circle's.
    number_px = 24 * marker_scale
    agreed_px = 20 if marker_scale == 1 else number_px
    size = f' style="font-size:{number_px:.1f}px"' if marker_scale != 1 else ""
    agreed_size = f' style="font-size:{agreed_px:.1f}px"' if marker_scale != 1 else ""
    for marker, spot in zip(markers, _label_positions(markers, avoid, marker_r), strict=True):
        parts.append(
            _moved(to_svg(marker.x, marker.y), spot)
            + f'<circle cx="{spot[0]:.1f}" cy="{spot[1]:.1f}" r="{marker_r:g}"'
            f' class="{escape(marker.css_class)}"/>'
            + _text(
                spot[0], spot[1] + 0.354 * number_px, marker.label, "ak-marker-label", extra=size
            )
        )
    for marker, spot in zip(agreeing, diamonds, strict=True):
        parts.append(
            _moved(to_svg(*marker.agreed), spot)
            + _diamond(*spot, diamond_r)
            + _text(
                spot[0],
                spot[1] + 0.35 * agreed_px,
                marker.label,
                "ak-agreed-label",
                extra=agreed_size,
            )
        )
    return parts


MARKER_RADIUS = 20
DIAMOND_RADIUS = 27  # half its diagonal: a two-digit number fits inside
LINKED_AGREED = 6  # up to this many agreed positions, each linked to its card by a dotted line
POINT_RADIUS = 5  # a moved number's true point, at the end of its leader
MEAN_RADIUS = 22
AGREED_RADIUS = 13
BARE_MARGIN = 24  # around the plot of a bare chart, for dots and markers on its edge


def _scale_marks(zoom: float = 1.0) -> list[str]:
    """Ticks with their numbers on both axes, at −100, −50, +50 and +100 (divided
    by `zoom` on an enlarged chart): the scale the printed words use ("clearly
    towards Activering (+55)")."""
    parts = []
    for value in (-1, -0.5, 0.5, 1):
        x, y = to_svg(value, 0)
        parts.append(
            f'<line x1="{x:.1f}" y1="{y - 9:.1f}" x2="{x:.1f}" y2="{y + 9:.1f}" class="ak-tick"/>'
        )
        x, y = to_svg(0, value)
        parts.append(
            f'<line x1="{x - 9:.1f}" y1="{y:.1f}" x2="{x + 9:.1f}" y2="{y:.1f}" class="ak-tick"/>'
        )
    for x, y, label, anchor in _scale_labels(zoom):
        parts.append(_text(x, y, label, "ak-scale", anchor))
    return parts


def _scale_labels(zoom: float = 1.0) -> list[tuple[float, float, str, str]]:
    """The scale marks' numbers: (x, baseline, text, anchor). On the horizontal
    axis under its tick, the ends' inside the plot; on the vertical axis beside it."""
    labels = []
    for value in (-1, -0.5, 0.5, 1):
        label = f"{'+' if value > 0 else '−'}{abs(round(value * 100 / zoom))}"
        x, y = to_svg(value, 0)
        inward = -1 if value > 0 else 1
        anchor = "middle" if abs(value) < 1 else ("end" if value > 0 else "start")
        labels.append(
            (x + inward * (4 if abs(value) == 1 else 0), y + 9 + SCALE_SIZE, label, anchor)
        )
        x, y = to_svg(0, value)
        shift = SCALE_SIZE * 0.35 + (
            SCALE_SIZE * 0.6 if value == 1 else -SCALE_SIZE * 0.3 if value == -1 else 0
        )
        labels.append((x + 14, y + shift, label, "start"))
    return labels


def _scale_spots(zoom: float = 1.0) -> list[tuple[tuple[float, float], float]]:
    """The scale numbers as circles (centre, radius) a numbered mark keeps clear of."""
    spots = []
    for x, baseline, label, anchor in _scale_labels(zoom):
        half = 0.3 * SCALE_SIZE * len(label)  # half the number's width, about
        centre = x + {"start": half, "middle": 0, "end": -half}[anchor]
        spots.append(((centre, baseline - 0.35 * SCALE_SIZE), half))
    return spots


def _moved(point: tuple[float, float], spot: tuple[float, float]) -> str:
    """A leader from a number's true point to where it is drawn, if it moved."""
    if spot == point:
        return ""
    return (
        f'<line x1="{point[0]:.1f}" y1="{point[1]:.1f}" x2="{spot[0]:.1f}" y2="{spot[1]:.1f}"'
        f' class="ak-leader"/><circle cx="{point[0]:.1f}" cy="{point[1]:.1f}"'
        f' r="{POINT_RADIUS}" class="ak-point"/>'
    )


def _label_positions(
    markers: list[Marker],
    avoid: Sequence[tuple[tuple[float, float], float]] = (),
    radius: float = MARKER_RADIUS,
) -> list[tuple[float, float]]:
    """Where to draw each numbered circle: on its point, or the nearest spot
    along a spiral where it overlaps no earlier circle (cards often share a mean)
    and none of the `avoid` circles ((centre, radius) in viewBox units).

    No circle covers another card's point, and a circle that moves goes far
    enough for its own point to show beside it, at the end of its leader: every
    card's true place stays visible."""
    placed: list[tuple[float, float]] = []
    gap = 2 * radius + 3
    r = radius
    points = [to_svg(marker.x, marker.y) for marker in markers]
    clear_of_point = r + POINT_RADIUS + 3

    def inside(x: float, y: float) -> bool:
        return (
            PLOT_X0 + r <= x <= PLOT_X0 + PLOT_SIZE - r
            and PLOT_Y0 + r <= y <= PLOT_Y0 + PLOT_SIZE - r
        )

    middle = (PLOT_X0 + PLOT_SIZE / 2, PLOT_Y0 + PLOT_SIZE / 2)

    def in_its_quadrant(candidate: tuple[float, float], point: tuple[float, float]) -> bool:
        """Wholly on the point's side of both axes: a number moved over a line
        reads as a card in the other quadrant."""
        return all(
            (c - m) * (p - m) > 0 and abs(c - m) >= r
            for c, p, m in zip(candidate, point, middle, strict=True)
        )

    def free(candidate: tuple[float, float], others: list[tuple[float, float]]) -> bool:
        return (
            inside(*candidate)
            and all(math.dist(candidate, q) >= gap for q in placed)
            and all(math.dist(candidate, c) >= r + clear + 3 for c, clear in avoid)
            and all(math.dist(candidate, q) >= clear_of_point for q in others)
        )

    for index, point in enumerate(points):
        others = points[:index] + points[index + 1 :]
        spot = point
        if not free(point, others):
            # Moved: within its own quadrant where there is room, else anywhere free.
            spiral = []
            for step in range(1, 600):
                angle, distance = step * 0.6, step * 2.5
                if distance >= clear_of_point:  # far enough for its point to show
                    spiral.append(
                        (
                            point[0] + distance * math.cos(angle),
                            point[1] + distance * math.sin(angle),
                        )
                    )
            spot = next(
                (c for c in spiral if in_its_quadrant(c, point) and free(c, others)),
                next((c for c in spiral if free(c, others)), point),
            )
        placed.append(spot)
    return placed


def _diamond(cx: float, cy: float, r: float) -> str:
    return (
        f'<path d="M{cx - r:.1f},{cy:.1f} L{cx:.1f},{cy - r:.1f} L{cx + r:.1f},{cy:.1f}'
        f' L{cx:.1f},{cy + r:.1f} Z" class="ak-agreed"/>'
    )


def scatter_svg(
    axes: dict,
    placements: Iterable[tuple],
    *,
    agreed: tuple[float, float] | None = None,
    earlier: Sequence[tuple[str, tuple[float, float]]] = (),
    embed_style: bool = False,
    title: str = "",
    bare: bool = False,
) -> str:
    """One card: every placement (x, y, role[, paper]) as a dot coloured by role
    (a square for a paper vote), the mean, the dashed ellipse that holds two in
    three placements (findings.core) and the agreed position. earlier: (label, mean) of earlier rounds, linked in order to this
    round's mean."""
    placements = [(p[0], p[1], p[2], len(p) > 3 and p[3]) for p in placements]
    mean = stats.of_points((p[0], p[1]) for p in placements)[0]
    core = findings.core([(p[0], p[1]) for p in placements])
    path = [point for _, point in earlier] + ([mean] if mean else [])
    return grid_svg(
        axes,
        dots=[Dot(x, y, role_class(role), square=paper) for x, y, role, paper in placements],
        mean=mean,
        ring=core[1] if core else None,
        agreed=agreed,
        markers=[
            Marker(*point, label=label, css_class="ak-marker ak-earlier")
            for label, point in earlier
        ],
        segments=list(zip(path, path[1:], strict=False)),
        dot_radius=8,
        embed_style=embed_style,
        title=title,
        bare=bare,
        scale=bare,
    )


def overview_svg(
    axes: dict,
    markers: Iterable[Marker],
    *,
    embed_style: bool = False,
    bare: bool = False,
    marker_scale: float = 1.0,
    scale: bool = True,
) -> str:
    """Every card at its mean, numbered, linked to its agreed position if any;
    scale marks on a bare chart unless `scale` is False (the handout gives no numbers)."""
    return grid_svg(
        axes, markers=markers, embed_style=embed_style, bare=bare, scale=bare and scale,
        marker_scale=marker_scale,
    )  # fmt: skip


def comparison_svg(
    axes: dict,
    pairs: Iterable[tuple[str, tuple[float, float], str, tuple[float, float], str]],
    *,
    embed_style: bool = False,
    bare: bool = False,
    zoom: float = 1.0,
    marker_scale: float = 1.0,
) -> str:
    """Two groups' means per card: (label, mean_a, role_a, mean_b, role_b), joined
    by a line and numbered halfway, so the longest lines stand out. zoom: drawn
    that many times larger around the middle (means near it tangled into a knot;
    the scale marks say so); every mean must then lie within ±1/zoom.
    marker_scale: as grid_svg's (the summary's 9 pt numbers)."""

    def near(point: tuple[float, float]) -> tuple[float, float]:
        return (point[0] * zoom, point[1] * zoom)

    pairs = [(label, near(a), role_a, near(b), role_b) for label, a, role_a, b, role_b in pairs]
    return grid_svg(
        axes,
        dots=[
            Dot(*point, role_class(role) + " ak-end")
            for _, a, role_a, b, role_b in pairs
            for point, role in ((a, role_a), (b, role_b))
        ],
        segments=[(a, b) for _, a, _, b, _ in pairs],
        markers=[
            Marker((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, label) for label, a, _, b, _ in pairs
        ],
        dot_radius=12,
        embed_style=embed_style,
        bare=bare,
        scale=bare,
        zoom=zoom,
        marker_scale=marker_scale,
    )


# A legend's symbols, one under the other, drawn with the charts' own classes so
# they are the very marks of the chart. The PDFs set this as the background of
# the legend's text (one line per symbol): one image instead of a box per mark,
# which is most of what a legend costs WeasyPrint.
LEGEND_PITCH = 100  # viewBox units per line; the page sets the line height to match


def legend_key_svg(keys: Sequence[str]) -> str:
    """Symbols for `keys`, top to bottom: "role:<role>", "paper", "mean",
    "spread", "agreed", "earlier" or "marker"."""
    p, mid = LEGEND_PITCH, LEGEND_PITCH / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {p} {p * len(keys)}"'
        f' class="ak-print" aria-hidden="true"><style>{CHART_CSS}</style>'
    ]
    for i, key in enumerate(keys):
        cy = i * p + mid
        if key.startswith("role:"):
            parts.append(f'<circle cx="{mid}" cy="{cy}" r="24" class="{role_class(key[5:])}"/>')
        elif key == "paper":
            parts.append(
                f'<rect x="{mid - 24}" y="{cy - 24}" width="48" height="48" class="ak-dot ak-role-none ak-dot-paper" style="stroke:#14171f"/>'
            )
        elif key == "mean":
            parts.append(
                f'<circle cx="{mid}" cy="{cy}" r="{MEAN_RADIUS * 1.3:.0f}" class="ak-mean"/>'
            )
        elif key == "spread":
            parts.append(f'<ellipse cx="{mid}" cy="{cy}" rx="44" ry="28" class="ak-spread"/>')
        elif key == "agreed":
            parts.append(_diamond(mid, cy, AGREED_RADIUS * 2.2))
        elif key in ("earlier", "marker"):
            css = "ak-marker ak-earlier" if key == "earlier" else "ak-marker"
            parts.append(
                f'<circle cx="{mid}" cy="{cy}" r="{MARKER_RADIUS * 1.5:.0f}" class="{css}"/>'
                + _text(mid, cy + 12, "1", "ak-marker-label", extra=' style="font-size:34px"')
            )
        else:
            raise ValueError(f"no legend symbol for {key!r}")
    parts.append("</svg>")
    return "".join(parts)
