"""The browser's classifier and sentence (static/js/findings.js) are the server's
(workshop/lib/findings.py): the projector and control page describe a card from the
placements they hold, the PDFs and the phones from the database; both must say
the same. Constructed rooms and generated ones, through real Chromium."""

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import shapes
from workshop.lib import findings
from workshop.models import Session

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.django_db(transaction=True)]

CLASSIFY = """async ([rooms, axes, said]) => {
    const f = await import("/static/js/findings.js");
    return rooms.map((points) => {
        const placements = points.map(([x, y]) => ({ x, y }));
        const s = f.shape(placements);
        const core = f.core(placements);
        return {
            kind: s.kind, counts: s.counts, distance: s.distance, place: s.place,
            camps: s.camps.map((c) => [c.place, c.count]), tied: s.tied,
            core: core && [core.mean, core.radii, core.inside],
            sentence: f.resultSentence(placements, axes, said),
        };
    });
}"""


def server(points, axes, said) -> dict:
    s = findings.shape(points)
    core = findings.core(points)
    return {
        "kind": s.kind,
        "counts": [list(c) for c in s.counts],
        "distance": s.distance,
        "place": list(s.place.quadrants) if s.place else None,
        "camps": [[list(c.place.quadrants), c.count] for c in s.camps],
        "tied": list(s.tied),
        "core": core and [list(core[0]), list(core[1]), core[2]],
        "sentence": findings.sentence(s, axes.get, said),
    }


def compare(page, rooms):
    axes = Session().axes()
    with translation.override("nl"):
        said = findings.texts()
    shown = page.evaluate(CLASSIFY, [[[list(p) for p in room] for room in rooms], axes, said])
    for room, browser in zip(rooms, shown, strict=True):
        assert browser == server(room, axes, said), room


CONSTRUCTED = [
    [], [(0.5, 0.5)], [(0.5, 0.5), (-0.5, -0.5)], [(0.0, 0.0)] * 5,
    [(0.0, -0.5), (0.0, -0.5), (-0.5, -0.5), (-0.5, -0.5)],
    *(points for points, _said in shapes.ROOMS.values()),
]  # fmt: skip


def test_the_browser_describes_the_constructed_rooms_as_the_server_does(new_page):
    page = new_page()
    page.goto("/")
    compare(page, CONSTRUCTED)
    axes = Session().axes()
    with translation.override("nl"):
        said = findings.texts()
    sentences = page.evaluate(
        CLASSIFY, [[[list(p) for p in r] for r, _s in shapes.ROOMS.values()], axes, said]
    )
    for (_points, expected), shown in zip(shapes.ROOMS.values(), sentences, strict=True):
        assert shown["sentence"].startswith(expected)


coordinate = st.one_of(
    st.floats(-1, 1, allow_nan=False), st.sampled_from([0.0, -1.0, 1.0, 0.5, -0.5, 0.15, -0.15])
)
cluster = st.tuples(coordinate, coordinate, st.floats(0, 1), st.integers(1, 25), st.integers())
rooms = st.lists(cluster, min_size=1, max_size=4).map(
    lambda cs: [p for cx, cy, reach, n, seed in cs for p in shapes.around((cx, cy), n, reach, seed)]
)


def test_the_browser_describes_generated_rooms_as_the_server_does(new_page):
    page = new_page()
    page.goto("/")

    # Many rooms per call to the browser: one evaluate for each batch of examples.
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(rooms, min_size=1, max_size=10))
    def batches(batch):
        compare(page, batch)

    batches()
