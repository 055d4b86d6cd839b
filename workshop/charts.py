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
import statistics
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

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


@dataclass(frozen=True)
class Marker:
    """A numbered point, e.g. a card at its mean on the overview grid."""

    x: float
    y: float
    label: str
    css_class: str = "ak-marker"
    agreed: tuple[float, float] | None = None


# Okabe–Ito colours: told apart with the common colour-vision deficiencies
# and still distinct when printed in greyscale by lightness.
ROLE_COLOURS = {
    "kunstenaar": "#e69f00",
    "opbouwwerker": "#0072b2",
    "beleidsmaker": "#009e73",
    "bewoner": "#cc79a7",
    "anders": "#666666",
    "": "#999999",
}

_ROLE_RULES = "".join(
    f".ak-role-{role or 'none'}{{fill:{colour};stroke:{colour}}}"
    for role, colour in ROLE_COLOURS.items()
)

# Dots are small, translucent and outlined: where 300 overlap, the pile gets
# darker instead of hiding the dots underneath.
CHART_CSS = (
    "text{font-family:'DejaVu Sans',sans-serif;fill:#222}"
    ".ak-plot{fill:#fff;stroke:#333;stroke-width:2}"
    ".ak-q{fill:none;stroke:#333;stroke-width:1.5}.ak-q-tl,.ak-q-br{fill:#f4f4f0}"
    ".ak-axis{stroke:#555;stroke-width:2}"
    ".ak-quadrant{font-weight:bold;fill:#555}"
    ".ak-dot{fill:#444;stroke:#444;fill-opacity:.35;stroke-opacity:.9;stroke-width:1.5}"
    ".ak-spread{fill:#000;fill-opacity:.05;stroke:#000;stroke-width:2.5;stroke-dasharray:10 6}"
    ".ak-mean{fill:#fff;stroke:#000;stroke-width:5}"
    ".ak-agreed{fill:#000;stroke:#fff;stroke-width:3}"
    ".ak-marker{fill:#fff;stroke:#000;stroke-width:3}"
    ".ak-marker-label{font-size:24px;font-weight:bold}"
    ".ak-link{stroke:#000;stroke-width:2;stroke-dasharray:4 4}"
    ".ak-leader{stroke:#000;stroke-width:1.5}.ak-point{fill:#000}"
    ".ak-segment{stroke:#555;stroke-width:3}"
    ".ak-earlier{fill:#eee;stroke:#555;stroke-dasharray:5 3}"
    ".ak-dots .ak-end{fill-opacity:1;stroke:#fff;stroke-width:2}" + _ROLE_RULES
)


def role_class(role: str) -> str:
    return f"ak-dot ak-role-{role or 'none'}"


def mean_and_spread(
    points: Sequence[tuple[float, float]],
) -> tuple[tuple[float, float] | None, tuple[float, float] | None]:
    """Mean and (population) standard deviation per axis; None without points."""
    if not points:
        return None, None
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (statistics.fmean(xs), statistics.fmean(ys)), (
        statistics.pstdev(xs),
        statistics.pstdev(ys),
    )


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
    x: float, y: float, text: str, anchor: str, width: float, down: bool = False
) -> list[str]:
    """A quadrant's name in its corner, on up to two lines, stacked away from the edge."""
    lines, font = _fit(text, width, QUADRANT_SIZE, max_lines=2, bold=True)
    step = font * 1.15 * (1 if down else -1)
    ordered = lines if down else lines[::-1]
    style = _font_size(font)
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


def grid_svg(
    axes: dict,
    *,
    dots: Iterable[Dot] = (),
    mean: tuple[float, float] | None = None,
    spread: tuple[float, float] | None = None,
    agreed: tuple[float, float] | None = None,
    element_id: str = "",
    css_class: str = "ak-grid",
    title: str = "",
    markers: Iterable[Marker] = (),
    segments: Iterable[tuple[tuple[float, float], tuple[float, float]]] = (),
    dot_radius: float = 11,
    embed_style: bool = False,
) -> str:
    """The two-axis grid with labels and quadrant names, optionally with data.

    axes: the dict of Session.axes(). spread: standard deviation per axis,
    drawn as an ellipse around the mean. markers: numbered points (with an
    optional agreed position linked to each). segments: lines between two
    data points, under the dots. embed_style: carry CHART_CSS inside the SVG,
    for use as an <img>.
    """
    x0, y0, size = PLOT_X0, PLOT_Y0, PLOT_SIZE
    mid_x, mid_y = x0 + size / 2, y0 + size / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW_WIDTH} {VIEW_HEIGHT}"'
        f' class="{escape(css_class)}"'
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
    pad, half = 28, size / 2 - 2 * 28
    parts += _quadrant_name(x0 + pad, y0 + 44, axes["top_left"], "start", half, down=True)
    parts += _quadrant_name(x0 + size - pad, y0 + 44, axes["top_right"], "end", half, down=True)
    parts += _quadrant_name(x0 + pad, y0 + size - pad, axes["bottom_left"], "start", half)
    parts += _quadrant_name(x0 + size - pad, y0 + size - pad, axes["bottom_right"], "end", half)
    # Axis ends: x below the plot, y rotated on the left; each gets half the side.
    ends = [
        (x0, y0 + size + 40, "← " + axes["x_from"], "start", ""),
        (x0 + size, y0 + size + 40, axes["x_to"] + " →", "end", ""),
        (x0 - 30, y0 + size, "← " + axes["y_from"], "start", f"rotate(-90 {x0 - 30} {y0 + size})"),
        (x0 - 30, y0, axes["y_to"] + " →", "end", f"rotate(-90 {x0 - 30} {y0})"),
    ]
    for x, y, text, anchor, rotate in ends:
        [line], font = _fit(text, size / 2 - 10, AXIS_LABEL_SIZE, max_lines=1)
        extra = (f' transform="{rotate}"' if rotate else "") + _font_size(font)
        parts.append(_text(x, y, line, "ak-axis-label", anchor, extra))
    if mean and spread:
        cx, cy = to_svg(*mean)
        parts.append(
            f'<ellipse cx="{cx:.1f}" cy="{cy:.1f}" rx="{spread[0] * size / 2:.1f}"'
            f' ry="{spread[1] * size / 2:.1f}" class="ak-spread"/>'
        )
    for a, b in segments:
        (ax, ay), (bx, by) = to_svg(*a), to_svg(*b)
        parts.append(
            f'<line x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" class="ak-segment"/>'
        )
    parts.append('<g class="ak-dots">')
    for dot in dots:
        cx, cy = to_svg(dot.x, dot.y)
        inner = f"<title>{escape(dot.title)}</title>" if dot.title else ""
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{dot_radius}" class="{escape(dot.css_class)}">{inner}</circle>'
        )
    parts.append("</g>")
    markers = list(markers)
    # Links and agreed diamonds first, so the numbered circles sit on top.
    for marker in markers:
        if marker.agreed:
            (cx, cy), (ax, ay) = to_svg(marker.x, marker.y), to_svg(*marker.agreed)
            parts.append(
                f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{ax:.1f}" y2="{ay:.1f}" class="ak-link"/>'
                + _diamond(ax, ay, 12)
            )
    for marker, (lx, ly) in zip(markers, _label_positions(markers), strict=True):
        cx, cy = to_svg(marker.x, marker.y)
        if (lx, ly) != (cx, cy):
            # Moved clear of another label: a leader from the true point.
            parts.append(
                f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{lx:.1f}" y2="{ly:.1f}" class="ak-leader"/>'
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" class="ak-point"/>'
            )
        parts.append(
            f'<circle cx="{lx:.1f}" cy="{ly:.1f}" r="{MARKER_RADIUS}" class="{escape(marker.css_class)}"/>'
            + _text(lx, ly + 8.5, marker.label, "ak-marker-label")
        )
    if mean:
        cx, cy = to_svg(*mean)
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="18" class="ak-mean"/>')
    if agreed:
        cx, cy = to_svg(*agreed)
        parts.append(_diamond(cx, cy, 20))
    parts.append("</svg>")
    return "".join(parts)


MARKER_RADIUS = 20


def _label_positions(markers: list[Marker]) -> list[tuple[float, float]]:
    """Where to draw each numbered circle: on its point, or the nearest spot
    along a spiral where it overlaps no earlier circle (cards often share a mean)."""
    placed: list[tuple[float, float]] = []
    gap = 2 * MARKER_RADIUS + 3
    r = MARKER_RADIUS

    def inside(x: float, y: float) -> bool:
        return (
            PLOT_X0 + r <= x <= PLOT_X0 + PLOT_SIZE - r
            and PLOT_Y0 + r <= y <= PLOT_Y0 + PLOT_SIZE - r
        )

    for marker in markers:
        px, py = to_svg(marker.x, marker.y)
        spot = (px, py)
        for step in range(400):
            angle, distance = step * 0.6, step * 2.5
            candidate = (px + distance * math.cos(angle), py + distance * math.sin(angle))
            if inside(*candidate) and all(math.dist(candidate, q) >= gap for q in placed):
                spot = candidate
                break
        placed.append(spot)
    return placed


def _diamond(cx: float, cy: float, r: float) -> str:
    return (
        f'<path d="M{cx - r:.1f},{cy:.1f} L{cx:.1f},{cy - r:.1f} L{cx + r:.1f},{cy:.1f}'
        f' L{cx:.1f},{cy + r:.1f} Z" class="ak-agreed"/>'
    )


def scatter_svg(
    axes: dict,
    placements: Iterable[tuple[float, float, str]],
    *,
    agreed: tuple[float, float] | None = None,
    earlier: Sequence[tuple[str, tuple[float, float]]] = (),
    embed_style: bool = False,
    title: str = "",
) -> str:
    """One card: every placement (x, y, role) as a dot coloured by role, the
    mean, the spread ellipse and the agreed position. earlier: (label, mean)
    of earlier rounds, linked in order to this round's mean."""
    placements = list(placements)
    mean, spread = mean_and_spread([(x, y) for x, y, _ in placements])
    path = [point for _, point in earlier] + ([mean] if mean else [])
    return grid_svg(
        axes,
        dots=[Dot(x, y, role_class(role)) for x, y, role in placements],
        mean=mean,
        spread=spread,
        agreed=agreed,
        markers=[
            Marker(*point, label=label, css_class="ak-marker ak-earlier")
            for label, point in earlier
        ],
        segments=list(zip(path, path[1:], strict=False)),
        dot_radius=8,
        embed_style=embed_style,
        title=title,
    )


def overview_svg(axes: dict, markers: Iterable[Marker], *, embed_style: bool = False) -> str:
    """Every card at its mean, numbered, linked to its agreed position if any."""
    return grid_svg(axes, markers=markers, embed_style=embed_style)


def comparison_svg(
    axes: dict,
    pairs: Iterable[tuple[str, tuple[float, float], str, tuple[float, float], str]],
    *,
    embed_style: bool = False,
) -> str:
    """Two groups' means per card: (label, mean_a, role_a, mean_b, role_b), joined
    by a line and numbered halfway, so the longest lines stand out."""
    pairs = list(pairs)
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
    )
