"""Do artists and community workers differ by more than chance (workshop/lib/compare.py)?
Groups drawn so the answer is known: from one distribution, or from two."""

import math
import random
from itertools import combinations

import pytest

from workshop.lib import compare


def draw(rng, n, centre, spread=0.3):
    return [tuple(max(-1.0, min(1.0, rng.gauss(c, spread))) for c in centre) for _ in range(n)]


def test_the_exact_p_counts_every_split():
    # Five at 1 against five at 0: only the real split and its mirror are as far apart.
    assert compare.p_value([1.0] * 5, [0.0] * 5) == pytest.approx(2 / math.comb(10, 5))
    assert compare.p_value([0.5] * 5, [0.5] * 6) == 1.0  # no gap: every split is as large
    a, b = [0.1, 0.4, -0.2, 0.3, 0.9], [0.0, -0.5, 0.2, -0.1, -0.3, 0.05]
    pooled, observed = a + b, abs(sum(a) / 5 - sum(b) / 6)
    by_hand = [
        abs(sum(c) / 5 - (sum(pooled) - sum(c)) / 6) >= observed - 1e-9
        for c in combinations(pooled, 5)
    ]
    assert compare.p_value(a, b) == pytest.approx(sum(by_hand) / len(by_hand))


def test_the_bell_curve_agrees_with_the_exact_count_where_they_meet():
    rng = random.Random(3)
    for _ in range(20):
        a = [rng.uniform(-1, 1) for _ in range(7)]
        b = [rng.uniform(-1, 1) + 0.4 for _ in range(8)]
        exact = compare.p_value(a, b)
        curve = compare.bell_curve_p(a + b, 7, abs(sum(a) / 7 - sum(b) / 8))
        assert curve == pytest.approx(exact, abs=0.03)


def test_four_against_four_is_too_few_to_compare():
    rng = random.Random(1)
    found = compare.compare(draw(rng, 4, (0.3, 0.3)), draw(rng, 4, (0.3, 0.3)))
    assert not found.enough and not found.differs


def test_groups_from_one_distribution_are_called_different_at_most_one_time_in_twenty():
    rng = random.Random(2)
    called = sum(
        compare.compare(draw(rng, n, (0.2, 0.5)), draw(rng, n + 1, (0.2, 0.5))).differs
        for n in (5, 6, 8, 20)
        for _ in range(300)
    )
    assert called <= 0.06 * 1200  # about 0.045 here; 0.09 when each axis had all of SURE


def test_a_large_real_difference_is_found_with_its_direction():
    rng = random.Random(4)
    for _ in range(50):
        found = compare.compare(draw(rng, 8, (0.6, 0.5)), draw(rng, 8, (-0.2, 0.5)))
        assert found.differs
        x, y = found.axes
        assert x.clear and x.gap > 0 and found.p < 0.05
        assert y.p > 0.001  # the axis they share is no finding


def test_a_comparison_is_the_same_every_time():
    rng = random.Random(5)
    a, b = draw(rng, 40, (0.2, 0.2)), draw(rng, 35, (0.3, 0.1))
    assert compare.compare(a, b) == compare.compare(list(a), list(b))
