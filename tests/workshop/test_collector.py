"""Full garbage collections happen when the server's hub chooses: after work, at
a quiet moment (or, when there is none, once a hall's worth of sockets closed),
never in the middle of a placing hall. The memory they keep level is measured
by bench/churn.py."""

import asyncio
import gc
import weakref

import pytest

from workshop.live import collector
from workshop.live.hub import get_hub


@pytest.mark.parametrize(
    ("busy_at", "collected_at", "left", "now", "due"),
    [
        (0.0, 0.0, 0, 5000.0, False),  # no work since the last collection: nothing new to free
        (50.0, 0.0, 0, 51.0, True),  # work, then quiet for a second
        (50.0, 0.0, 0, 50.5, False),  # work half a second ago: not quiet yet
        (50.0, 45.0, 0, 51.0, False),  # quiet, but the last collection only six seconds ago
        (99.9, 0.0, 999, 100.0, False),  # a placing hall, never quiet: not stopped for one
        (99.9, 99.0, 1000, 100.0, True),  # never quiet, but a hall's worth of sockets closed
        (699.9, 99.0, 0, 700.0, True),  # never quiet, the last collection ten minutes ago
    ],
)
def test_a_full_collection_is_due_after_work_once_quiet_or_a_hall_left(
    busy_at, collected_at, left, now, due
):
    quiet = collector.QuietCollector(busy_at=busy_at, collected_at=collected_at, left_since=left)
    assert (quiet.quiet, quiet.fewest, quiet.most_left, quiet.longest) == (1, 10, 1000, 600)
    assert quiet.due(now) is due


async def test_the_hub_frees_what_sockets_left_behind_once_it_is_quiet():
    """With Python's automatic collections off, only a collection someone makes
    frees a cycle: the hub makes it, and only after its last work plus the quiet
    moment."""
    was_enabled = gc.isenabled()
    gc.disable()
    hub = await get_hub()
    try:
        assert gc.get_threshold() == collector.HUB_THRESHOLDS
        hub.collector.quiet, hub.collector.fewest, hub.collector.check_every = 0.3, 0, 0.02
        loop = asyncio.get_running_loop()
        freed = loop.create_future()

        class Connection:  # stands for Twisted's and autobahn's objects, which point at each other
            pass

        left, right = Connection(), Connection()
        left.peer, right.peer = right, left
        weakref.finalize(left, lambda: freed.done() or freed.set_result(loop.time()))
        del left, right
        for _ in range(30):  # busy for 0.6 s, twice as long as the quiet moment
            hub.collector.busy()
            last_work = loop.time()
            await asyncio.sleep(0.02)
        freed_at = await asyncio.wait_for(freed, 10)
        assert freed_at - last_work >= 0.3 - 0.01, "collected while the hub was busy"
    finally:
        await hub.stop()
        if was_enabled:
            gc.enable()
    assert gc.get_threshold() != collector.HUB_THRESHOLDS, "a stopped hub hands them back"
