"""The channel layer's health as the operator reads it in the log.

When Redis goes (scale-out profile), every announcement fails until it is back:
hundreds a second in a busy room. Nothing is lost by that (the database has
every acknowledged change; clients catch up through their sequence numbers),
so the log says it twice: one line when the layer is lost, one when it is back,
with how many announcements could not be sent meanwhile, instead of a
traceback for each. channels_redis's own traceback of its receive task (one a
second while Redis is away) becomes part of the same outage (`QuietOutage`).
No models here: the logging configuration imports this module.
"""

import logging
import time

log = logging.getLogger("workshop.live")


class LayerHealth:
    def __init__(self):
        self.lost_at: float | None = None
        self.missed = 0  # announcements not sent since the layer was lost

    @property
    def lost(self) -> bool:
        return self.lost_at is not None

    def failed(self, exc: BaseException, announcement: bool = True) -> None:
        """An operation on the layer failed; `announcement`: a message that was not sent."""
        if self.lost_at is None:
            self.lost_at, self.missed = time.monotonic(), 0
            log.error(
                "channel layer lost (%s: %s): changes are still saved; live updates between "
                "processes wait until it is back, then clients catch up",
                type(exc).__name__, exc,
            )  # fmt: skip
        self.missed += announcement

    def works(self) -> None:
        """An operation on the layer succeeded."""
        if self.lost_at is None:
            return
        seconds = time.monotonic() - self.lost_at
        self.lost_at = None
        log.warning(
            "channel layer back after %.1f s; %d announcement(s) could not be sent meanwhile "
            "(clients caught up through their sequence numbers)",
            seconds, self.missed,
        )  # fmt: skip


layer = LayerHealth()  # one per process, like the hub


class QuietOutage(logging.Filter):
    """For the logger channels_redis.pubsub: its receive task's traceback (once a second
    while Redis is away) counts as the outage instead of being logged again and again."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.getMessage().startswith("Unexpected exception in receive"):
            layer.failed(record.exc_info[1], announcement=False)
            return False
        return True
