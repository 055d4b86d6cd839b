"""Mean and spread of placements: one definition for live results, charts and exports.

Spread is the population standard deviation per axis. Both are computed from
the same moments (count, mean of x and y, mean of x² and y²), which the
database sums for the live results and the exports (`moments`) and Python
sums for the charts (`of_points`). static/js/grid.js keeps an incremental
copy for the projector; tests/workshop/test_stats.py holds it to this one.
"""

import math
from collections.abc import Iterable

from django.db.models import Avg, Count, F, QuerySet

Point = tuple[float, float]


def mean_and_spread(
    n: int, mx: float, my: float, mxx: float, myy: float
) -> tuple[Point, Point] | tuple[None, None]:
    """(mean, spread) from the moments of n points; (None, None) for no points."""
    if not n:
        return None, None
    spread = (math.sqrt(max(0.0, mxx - mx * mx)), math.sqrt(max(0.0, myy - my * my)))
    return (mx, my), spread


def of_points(points: Iterable[Point]) -> tuple[Point, Point] | tuple[None, None]:
    """(mean, spread) of points in memory (the charts' placements)."""
    points = list(points)
    n = len(points)
    if not n:
        return None, None
    return mean_and_spread(
        n,
        math.fsum(x for x, _ in points) / n,
        math.fsum(y for _, y in points) / n,
        math.fsum(x * x for x, _ in points) / n,
        math.fsum(y * y for _, y in points) / n,
    )


def moments(placements: QuerySet, *group_by: str) -> QuerySet:
    """The moments of each group of placements, summed by the database."""
    return placements.values(*group_by).annotate(
        n=Count("id"), mx=Avg("x"), my=Avg("y"),
        mxx=Avg(F("x") * F("x")), myy=Avg(F("y") * F("y")),
    )  # fmt: skip


def result(row: dict) -> dict:
    """A row of `moments` as clients and exports show it: n, mean and spread, rounded."""
    mean, spread = mean_and_spread(row["n"], row["mx"], row["my"], row["mxx"], row["myy"])
    if mean is None:
        return {"n": 0, "mean": None, "spread": None}
    return {
        "n": row["n"],
        "mean": [round(mean[0], 4), round(mean[1], 4)],
        "spread": [round(spread[0], 4), round(spread[1], 4)],
    }
