"""How a card's placements lie: the one classifier behind every sentence about results.

`shape(points)` names the shape of a card's placements (points on the −1…1
grid, y up) in a small declared result; printables/words.py, the phone's
results page and the exports' words say it, and static/js/findings.js is its
twin for the projector and the control page (tests/browser/test_js_findings.py
holds the two equal). docs/printables.md explains the rules in words a policy
adviser can check. In order:

- no placement, one, or two: too few to speak of a shape;
- close together: the typical distance of a placement to the average (the root
  mean square) is at most TIGHT, wherever the cluster sits: in the middle, on
  the line between two quadrants, or in one quadrant;
- two camps: the placements split into two groups (the best split along the
  direction they vary most), each with at least a quarter of them, whose
  averages lie at least CAMP_GAP apart and at least CAMP_RATIO times further
  apart than the groups' own typical spread;
- a tie: quadrants that share the highest count hold three in four placements together;
- one quadrant: more than half of the placements in one quadrant;
- spread: otherwise; every quadrant with placements is named with its count.

A quadrant is named only where it holds more placements than every quadrant
not named, and never by the sign of the average. Sums run left to right (not
math.fsum) so the browser's twin adds up to the very same figures.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

Point = tuple[float, float]

QUADRANTS = ("top_left", "top_right", "bottom_left", "bottom_right")


def quadrant_of(x: float, y: float) -> str:
    """The key in Session.axes() of the quadrant a point lies in (the axes count as top/right)."""
    return f"{'top' if y >= 0 else 'bottom'}_{'right' if x >= 0 else 'left'}"


def strength_of(x: float, y: float) -> str:
    """How far a point lies from the middle, in words' terms: "weak", "medium" or "strong"."""
    distance = max(abs(x), abs(y))
    return "weak" if distance < 0.34 else "medium" if distance < 0.67 else "strong"


MIN_SHAPE = 3  # fewer placements: too few to speak of a shape
TIGHT = 0.25  # typical distance to the average at most this (25 on −100…+100): close together
MIDDLE = 0.15  # an average this close to an axis (15 on −100…+100) lies on it
CAMP_SHARE = 0.25  # each camp at least a quarter of the placements…
CAMP_MIN = 2  # …and at least two
CAMP_GAP = 0.5  # the camps' averages at least 50 apart on −100…+100…
CAMP_RATIO = 3  # …and this many times their own typical spread
LARGELY = 0.75  # one quadrant with at least three in four: "largely"
CORE_FLOOR = 0.02  # an axis with no spread still gets a sliver of ellipse


@dataclass(frozen=True)
class Place:
    """Where a group of placements lies: () the middle, (q,) in quadrant q,
    (a, b) on the line between quadrants a and b (keys of Session.axes())."""

    quadrants: tuple[str, ...]


@dataclass(frozen=True)
class Camp:
    place: Place
    count: int


@dataclass(frozen=True)
class Shape:
    kind: str  # "none", "single", "few", "close", "camps", "tie", "quadrant", "spread"
    total: int
    counts: tuple[tuple[str, int], ...]  # (quadrant, placements) most first, empty ones left out
    distance: float = 0.0  # typical distance to the average (root mean square), 0…2
    place: Place | None = None  # "close": where the cluster lies
    camps: tuple[Camp, ...] = ()  # "camps": the larger first
    tied: tuple[str, ...] = ()  # "tie": the quadrants sharing the highest count

    @property
    def top(self) -> tuple[str, int] | None:
        """The quadrant chosen most and its count (only meaningful when it is alone at the top)."""
        return self.counts[0] if self.counts else None

    @property
    def level(self) -> str:
        """For "quadrant": "all", "large" (≥ 3 in 4) or "most" (more than half)."""
        k = self.counts[0][1]
        return "all" if k == self.total else ("large" if k >= LARGELY * self.total else "most")


def total(values: Iterable[float]) -> float:
    """Left-to-right sum, as JavaScript's reduce adds."""
    s = 0.0
    for v in values:
        s += v
    return s


def square(v: float) -> float:
    return v * v  # not v ** 2: the same rounding as JavaScript's v * v


def mean_of(points: Sequence[Point]) -> Point:
    n = len(points)
    return total(p[0] for p in points) / n, total(p[1] for p in points) / n


def rms_distance(points: Sequence[Point], mean: Point) -> float:
    """Typical distance of a placement to the average: √(mean squared distance)."""
    mx, my = mean
    return math.sqrt(total(square(x - mx) + square(y - my) for x, y in points) / len(points))


def counted(points: Sequence[Point]) -> tuple[tuple[str, int], ...]:
    """Placements per quadrant, most first (ties in QUADRANTS order), empty ones left out."""
    counts = {q: 0 for q in QUADRANTS}
    for x, y in points:
        counts[quadrant_of(x, y)] += 1
    ranked = sorted(QUADRANTS, key=lambda q: (-counts[q], QUADRANTS.index(q)))
    return tuple((q, counts[q]) for q in ranked if counts[q])


def place_of(points: Sequence[Point]) -> Place:
    """The middle, a line between two quadrants, or the quadrant most of them chose
    (only when it is the average's quadrant too); else the line between the two."""
    mx, my = mean_of(points)
    near_x, near_y = abs(mx) < MIDDLE, abs(my) < MIDDLE
    if near_x and near_y:
        return Place(())
    if near_x:
        side = "top" if my >= 0 else "bottom"
        return Place((f"{side}_left", f"{side}_right"))
    if near_y:
        side = "right" if mx >= 0 else "left"
        return Place((f"top_{side}", f"bottom_{side}"))
    counts = counted(points)
    own = quadrant_of(mx, my)
    alone = len(counts) == 1 or counts[0][1] > counts[1][1]
    if counts[0][0] == own and alone:
        return Place((own,))
    # The average's quadrant is not alone at the top: the line between the two chosen most.
    return Place(tuple(q for q in QUADRANTS if q in (counts[0][0], counts[1][0])))


def principal_direction(points: Sequence[Point], mean: Point) -> Point:
    """The direction in which the placements vary most (the covariance's first eigenvector)."""
    mx, my = mean
    n = len(points)
    a = total(square(x - mx) for x, _ in points) / n
    c = total(square(y - my) for _, y in points) / n
    b = total((x - mx) * (y - my) for x, y in points) / n
    if b == 0:
        return (1.0, 0.0) if a >= c else (0.0, 1.0)
    top = (a + c) / 2 + math.sqrt(square((a - c) / 2) + b * b)
    return (top - c, b) if a >= c else (b, top - a)


def best_split(points: Sequence[Point]) -> tuple[list[Point], list[Point], float]:
    """The two groups, cut across the principal direction where the groups'
    summed squared distances to their own averages are least, and that sum."""
    mean = mean_of(points)
    vx, vy = principal_direction(points, mean)
    t = [vx * (x - mean[0]) + vy * (y - mean[1]) for x, y in points]
    order = [points[i] for i in sorted(range(len(points)), key=lambda i: (t[i], i))]
    n = len(order)
    sx, sy, sq = [0.0], [0.0], [0.0]  # prefix sums of x, y and x² + y²
    for x, y in order:
        sx.append(sx[-1] + x)
        sy.append(sy[-1] + y)
        sq.append(sq[-1] + x * x + y * y)

    def squares(i: int, j: int) -> float:
        k = j - i
        dx, dy = sx[j] - sx[i], sy[j] - sy[i]
        return max(0.0, (sq[j] - sq[i]) - (dx * dx + dy * dy) / k)

    best, cut = math.inf, 1
    for k in range(1, n):
        within = squares(0, k) + squares(k, n)
        if within < best:
            best, cut = within, k
    return order[:cut], order[cut:], best


def camps_of(points: Sequence[Point], counts: tuple[tuple[str, int], ...]) -> tuple[Camp, ...]:
    """Two camps, the larger first, or () when the placements do not split into two."""
    n = len(points)
    left, right, within = best_split(points)
    if min(len(left), len(right)) < max(CAMP_MIN, CAMP_SHARE * n):
        return ()
    (ax, ay), (bx, by) = mean_of(left), mean_of(right)
    gap = math.sqrt(square(ax - bx) + square(ay - by))
    if gap < CAMP_GAP or gap < CAMP_RATIO * math.sqrt(within / n):
        return ()
    camps = sorted(
        (Camp(place_of(group), len(group)) for group in (left, right)),
        key=lambda c: (-c.count, [QUADRANTS.index(q) for q in c.place.quadrants]),
    )
    if camps[0].place == camps[1].place:
        return ()
    # A camp named by its quadrant: that quadrant holds more than any quadrant not named.
    named = {c.place.quadrants[0] for c in camps if len(c.place.quadrants) == 1}
    count = dict(counts)
    unnamed = max((k for q, k in counts if q not in named), default=0)
    if any(count.get(q, 0) <= unnamed for q in named):
        return ()
    return tuple(camps)


def shape(points: Iterable[Point]) -> Shape:
    """The shape of a card's placements (see the module's docstring)."""
    points = [(float(x), float(y)) for x, y in points]
    n = len(points)
    counts = counted(points)
    if n < MIN_SHAPE:
        return Shape(("none", "single", "few")[n], n, counts)
    distance = rms_distance(points, mean_of(points))
    if distance <= TIGHT:
        return Shape("close", n, counts, distance, place=place_of(points))
    camps = camps_of(points, counts)
    if camps:
        return Shape("camps", n, counts, distance, camps=camps)
    highest = counts[0][1]
    tied = tuple(q for q, k in counts if k == highest)
    if len(tied) > 1 and highest * len(tied) >= LARGELY * n:
        return Shape("tie", n, counts, distance, tied=tied)
    if highest * 2 > n:
        return Shape("quadrant", n, counts, distance)
    return Shape("spread", n, counts, distance)


def core(points: Sequence[Point]) -> tuple[Point, Point, int] | None:
    """The dashed ellipse: centred on the average, shaped by the spread per axis
    and scaled so that it holds at least two in three of the placements.
    (centre, radii per axis, placements inside); None for fewer than MIN_SHAPE."""
    n = len(points)
    if n < MIN_SHAPE:
        return None
    mx, my = mean_of(points)
    sx = max(CORE_FLOOR, math.sqrt(total(square(x - mx) for x, _ in points) / n))
    sy = max(CORE_FLOOR, math.sqrt(total(square(y - my) for _, y in points) / n))
    reach = sorted(math.sqrt(square((x - mx) / sx) + square((y - my) / sy)) for x, y in points)
    scale = reach[-(-2 * n // 3) - 1]  # the ⌈2n/3⌉-th nearest
    inside = sum(1 for r in reach if r <= scale)
    return (mx, my), (max(CORE_FLOOR, scale * sx), max(CORE_FLOOR, scale * sy)), inside


def described(points: Sequence[Point]) -> dict:
    """A card's shape and ring as a phone receives them (docs/protocol.md `result`),
    in the form static/js/findings.js's `sentence` reads: the phone says the
    room's result in the same words as the projector, in its own language."""
    found, ring = shape(points), core(points)
    return {
        "shape": {
            "kind": found.kind,
            "total": found.total,
            "counts": [list(c) for c in found.counts],
            "distance": round(found.distance, 4),
            "place": list(found.place.quadrants) if found.place else None,
            "camps": [{"place": list(c.place.quadrants), "count": c.count} for c in found.camps],
            "tied": list(found.tied),
        },
        # Four decimals, as the means: a ten-thousandth of an axis is far below a
        # pixel, and a full hall gets these views every few seconds.
        "ring": ring and {"mean": [round(v, 4) for v in ring[0]],
                          "radii": [round(v, 4) for v in ring[1]], "inside": ring[2]},
    }  # fmt: skip


# The words: one set for every place that speaks about results. Names are
# passed in by the caller (`name`: quadrant key -> its text, bidi-isolated in
# print); static/js/findings.js fills the same texts, which the projector and
# control page receive from workshop/live/strings.py.


def texts() -> dict:
    """Every text of a result sentence, by key, in the active language."""
    return {
        "none": _("Nobody has placed this card yet."),
        "single": _("Only one person placed this card."),
        "few": _("Too few placements to say where the room stands."),
        "close_middle": _(
            "The room agreed: the placements lie close together in the middle of the grid."
        ),
        "close_line": _(
            "The room agreed: the placements lie close together on the line between "
            "“%(a)s” and “%(b)s”."
        ),
        "close_quadrant": _(
            "The room agreed: the placements lie close together in “%(quadrant)s” "
            "(%(k)s of the %(n)s)."
        ),
        "camps": _(
            "The room split into two camps: %(a)s of the %(n)s placements %(first)s, "
            "%(b)s %(second)s."
        ),
        "around_middle": _("around the middle"),
        "around_line": _("around the line between “%(a)s” and “%(b)s”"),
        "around_quadrant": _("around “%(quadrant)s”"),
        "tie": _("The room was divided: %(quadrants)s each have %(k)s of the %(n)s placements."),
        "quoted": _("“%(quadrant)s”"),
        "all": _("Everyone placed it in “%(quadrant)s”: all %(n)s placements."),
        "large": _("Most placed it in “%(quadrant)s”: %(k)s of the %(n)s placements."),
        "most": _("More than half placed it in “%(quadrant)s”: %(k)s of the %(n)s placements."),
        "spread": _("The placements are spread out; no quadrant has more than half: %(list)s."),
        "in_quadrant": _("%(k)s in “%(quadrant)s”"),
        "and": _("%(a)s and %(b)s"),
    }


def joined(items: list[str], said: dict) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) == 1:
        return items[0]
    return said["and"] % {"a": ", ".join(items[:-1]), "b": items[-1]}


def around(place: Place, name, said: dict) -> str:
    """Where a camp lies: "around “Q”", "around the middle", "around the line between …"."""
    if not place.quadrants:
        return said["around_middle"]
    if len(place.quadrants) == 1:
        return said["around_quadrant"] % {"quadrant": name(place.quadrants[0])}
    a, b = place.quadrants
    return said["around_line"] % {"a": name(a), "b": name(b)}


def close_sentence(found: Shape, name, said: dict) -> str:
    quadrants = found.place.quadrants
    if not quadrants:
        return said["close_middle"]
    if len(quadrants) == 2:
        return said["close_line"] % {"a": name(quadrants[0]), "b": name(quadrants[1])}
    k = dict(found.counts)[quadrants[0]]
    return said["close_quadrant"] % {"quadrant": name(quadrants[0]), "k": k, "n": found.total}


def sentence(found: Shape, name, said: dict | None = None) -> str:
    """The shape in one plain sentence (B1). `name`: quadrant key -> its name;
    `said`: texts() when the caller already has them."""
    said = said or texts()
    n = found.total
    if found.kind in ("none", "single", "few"):
        return said[found.kind]
    if found.kind == "close":
        return close_sentence(found, name, said)
    if found.kind == "camps":
        first, second = found.camps
        return said["camps"] % {
            "a": first.count,
            "b": second.count,
            "n": n,
            "first": around(first.place, name, said),
            "second": around(second.place, name, said),
        }
    if found.kind == "tie":
        quadrants = [said["quoted"] % {"quadrant": name(q)} for q in found.tied]
        return said["tie"] % {"quadrants": joined(quadrants, said), "k": found.counts[0][1], "n": n}
    if found.kind == "quadrant":
        quadrant, k = found.counts[0]
        return said[found.level] % {"quadrant": name(quadrant), "k": k, "n": n}
    parts = [said["in_quadrant"] % {"k": k, "quadrant": name(q)} for q, k in found.counts]
    return said["spread"] % {"list": joined(parts, said)}
