"""Full garbage collections at moments the server chooses.

A hall's sockets are hundreds of thousands of objects. A full collection scans
them all and stops the event loop (and with it every ack and projector update)
for 40-130 ms; Python starts one whenever enough has piled up, which in a
placing hall is in the middle of it (docs/performance.md). Full collections
cannot simply stop: a socket that closes leaves cycles behind (Twisted's,
autobahn's and Daphne's connection objects, some 45 per phone) that only a full
collection frees. So while a hub runs, Python makes no full collections of its
own, and the hub makes one once its sessions have been quiet for a moment; in
a room that never is, once a thousand sockets have closed, or every ten
minutes. Python's young collections stay: they are short and free most
cycles, but with their threshold raised they come seldom, so the hub's
collection is also what frees a hall that left before its garbage grew old.
"""

import asyncio
import gc
import time
from dataclasses import dataclass, field

# At start: young collections far less often than Python's own (700, 10, 10);
# full ones as usual until a hub takes them over.
START_THRESHOLDS = (50_000, 20, 20)
# While a hub runs: Python's own full collections practically never.
HUB_THRESHOLDS = (50_000, 20, 1_000_000)


def prepare() -> None:
    """Call once the server has loaded: what is loaded now (Django, the app, the
    templates) is left out of every later scan, and the thresholds set."""
    gc.freeze()
    gc.set_threshold(*START_THRESHOLDS)


@dataclass
class QuietCollector:
    """Makes the full collections while a hub runs. Call `busy()` whenever the
    hub has work and `left()` when a socket closes; `run()` is the hub's task."""

    quiet: float = 1.0  # seconds without work that make a quiet moment
    fewest: float = 10.0  # seconds between two full collections, at least
    most_left: int = 1000  # sockets closed: collect then even when never quiet (some 17 MB)
    longest: float = 600.0  # seconds: collect then even when never quiet
    check_every: float = 0.25
    busy_at: float = field(default_factory=time.monotonic)
    collected_at: float = field(default_factory=time.monotonic)
    left_since: int = 0  # sockets closed since the last collection

    def busy(self) -> None:
        self.busy_at = time.monotonic()

    def left(self) -> None:
        self.left_since += 1
        self.busy()

    def due(self, now: float) -> bool:
        """Whether to collect now: only after work since the last collection, once
        the hub has been quiet for a moment; in a room that never is, once a
        hall's worth of sockets has closed (their garbage is what only a full
        collection frees) or the last collection is ten minutes ago. A placing
        hall whose phones stay connected is not stopped for one before that."""
        if self.busy_at <= self.collected_at:
            return False  # nothing happened since: nothing new to free
        since = now - self.collected_at
        quiet = now - self.busy_at >= self.quiet
        return (
            (quiet and since >= self.fewest)
            or self.left_since >= self.most_left
            or since >= self.longest
        )

    def collect_if_due(self) -> bool:
        if not self.due(time.monotonic()):
            return False
        gc.collect()
        self.collected_at, self.left_since = time.monotonic(), 0
        return True

    async def run(self) -> None:
        before = gc.get_threshold()
        gc.set_threshold(*HUB_THRESHOLDS)
        try:
            while True:
                await asyncio.sleep(self.check_every)
                self.collect_if_due()
        finally:
            gc.set_threshold(*before)
