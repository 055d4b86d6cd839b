"""The shape of an action, and the registry of them.

One `Action` per message type (its Struct, `message`) declares everything
about it: who may send it (`senders`), what the group commit must read first
(`reads`), what it queues for bulk writing (`writes`), the change kinds it
announces (`announces`), and how it is checked and applied. The commit
(workshop/live/commit.py) runs whatever the actions declare, inside its
transaction, holding the session locks; it names no message type.
"""

from typing import ClassVar

from workshop.live import protocol as p
from workshop.live.work import Command, Outcome, Read, Work, Write


class Action:
    """How one message type changes a live session.

    message: the protocol Struct it handles. senders: the audiences whose
    sockets may send it ("phone", "control"). reads: the prefetches its check
    and apply read from `work` (`work.read(READ)`). writes: the bulk writes it
    queues rows for (`work.queue(WRITE, row)`). announces: the change kinds
    (protocol Change Structs) it may announce. bulk: applied in a run with
    other bulk actions, its writes batched by the commit; otherwise applied
    alone, after the run before it is written, so it reads and writes the
    rows as they are.
    """

    message: ClassVar[type[p.Message]]
    senders: ClassVar[frozenset[str]]
    reads: ClassVar[tuple[Read, ...]] = ()
    writes: ClassVar[tuple[Write, ...]] = ()
    announces: ClassVar[tuple[type[p.Change], ...]] = ()
    bulk: ClassVar[bool] = True

    def check(self, work: Work, command: Command) -> Outcome | None:
        """Refuse (an error outcome), answer early (a duplicate), or None to apply."""
        return None

    def apply(self, work: Work, command: Command) -> Outcome:
        """Change the session (or queue the change in `work`) and announce it there."""
        raise NotImplementedError


REGISTRY: dict[type[p.Message], Action] = {}
_by_audience: dict[str, dict[str, type[p.Message]]] = {}


def register(cls: type[Action]) -> type[Action]:
    """Class decorator: the one action of its message type."""
    if cls.message in REGISTRY:
        raise ValueError(f"two actions for {p.tag_of(cls.message)}")
    REGISTRY[cls.message] = cls()
    _by_audience.clear()
    return cls


def action_for(message: p.Message) -> Action:
    return REGISTRY[type(message)]


def messages_for(audience: str) -> dict[str, type[p.Message]]:
    """The message types a socket of this audience may send, by "type" (sync included;
    "*": every audience's). Kept until the next action registers: looked up per frame."""
    if audience not in _by_audience:
        allowed = {
            p.tag_of(m): m for m, a in REGISTRY.items() if audience in a.senders or audience == "*"
        }
        if audience in ("phone", "*"):  # the phone's heartbeat (consumers.PhoneConsumer)
            allowed[p.tag_of(p.Ping)] = p.Ping
        _by_audience[audience] = {p.tag_of(p.Sync): p.Sync, **allowed}
    return _by_audience[audience]


def known_messages() -> dict[str, type[p.Message]]:
    """Every message type a client may send anywhere, by "type"."""
    return messages_for("*")
