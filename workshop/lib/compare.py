"""Do two groups (artists and community workers) place a card differently, by more
than chance would give? The one method, for every place that says so: the
summary, the handout's In short (printables/words.py) and, in the browser, the
control page's discussion starter and the projector's role view
(static/js/compare.js, held to the same answers by tests/browser/test_js_stats.py).

The method, per axis (docs/printables.md says it for a policy adviser):

- Both groups need at least MIN_COMPARED people on the card; else too few to compare.
- The gap is the difference between the two groups' average positions.
- A permutation test: if the role made no difference, any split of the same
  placements into groups of these sizes would be as likely as the real one.
  p is the share of all those splits whose gap is at least as large (either way)
  as the real gap. Counted exactly, split by split, while there are at most
  EXACT_SPLITS of them; beyond that, from the bell curve those gaps follow
  (its width computed exactly from the placements: no sampling, so the same
  session always gives the same words).
- A gap on an axis is "larger than chance" when p < SURE / 2: both axes are
  tested, so a card where the groups truly place alike is called different at
  most SURE (1 in 20) of the time.

Pure: lists of numbers in, numbers out.
"""

import math
from dataclasses import dataclass
from itertools import combinations

MIN_COMPARED = 5  # people in each group; with 4 and 4 a single odd placement decides
SURE = 0.05  # for the card as a whole (both axes)
EXACT_SPLITS = 5000  # more ways to split than this: the bell curve (≤ 15 ms a card)
TIE = 1e-9  # gaps this close count as equal (floating-point sums)


@dataclass(frozen=True)
class AxisGap:
    a: float  # group a's average on this axis (−1 … +1)
    b: float
    p: float  # the share of splits with a gap at least this large

    @property
    def gap(self) -> float:
        return self.a - self.b

    @property
    def clear(self) -> bool:
        """Larger than chance would give (the axis's share of SURE)."""
        return self.p < SURE / 2


@dataclass(frozen=True)
class Comparison:
    n_a: int
    n_b: int
    axes: tuple[AxisGap, AxisGap] | None  # None: a group too small to compare

    @property
    def enough(self) -> bool:
        return self.axes is not None

    @property
    def differs(self) -> bool:
        return bool(self.axes) and any(axis.clear for axis in self.axes)

    @property
    def p(self) -> float:
        """The smallest p of the two axes, doubled (the card as a whole), at most 1."""
        return min(1.0, 2 * min(axis.p for axis in self.axes)) if self.axes else 1.0


def compare(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> Comparison:
    """Groups a and b (each a list of (x, y) placements) compared on both axes."""
    if min(len(a), len(b)) < MIN_COMPARED:
        return Comparison(len(a), len(b), None)
    axes = tuple(
        AxisGap(mean(xs), mean(ys), p_value(xs, ys))
        for xs, ys in (([p[i] for p in a], [p[i] for p in b]) for i in (0, 1))
    )
    return Comparison(len(a), len(b), axes)


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def p_value(a: list[float], b: list[float]) -> float:
    """Two-sided permutation p of the gap between the means of a and b."""
    pooled = a + b
    n, k = len(pooled), min(len(a), len(b))
    total = sum(pooled)
    observed = abs(mean(a) - mean(b))
    if math.comb(n, k) > EXACT_SPLITS:
        return bell_curve_p(pooled, len(a), observed)
    other = n - k
    at_least, splits = 0, 0
    for chosen in combinations(pooled, k):
        part = sum(chosen)
        gap = abs(part / k - (total - part) / other)
        at_least += gap >= observed - TIE
        splits += 1
    return at_least / splits


def bell_curve_p(pooled: list[float], n_a: int, observed: float) -> float:
    """The permutation p from the normal curve with the splits' exact spread:
    the gap's variance over all splits is σ² · N / (N − 1) · (1/n_a + 1/n_b)."""
    n = len(pooled)
    centre = mean(pooled)
    variance = sum((v - centre) ** 2 for v in pooled) / n
    spread = math.sqrt(variance * n / (n - 1) * (1 / n_a + 1 / (n - n_a)))
    if spread == 0:
        return 1.0
    return math.erfc(observed / spread / math.sqrt(2))
