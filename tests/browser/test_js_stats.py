"""The browser's mean and spread (static/js/room.js `stats`) and quadrants are the server's
(workshop/lib/stats.py): the projector and control page compute them from the
placements they hold, the phones get the server's."""

import random

import pytest

from workshop.lib import stats

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.django_db(transaction=True)]

ROOMS = [
    [(0.5, -0.5)],
    [(-1.0, -1.0), (1.0, 1.0)],
    [(0.3, 0.3)] * 7,
    [(round(random.Random(n).uniform(-1, 1), 3), round(random.Random(-n).uniform(-1, 1), 3))
     for n in range(1, 400)],
]  # fmt: skip


def test_the_browsers_mean_and_spread_are_the_servers(new_page):
    page = new_page()
    page.goto("/")
    for points in ROOMS:
        shown = page.evaluate(
            """async (points) => {
                const { stats } = await import("/static/js/room.js");
                return stats(points.map(([x, y]) => ({ x, y })));
            }""",
            [list(point) for point in points],
        )
        mean, spread = stats.of_points(points)
        assert shown["n"] == len(points)
        assert shown["mean"] == pytest.approx(list(mean), abs=1e-9)
        assert shown["spread"] == pytest.approx(list(spread), abs=1e-9)
    assert page.evaluate('async () => (await import("/static/js/room.js")).stats([])') == {
        "n": 0,
        "mean": None,
        "spread": None,
    }


def test_the_browsers_quadrant_of_a_point_is_the_servers(new_page):
    """static/js/grid.js `describe` names the quadrant and how far from the middle as
    workshop.lib.findings.quadrant_of and strength_of do, the axes and the bands' edges included."""
    from workshop.lib.findings import quadrant_of, strength_of
    from workshop.models import Session

    axes = Session().axes()
    page = new_page()
    page.goto("/")
    points = [(0, 0), (-0.0001, 0), (0, -0.0001), (-1, -1), (1, -1), (-1, 1), (0.5, 0.5),
              (0.3399, 0), (0.34, 0), (0, -0.6699), (0, -0.67)]  # fmt: skip
    named = page.evaluate(
        """async ([axes, points]) => {
            const { describe } = await import("/static/js/grid.js");
            const bands = { strength_weak: "weak", strength_medium: "medium", strength_strong: "strong" };
            return points.map(([x, y]) => {
                const { quadrant, strength } = describe(axes, bands, x, y);
                return [quadrant, strength];
            });
        }""",
        [axes, [list(point) for point in points]],
    )
    assert named == [[axes[quadrant_of(x, y)], strength_of(x, y)] for x, y in points]


def test_the_browsers_small_groups_are_the_servers(new_page):
    """static/js/room.js `foldSmallGroups` folds role groups as workshop.participation
    `fold_roles` does (the projector and control page fold what arrives after the snapshot)."""
    from workshop.participation import ROOM, fold_roles

    roles = ["kunstenaar", "opbouwwerker", "beleidsmaker", "bewoner", "anders", ""]
    rng = random.Random(7)
    rooms = [{role: rng.choice([0, 0, 1, 2, 3, 4, 6]) for role in roles} for _ in range(300)]
    rooms += [{"opbouwwerker": 5, "kunstenaar": 1}, {ROOM: 4, "kunstenaar": 3}, {}]
    page = new_page()
    page.goto("/")
    shown = page.evaluate(
        """async (rooms) => {
            const { foldSmallGroups } = await import("/static/js/room.js");
            return rooms.map((counts) => {
                const groups = new Map(Object.entries(counts).map(([role, n]) =>
                    [role, Array.from({ length: n }, () => role)]));
                const folded = {};
                for (const [group, items] of foldSmallGroups(groups)) {
                    for (const role of items) folded[role] = group;
                }
                return folded;
            });
        }""",
        rooms,
    )
    for counts, folded in zip(rooms, shown, strict=True):
        expected = {role: group for role, group in fold_roles(counts).items() if counts[role]}
        assert folded == expected, counts


def test_the_browsers_comparison_of_two_groups_is_the_servers(new_page):
    """static/js/compare.js `compareGroups` calls the same differences as
    workshop.lib.compare: exact counts for small groups, the bell curve for large."""
    from workshop.lib import compare

    rng = random.Random(11)
    rooms = []
    for n_a, n_b, shift in [(4, 4, 0.9), (5, 5, 0.0), (5, 6, 0.8), (7, 7, 0.3), (6, 9, 0.2),
                            (20, 25, 0.15), (40, 30, 0.0), (12, 12, 0.5)] * 3:  # fmt: skip
        a = [(rng.uniform(-1, 1), rng.uniform(-1, 1)) for _ in range(n_a)]
        b = [(max(-1, x - shift), y) for x, y in [(rng.uniform(-1, 1), rng.uniform(-1, 1))
                                                   for _ in range(n_b)]]  # fmt: skip
        rooms.append((a, b))
    page = new_page()
    page.goto("/")
    shown = page.evaluate(
        """async (rooms) => {
            const { compareGroups } = await import("/static/js/compare.js");
            const points = (list) => list.map(([x, y]) => ({ x, y }));
            return rooms.map(([a, b]) => compareGroups(points(a), points(b)));
        }""",
        [[[list(p) for p in a], [list(p) for p in b]] for a, b in rooms],
    )
    differs = 0
    for (a, b), browser in zip(rooms, shown, strict=True):
        found = compare.compare(a, b)
        assert browser["enough"] == found.enough
        assert browser["differs"] == found.differs
        differs += found.differs
        if found.enough:
            for axis, server in zip(browser["axes"], found.axes, strict=True):
                assert axis["p"] == pytest.approx(server.p, abs=1e-6)
    assert 0 < differs < len(rooms)  # both answers occur
