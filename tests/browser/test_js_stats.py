"""The browser's mean and spread (static/js/room.js `stats`) are the server's
(workshop/stats.py): the projector and control page compute them from the
placements they hold, the phones get the server's."""

import random

import pytest

from workshop import stats

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
