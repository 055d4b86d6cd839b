"""What the group commit hands each action, and what an action hands back.

- `Command`: a validated message and who sent it;
- `Outcome`: the ack or error it gets;
- `Read`: a prefetch an action declares (`Action.reads`): for all commands of
  a run that declare it, the rows their checks read, in one query;
- `Write`: a bulk write an action declares (`Action.writes`): rows queued
  during a run, written in one go at its end;
- `Work`: one run of the commit: what it read, what it will write, what it
  announces.

The commit (workshop/live/commit.py) runs whatever the actions declare; it
names no message type, no read and no write.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workshop.live import protocol as p


@dataclass
class Command:
    """A validated message and who sent it, as a consumer hands it to the hub.

    A phone's command carries its participant (None before it joined) and the
    role its consumer knows; a facilitator's carries the account and the login
    (the Django session key) the socket was opened with, checked again when the
    command is applied.
    """

    session_id: int
    message: p.Message
    participant_id: int | None = None
    role: str = ""
    user_id: int | None = None
    auth_key: str = ""


@dataclass
class Outcome:
    """The answer one command gets: ack (maybe duplicate) or an error code.

    extra: more fields for the ack (a new participant's id and token).
    close: the socket must be closed with this code instead (the session is
    gone, or the facilitator no longer runs it).
    """

    error: p.Code | None = None
    duplicate: bool = False
    extra: dict = field(default_factory=dict)
    close: p.CloseCode | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.close is None


class Read:
    """A prefetch: `load(commands)` returns what the checks of these commands read
    (a dict or set, which actions may add to during the run)."""

    def __init__(self, load: Callable[[list[Command]], Any]):
        self.load = load

    def __repr__(self) -> str:
        return f"Read({self.load.__name__})"


class Write:
    """A bulk write: `flush(work, rows)` writes the rows a run queued, in a few queries.

    Writes run in the order they were declared (a placement before a comment
    on it, a history row after both), once per run that queued rows.
    """

    _declared = itertools.count()

    def __init__(self, flush: Callable[["Work", list], None]):
        self.flush = flush
        self.order = next(self._declared)

    def __repr__(self) -> str:
        return f"Write({self.flush.__name__})"


class Work:
    """One run of a group commit: what it read, what it will write, what it announces."""

    def __init__(self, sessions: dict[int, str]):
        self.sessions = sessions  # the locked sessions that still exist: their state, by id
        self.changes: dict[int, list] = {}  # announced, per session
        self.urgent: set[int] = set()  # card or session state changed: phones must know soon
        self.results: set[int] = set()  # a revealed card's result changed: phones may wait
        self.begin_run()

    def begin_run(self) -> None:
        """Forget the last run's reads and writes: a run reads rows as the last one left them."""
        self.rows: dict[Read, Any] = {}
        self.queued: dict[Write, dict] = {}
        self._keys = itertools.count()

    def prefetch(self, reads: dict[Read, list[Command]]) -> None:
        for read, commands in reads.items():
            self.rows[read] = read.load(commands)

    def read(self, read: Read) -> Any:
        """What a declared read loaded for this run."""
        return self.rows[read]

    def queue(self, write: Write, row, key=None) -> None:
        """Queue a row for a declared write; a later row with the same key replaces it."""
        self.queued.setdefault(write, {})[next(self._keys) if key is None else key] = row

    def write(self) -> None:
        """Write the queued rows in bulk, each declared write once."""
        for write in sorted(self.queued, key=lambda w: w.order):
            write.flush(self, list(self.queued[write].values()))
        self.queued = {}

    def is_open(self, session_id: int) -> bool:
        """Whether the session is open (as it is under the commit's lock)."""
        return self.sessions.get(session_id) == "open"

    def announce(self, session_id: int, *changes, urgent: bool = False, results: bool = False):
        """Record changes the room is told about once the commit is durable.

        urgent: phones must hear of it within a phone tick (a card or the
        session changed state); results: a revealed card's result changed, so
        phones get a new view at their (slower) results pace.
        """
        self.changes.setdefault(session_id, []).extend(changes)
        if urgent:
            self.urgent.add(session_id)
        if results:
            self.results.add(session_id)
