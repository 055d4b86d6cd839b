"""The one chart module: grid and scatter SVGs for the projector and the PDFs.

The projector's first render and every PDF use these functions, so screen and
paper look alike. Output is an SVG string; every text is escaped here.

Coordinate contract with the browser (static/js/grid.js): data space is
[-1, 1]² with y up. The plot square starts at (PLOT_X0, PLOT_Y0) in viewBox
units and is PLOT_SIZE wide; the root <svg> carries these as data-attributes,
and live dots go into the <g class="ak-dots"> layer.
"""

from collections.abc import Iterable
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
) -> str:
    """The two-axis grid with labels and quadrant names, optionally with data.

    axes: the dict of Session.axes(). spread: standard deviation per axis,
    drawn as an ellipse around the mean.
    """
    x0, y0, size = PLOT_X0, PLOT_Y0, PLOT_SIZE
    mid_x, mid_y = x0 + size / 2, y0 + size / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW_WIDTH} {VIEW_HEIGHT}"'
        f' class="{escape(css_class)}"'
        + (f' id="{escape(element_id)}"' if element_id else "")
        + f' data-plot-x0="{x0}" data-plot-y0="{y0}" data-plot-size="{size}"'
        f' role="img" aria-label="{escape(title or axes["x_from"] + " – " + axes["x_to"])}">',
        f'<rect x="{x0}" y="{y0}" width="{size}" height="{size}" class="ak-plot"/>',
        f'<rect x="{x0}" y="{y0}" width="{size / 2}" height="{size / 2}" class="ak-q ak-q-tl"/>',
        f'<rect x="{mid_x}" y="{y0}" width="{size / 2}" height="{size / 2}" class="ak-q ak-q-tr"/>',
        f'<rect x="{x0}" y="{mid_y}" width="{size / 2}" height="{size / 2}" class="ak-q ak-q-bl"/>',
        f'<rect x="{mid_x}" y="{mid_y}" width="{size / 2}" height="{size / 2}" class="ak-q ak-q-br"/>',
        f'<line x1="{x0}" y1="{mid_y}" x2="{x0 + size}" y2="{mid_y}" class="ak-axis"/>',
        f'<line x1="{mid_x}" y1="{y0}" x2="{mid_x}" y2="{y0 + size}" class="ak-axis"/>',
    ]
    pad = 28
    parts += [
        _text(x0 + pad, y0 + 44, axes["top_left"], "ak-quadrant", "start"),
        _text(x0 + size - pad, y0 + 44, axes["top_right"], "ak-quadrant", "end"),
        _text(x0 + pad, y0 + size - pad, axes["bottom_left"], "ak-quadrant", "start"),
        _text(x0 + size - pad, y0 + size - pad, axes["bottom_right"], "ak-quadrant", "end"),
        # Axis ends: x below the plot, y rotated on the left.
        _text(x0, y0 + size + 40, "← " + axes["x_from"], "ak-axis-label", "start"),
        _text(x0 + size, y0 + size + 40, axes["x_to"] + " →", "ak-axis-label", "end"),
        _text(
            x0 - 30, y0 + size, "← " + axes["y_from"], "ak-axis-label", "start",
            f' transform="rotate(-90 {x0 - 30} {y0 + size})"',
        ),
        _text(
            x0 - 30, y0, axes["y_to"] + " →", "ak-axis-label", "end",
            f' transform="rotate(-90 {x0 - 30} {y0})"',
        ),
    ]  # fmt: skip
    if mean and spread:
        cx, cy = to_svg(*mean)
        parts.append(
            f'<ellipse cx="{cx:.1f}" cy="{cy:.1f}" rx="{spread[0] * size / 2:.1f}"'
            f' ry="{spread[1] * size / 2:.1f}" class="ak-spread"/>'
        )
    parts.append('<g class="ak-dots">')
    for dot in dots:
        cx, cy = to_svg(dot.x, dot.y)
        inner = f"<title>{escape(dot.title)}</title>" if dot.title else ""
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="11" class="{escape(dot.css_class)}">{inner}</circle>'
        )
    parts.append("</g>")
    if mean:
        cx, cy = to_svg(*mean)
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="18" class="ak-mean"/>')
    if agreed:
        cx, cy = to_svg(*agreed)
        parts.append(
            f'<path d="M{cx - 20:.1f},{cy:.1f} L{cx:.1f},{cy - 20:.1f} L{cx + 20:.1f},{cy:.1f}'
            f' L{cx:.1f},{cy + 20:.1f} Z" class="ak-agreed"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
