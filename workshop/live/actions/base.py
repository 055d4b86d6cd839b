"""What every action is: a command in, an outcome out, and the shape of an action.

One `Action` per message type (workshop/live/protocol.py) says who may send
it, which rows the group commit must read first (`needs`), and how it is
checked, applied and described. The commit (workshop/live/commit.py) calls
them in that order, inside its transaction, holding the session locks.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from workshop.live import protocol as p

if TYPE_CHECKING:  # the commit imports the actions, never the other way round
    from workshop.live.commit import Work


@dataclass
class Command:
    """A validated message and who sent it, as a consumer hands it to the hub.

    A phone's command carries its participant (None only for a join) and the
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


class Action:
    """How one message type changes a live session.

    message: the protocol Struct it handles. senders: the audiences whose
    sockets may send it ("phone", "control"). needs: names of the commit's
    prefetches (workshop/live/commit.py PREFETCH) it reads from `work`.
    bulk: applied in a run with other bulk actions, its writes batched by the
    commit; otherwise applied alone, after the run before it is written, so it
    reads and writes the rows as they are.
    """

    message: ClassVar[type[p.Message]]
    senders: ClassVar[frozenset[str]]
    needs: ClassVar[tuple[str, ...]] = ()
    bulk: ClassVar[bool] = True

    def check(self, work: "Work", command: Command) -> Outcome | None:
        """Refuse (an error outcome), answer early (a duplicate), or None to apply."""
        return None

    def apply(self, work: "Work", command: Command) -> Outcome:
        """Change the session (or queue the change in `work`) and announce it there."""
        raise NotImplementedError


REGISTRY: dict[type[p.Message], Action] = {}


def register(cls: type[Action]) -> type[Action]:
    """Class decorator: the one action of its message type."""
    if cls.message in REGISTRY:
        raise ValueError(f"two actions for {p.tag_of(cls.message)}")
    REGISTRY[cls.message] = cls()
    return cls


def action_for(message: p.Message) -> Action:
    return REGISTRY[type(message)]


def messages_for(audience: str) -> tuple[type[p.Message], ...]:
    """The message types a socket of this audience may send (besides sync)."""
    return tuple(m for m, action in REGISTRY.items() if audience in action.senders)
