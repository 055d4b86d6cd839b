"""The marks the PDFs print that Noto Sans has no glyph for: ← → ↑ ↓, ◆ and ✂.

The axis labels carry arrows, the agreed position is a diamond, in running
text and in tables, and the cut-out cards say where to cut with scissors.
Noto Sans has none of them and no font package on PyPI holds
them under a licence we could ship, so they came from whatever the system had
(DejaVu Sans on Debian), a second typeface in every PDF. `marks_face()` draws
them as a small font of the project's own instead, one per weight, drawn to
Noto Sans' measures (its stem weight and math axis), made once into FONT_DIR.
print.css names it after Noto Sans, so every other character is Noto's.
"""

import math
from io import BytesIO
from pathlib import Path

from django.conf import settings
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

from workshop.lib.typeface import kept

FAMILY = "Assenkruis Marks"
RECIPE = 3  # part of the file name: count up when the drawing changes
WEIGHTS = {"normal": 400, "bold": 700}
# Noto Sans' measures, in its 1000 units to the em: ascent and descent, and
# where Windows clips (its tallest and deepest glyphs).
ASCENT, DESCENT, WIN_ASCENT, WIN_DESCENT = 1069, -293, 1124, 395
AXIS = 353  # the middle of Noto Sans' minus and plus: arrows and ◆ are centred on it
STEM = {400: 71, 700: 107}  # the thickness of its minus, regular and bold

Point = tuple[float, float]


def arrow(stem: float) -> list[Point]:
    """A left-pointing arrow, its tip at x = 60, 800 units long, around AXIS."""
    tip, end, head, wing, half = 60, 800, 300, 220 + stem / 4, stem / 2
    return [
        (tip, AXIS),
        (tip + head, AXIS - wing),
        (tip + head, AXIS - half),
        (end, AXIS - half),
        (end, AXIS + half),
        (tip + head, AXIS + half),
        (tip + head, AXIS + wing),
    ]


def turned(points: list[Point], quarter_turns: int, width: float) -> list[Point]:
    """The left arrow turned clockwise by quarter turns, placed in a glyph `width` wide."""
    centre_x = 430  # the middle of `arrow`'s length
    turned_points = []
    for x, y in points:
        dx, dy = x - centre_x, y - AXIS
        for _ in range(quarter_turns):
            dx, dy = dy, -dx  # clockwise with y up
        turned_points.append((width / 2 + dx if quarter_turns % 2 else centre_x + dx, AXIS + dy))
    return turned_points


def diamond() -> list[Point]:
    """As tall as a capital letter, as the chart's mark reads beside the text."""
    middle, radius = 390, 340
    return [
        (middle, AXIS + radius),
        (middle + radius, AXIS),
        (middle, AXIS - radius),
        (middle - radius, AXIS),
    ]


def circle(centre: Point, radius: float, steps: int = 32) -> list[Point]:
    x, y = centre
    return [
        (x + radius * math.cos(math.tau * k / steps), y + radius * math.sin(math.tau * k / steps))
        for k in range(steps)
    ]


def scissors(stem: float) -> tuple[list[list[Point]], list[list[Point]]]:
    """Open scissors, like an X lying down: a finger ring above and below the
    axis on the left, and from each ring a blade through the pivot to a point
    on the other side at the right. Mirrored in the axis, so centred on it.
    The outlines, and the finger holes."""
    ring_x, ring_dy, outer, pivot_x, tip_x = 200, 185, 150, 470, 990
    outlines, holes = [], []
    for side in (1, -1):
        centre = (ring_x, AXIS + side * ring_dy)
        length = math.hypot(pivot_x - ring_x, ring_dy)
        ux, uy = (pivot_x - ring_x) / length, -side * ring_dy / length  # along the blade
        nx, ny = -uy * side, ux * side  # across it, mirrored with the side

        start, wide, tip = outer - stem / 2, length + 90, (tip_x - ring_x) / ux
        # (how far along the blade, how far across it in stems): a handle as
        # thick as the ring, wider just past the pivot, then to a point.
        shape = [(start, 0.6), (length, 0.7), (wide, 1.3), (tip, 0),
                 (wide, -0.9), (length, -0.7), (start, -0.6)]  # fmt: skip
        blade = [
            (
                centre[0] + ux * along + nx * across * stem,
                centre[1] + uy * along + ny * across * stem,
            )
            for along, across in shape
        ]
        outlines += [circle(centre, outer), blade]
        holes.append(circle(centre, outer - stem))
    return outlines, holes


def clockwise(points: list[Point]) -> list[Point]:
    """TrueType fills outlines that run clockwise."""
    area = sum(
        x0 * y1 - x1 * y0
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)
    )
    return points if area < 0 else points[::-1]


def glyph(outlines: list[list[Point]], holes: list[list[Point]] = ()):
    """Filled outlines run clockwise; holes inside them the other way."""
    pen = TTGlyphPen(None)
    contours = [clockwise(o) for o in outlines] + [clockwise(h)[::-1] for h in holes]
    for points in contours:
        points = [(round(x), round(y)) for x, y in points]
        pen.moveTo(points[0])
        for point in points[1:]:
            pen.lineTo(point)
        pen.closePath()
    return pen.glyph()


def marks_font(weight: int) -> bytes:
    stem = STEM[weight]
    left = arrow(stem)
    shapes = {  # glyph name: (code point, advance width, (outlines, holes))
        "arrowleft": (0x2190, 860, ([left], [])),
        "arrowup": (0x2191, 600, ([turned(left, 1, 600)], [])),
        "arrowright": (0x2192, 860, ([turned(left, 2, 860)], [])),
        "arrowdown": (0x2193, 600, ([turned(left, 3, 600)], [])),
        "diamond": (0x25C6, 780, ([diamond()], [])),
        "scissors": (0x2702, 1060, scissors(stem)),
    }
    # Spaces too, as wide as Noto Sans' own: a space beside a mark may be set in this font.
    blank = {"space": 0x20, "uni00A0": 0xA0}
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", *blank, *shapes])
    builder.setupCharacterMap(
        {code: name for name, code in blank.items()}
        | {code: name for name, (code, _w, _o) in shapes.items()}
    )
    builder.setupGlyf(
        {name: glyph([]) for name in [".notdef", *blank]}
        | {name: glyph(*drawing) for name, (_c, _w, drawing) in shapes.items()}
    )
    metrics = {".notdef": (500, 0)} | {name: (260, 0) for name in blank}
    for name, (_code, width, _outline) in shapes.items():
        metrics[name] = (width, min(x for x, _y in builder.font["glyf"][name].coordinates))
    builder.setupHorizontalMetrics(metrics)
    builder.setupHorizontalHeader(ascent=ASCENT, descent=DESCENT)
    style = "Bold" if weight == 700 else "Regular"
    builder.setupNameTable(
        {"familyName": FAMILY, "styleName": style, "psName": f"AssenkruisMarks-{style}"}
    )
    builder.setupOS2(
        usWeightClass=weight,
        fsSelection=0x20 if weight == 700 else 0x40,  # bold, or regular
        sTypoAscender=ASCENT,
        sTypoDescender=DESCENT,
        usWinAscent=WIN_ASCENT,
        usWinDescent=WIN_DESCENT,
    )
    builder.setupPost()
    builder.font["head"].macStyle = 1 if weight == 700 else 0
    # The same bytes every time: no date of making in the font.
    builder.font["head"].created = builder.font["head"].modified = 0
    builder.font.recalcTimestamp = False
    out = BytesIO()
    builder.save(out)
    return out.getvalue()


def marks_face(weight: int) -> Path:
    path = Path(settings.FONT_DIR) / f"assenkruis-marks-{weight}-r{RECIPE}.ttf"
    return kept(path, lambda: marks_font(weight))


def marks_faces() -> list[tuple[str, str, Path]]:
    """(family, CSS weight, font file) for each weight, as workshop.lib.typeface.faces()."""
    return [(FAMILY, keyword, marks_face(weight)) for keyword, weight in WEIGHTS.items()]
