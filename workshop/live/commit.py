"""The group commit: many commands, one transaction, one sequence number per session.

The hub's writer (workshop/live/hub.py) calls `apply_commands` with whatever
phone, paper and control commands have gathered. In one transaction it

1. locks the sessions (a fixed order: no deadlock between processes),
2. prefetches, per run of bulk actions, what those actions declare (`needs`),
3. checks and applies each command through its action (workshop/live/actions/),
4. writes the run's queued rows in bulk,
5. bumps each changed session's `seq`,

and returns one `Outcome` per command and one `Batch` per changed session,
which the hub announces through workshop/live/publish.py after the commit.
Its cost is a handful of queries per batch, whatever the batch's size: that
is what lets a full hall place at once.
"""

import logging

from django.db import IntegrityError, transaction

from workshop.live import authority
from workshop.live import protocol as p
from workshop.live.actions import Action, Command, Outcome, action_for
from workshop.live.publish import Batch
from workshop.models import Card, ControlEvent, Participant, Placement, PlacementEvent, Session

log = logging.getLogger(__name__)


class Work:
    """One run of a group commit: what it read, what it will write, what it announces.

    Actions read the prefetched rows (cards, seen, placed, …), queue bulk
    writes (joins, roles, moves, comments, events) and announce changes.
    """

    def __init__(self, sessions: set[int]):
        self.sessions = sessions  # the ids of the locked sessions that still exist
        # Announced.
        self.changes: dict[int, list[dict]] = {}
        self.urgent: set[int] = set()  # card or session state changed: phones must know soon
        self.results: set[int] = set()  # a revealed card's result changed: phones may wait
        self.begin_run()

    def begin_run(self) -> None:
        """Forget the last run's reads and writes: a run reads rows as the last one left them."""
        # Prefetched (see PREFETCH).
        self.cards: dict[int, Card] = {}
        self.seen: set[tuple[int, str]] = set()  # (participant, client id) applied before
        self.placed: set[tuple[int, int]] = set()  # (participant, card) in the current round
        self.control_seen: set[tuple[int, str]] = set()  # (session, client id)
        self.authorised: set[tuple[int, int, str]] = set()  # (session, user, login)
        # Queued writes.
        self.joins: list[tuple[Participant, Outcome]] = []
        self.roles: dict[int, str] = {}
        self.moves: dict[tuple[int, int], Placement] = {}
        self.comments: dict[tuple[int, int], tuple[str, bool, int]] = {}
        self.events: list[PlacementEvent] = []

    def announce(
        self, session_id: int, *changes: dict, urgent: bool = False, results: bool = False
    ) -> None:
        """Record changes the room is told about once the commit is durable."""
        self.changes.setdefault(session_id, []).extend(changes)
        if urgent:
            self.urgent.add(session_id)
        if results:
            self.results.add(session_id)

    def write(self) -> None:
        """Write the queued rows in bulk (a few queries, whatever their number)."""
        if self.joins:
            self._write_joins()
        for participant_id, role in self.roles.items():
            Participant.objects.filter(pk=participant_id).update(role=role)
        if self.moves:
            Placement.objects.bulk_create(
                self.moves.values(),
                update_conflicts=True,
                unique_fields=["participant", "card", "round"],
                update_fields=["x", "y", "updated_at"],  # a move keeps the comment
            )
        for (participant_id, card_id), (text, hidden, round_) in self.comments.items():
            Placement.objects.filter(
                participant_id=participant_id, card_id=card_id, round=round_
            ).update(comment=text, comment_hidden=hidden)
        if self.events:
            PlacementEvent.objects.bulk_create(self.events)

    def _write_joins(self) -> None:
        created = Participant.objects.bulk_create([participant for participant, _ in self.joins])
        for participant, (_, outcome) in zip(created, self.joins, strict=True):
            if participant.pk is None:  # backends without RETURNING: look it up by token
                participant = Participant.objects.get(token=participant.token)
            outcome.extra = {"participant": participant.pk, "token": participant.token}
            self.announce(
                participant.session_id,
                {"kind": "participant", "participant": participant.pk, "role": ""},
            )


# Prefetches -----------------------------------------------------------------
# What an action may declare in `needs`: each loads, for all commands of a run
# that need it, the rows their checks read, in one query.


def _cards(work: Work, commands: list[Command]) -> None:
    """The cards placements and comments refer to, with what their checks read."""
    ids = {c.message.card for c in commands}
    work.cards.update(
        (card.pk, card)
        for card in Card.objects.filter(pk__in=ids)
        .select_related("session")
        .only(
            "session_id",
            "is_open",
            "locked",
            "revealed",
            "round",
            "session__state",
            "session__moderation",
        )  # fmt: skip
    )


def _session_cards(work: Work, commands: list[Command]) -> None:
    """Whole cards, as they are under the lock, for the facilitator's actions."""
    ids = {c.message.card for c in commands if getattr(c.message, "card", None) is not None}
    work.cards.update((card.pk, card) for card in Card.objects.filter(pk__in=ids))


def _seen(work: Work, commands: list[Command]) -> None:
    """Client ids already applied: a message resent after a reconnect is applied once."""
    work.seen |= set(
        PlacementEvent.objects.filter(
            participant_id__in={c.participant_id for c in commands},
            client_id__in={c.message.id for c in commands},
        ).values_list("participant_id", "client_id")
    )


def _placed(work: Work, commands: list[Command]) -> None:
    """Which of these participants placed these cards in the current round."""
    work.placed |= set(
        Placement.objects.filter(
            participant_id__in={c.participant_id for c in commands},
            card_id__in={c.message.card for c in commands},
        )
        .current()
        .values_list("participant_id", "card_id")
    )


def _control_seen(work: Work, commands: list[Command]) -> None:
    work.control_seen |= set(
        ControlEvent.objects.filter(
            session_id__in={c.session_id for c in commands},
            client_id__in={c.message.id for c in commands},
        ).values_list("session_id", "client_id")
    )


def _authority(work: Work, commands: list[Command]) -> None:
    """Whether each facilitator still runs the session, now, under the lock."""
    for key in {(c.session_id, c.user_id, c.auth_key) for c in commands}:
        if authority.facilitates(*key):
            work.authorised.add(key)


PREFETCH = {
    "cards": _cards,
    "session_cards": _session_cards,
    "seen": _seen,
    "placed": _placed,
    "control_seen": _control_seen,
    "authority": _authority,
}


# The commit -----------------------------------------------------------------


def apply_commands(commands: list[Command]) -> tuple[list[Outcome], dict[int, Batch]]:
    """Apply many commands in one transaction (group commit).

    A failure of the batch as a whole (a rare race on a unique client id
    between two server processes) falls back to one transaction per command,
    so one bad message never costs the others their place.
    """
    try:
        with transaction.atomic():
            return _commit(commands)
    except IntegrityError:
        log.warning("batch of %d commands hit a conflict; applying one by one", len(commands))
    outcomes: list[Outcome] = []
    batches: dict[int, Batch] = {}
    for command in commands:
        try:
            with transaction.atomic():
                (outcome,), one = _commit([command])
        except IntegrityError:
            outcome, one = Outcome(duplicate=True), {}
        outcomes.append(outcome)
        for session_id, batch in one.items():
            batches[session_id] = (
                batches[session_id].merge(batch) if session_id in batches else batch
            )
    return outcomes, batches


def _commit(commands: list[Command]) -> tuple[list[Outcome], dict[int, Batch]]:
    """The body of one group commit; call inside a transaction."""
    work = Work(Session.lock({c.session_id for c in commands}))
    actions = [action_for(c.message) for c in commands]
    outcomes: list[Outcome] = []
    for start, end in _runs(actions):
        outcomes += _apply_run(work, commands[start:end], actions[start:end])
    seqs = Session.bump_seqs(work.changes)
    batches = {
        session_id: Batch(
            seq=seqs[session_id],
            changes=changes,
            phones_urgent=session_id in work.urgent,
            phones_results=session_id in work.results,
        )
        for session_id, changes in work.changes.items()
        if session_id in seqs
    }
    return outcomes, batches


def _runs(actions: list[Action]):
    """(start, end) of each run: bulk actions side by side share one; any other is alone."""
    start = 0
    for i, action in enumerate(actions):
        if not action.bulk:
            if i > start:
                yield start, i
            yield i, i + 1
            start = i + 1
    if start < len(actions):
        yield start, len(actions)


def _apply_run(work: Work, commands: list[Command], actions: list[Action]) -> list[Outcome]:
    work.begin_run()
    needs: dict[str, list[Command]] = {}
    for command, action in zip(commands, actions, strict=True):
        if command.session_id in work.sessions:
            for need in action.needs:
                needs.setdefault(need, []).append(command)
    for need, needing in needs.items():
        PREFETCH[need](work, needing)
    outcomes = []
    for command, action in zip(commands, actions, strict=True):
        if command.session_id not in work.sessions:  # deleted meanwhile
            outcomes.append(Outcome(error=p.Code.SESSION_NOT_OPEN, close=p.CloseCode.NOT_FOUND))
        else:
            outcomes.append(action.check(work, command) or action.apply(work, command))
    work.write()
    return outcomes
