"""What phones send: join, choose a role, place a card, comment on it.

Bulk actions: the commit loads what their `reads` declare for the whole run
at once and writes what they queue on their `writes` in a few queries. Every
phone action is checked for an open session; every one that leaves a history
row (PlacementEvent) also for a repeated client id.
"""

from workshop.live import protocol as p
from workshop.live.actions.base import Action, register
from workshop.live.work import Command, Outcome, Read, Work, Write
from workshop.models import (
    Card,
    Move,
    Participant,
    Placement,
    PlacementEvent,
    Session,
    already_applied,
    place,
)

PHONE = frozenset({"phone"})


# Reads -------------------------------------------------------------------------


def _cards(commands: list[Command]) -> dict[int, Card]:
    """The cards placements and comments refer to, with what Card.refusal reads."""
    ids = {c.message.card for c in commands}
    rows = Card.objects.filter(pk__in=ids).select_related("session")
    fields = ("session_id", "is_open", "locked", "revealed", "round", "session__state",
              "session__moderation")  # fmt: skip
    return {card.pk: card for card in rows.only(*fields)}


def _seen(commands: list[Command]) -> set[tuple[int, str]]:
    """(participant, client id) already applied: a message resent after a reconnect
    is applied once."""
    return already_applied({(c.participant_id, c.message.id) for c in commands})


def _placed(commands: list[Command]) -> set[tuple[int, int]]:
    """Which of these participants placed these cards in the current round."""
    rows = Placement.objects.filter(
        participant_id__in={c.participant_id for c in commands},
        card_id__in={c.message.card for c in commands},
    )
    return set(rows.current().values_list("participant_id", "card_id"))


def _known(commands: list[Command]) -> dict[tuple[int, str], Participant]:
    """The participants these hellos name: by token, or by the socket's participant."""
    tokens = {c.message.token for c in commands if c.message.token}
    ids = {c.participant_id for c in commands if c.participant_id is not None}
    sessions = {c.session_id for c in commands}
    found = {}
    if tokens or ids:
        rows = Participant.objects.filter(session_id__in=sessions).only("token", "role")
        for person in rows.filter(token__in=tokens) | rows.filter(pk__in=ids):
            found[(person.session_id, person.token)] = found[(person.session_id, person.pk)] = (
                person
            )
    return found


CARDS = Read(_cards)
SEEN = Read(_seen)
PLACED = Read(_placed)
KNOWN = Read(_known)


# Writes (in this order) ----------------------------------------------------------


def _joins(work: Work, rows: list[tuple[Participant, Outcome]]) -> None:
    created = Participant.objects.bulk_create([participant for participant, _ in rows])
    for participant, (_, outcome) in zip(created, rows, strict=True):
        if participant.pk is None:  # backends without RETURNING: look it up by token
            participant = Participant.objects.get(token=participant.token)
        outcome.extra = {"participant": participant.pk, "token": participant.token, "role": "",
                         "new": True}  # fmt: skip
        work.announce(participant.session_id, p.ParticipantChange(participant.pk, ""))


def _roles(work: Work, rows: list[tuple[int, str]]) -> None:
    # One row per participant: ChooseRole queues by participant, so a later choice
    # in the same run replaced an earlier one (Work.queue).
    by_role: dict[str, list[int]] = {}
    for participant_id, role in rows:
        by_role.setdefault(role, []).append(participant_id)
    # One query per role, not one per phone; a run holds at most LIVE_WRITE_BATCH
    # (500) messages, far below either database's limit of parameters.
    for role, participant_ids in by_role.items():
        Participant.objects.filter(pk__in=participant_ids).update(role=role)


def _placements(work: Work, rows: list[Move]) -> None:
    place(rows)


def _comments(work: Work, rows: list[tuple[int, int, int, str, bool, PlacementEvent]]) -> None:
    for participant_id, card_id, round_, text, hidden, _ in rows:
        Placement.objects.filter(participant_id=participant_id, card_id=card_id, round=round_
                                 ).update(comment=text, comment_hidden=hidden)  # fmt: skip
    PlacementEvent.objects.bulk_create([event for *_, event in rows])


JOINS = Write(_joins)
ROLES = Write(_roles)
PLACEMENTS = Write(_placements)
COMMENTS = Write(_comments)


# Actions ---------------------------------------------------------------------------


class PhoneAction(Action):
    """A phone's message: only while the session is open, and (`once`) once per client id.

    Precondition: the consumer let only a participant of the command's
    session send it (a hello made it one).
    """

    senders = PHONE
    reads = (SEEN,)
    once = True  # a repeat of a client id already applied is acknowledged, not applied

    def check(self, work: Work, command: Command) -> Outcome | None:
        if self.once and (command.participant_id, command.message.id) in work.read(SEEN):
            return Outcome(duplicate=True)
        if not work.is_open(command.session_id):
            return Outcome(error=p.Code.SESSION_NOT_OPEN)
        return None

    def seen(self, work: Work, command: Command) -> None:
        """Remember the client id for the rest of the run (the commit writes its row)."""
        work.read(SEEN).add((command.participant_id, command.message.id))


@register
class Join(Action):
    """A phone says hello: the participant its token names (or the socket's own),
    a new participant while the session is open, or none while it is not (it
    may look, and says hello again once the session opens)."""

    message = p.Hello
    senders = PHONE
    reads = (KNOWN,)
    writes = (JOINS,)
    announces = (p.ParticipantChange,)

    def apply(self, work: Work, command: Command) -> Outcome:
        known = work.read(KNOWN)
        person = known.get((command.session_id, command.message.token)) or known.get(
            (command.session_id, command.participant_id)
        )  # by token, else still the same person on the same socket (not one more)
        if person is not None:
            return Outcome(extra={"participant": person.pk, "token": person.token,
                                  "role": person.role})  # fmt: skip
        if not work.is_open(command.session_id):
            return Outcome(extra={"participant": None, "token": None, "role": ""})
        outcome = Outcome()  # its participant and token are filled in when the run is written
        work.queue(JOINS, (Participant(session_id=command.session_id), outcome))
        return outcome


@register
class ChooseRole(PhoneAction):
    message = p.SetRole
    reads = ()
    writes = (ROLES,)
    announces = (p.ParticipantChange,)
    # Choosing a role leaves no history row to find a repeat by; a repeat sets
    # the same role again (and the phone resends in order, so never an older one).
    once = False

    def apply(self, work: Work, command: Command) -> Outcome:
        role = command.message.role
        work.queue(ROLES, (command.participant_id, role), key=command.participant_id)
        work.announce(command.session_id, p.ParticipantChange(command.participant_id, role))
        return Outcome()


class CardMessage(PhoneAction):
    """A phone's message about one card of its session: Card.refusal says whether it may."""

    reads = (SEEN, CARDS)

    def check(self, work: Work, command: Command) -> Outcome | None:
        refused = super().check(work, command)
        if refused is not None:
            return refused
        card = work.read(CARDS).get(command.message.card)
        error = "UNKNOWN_CARD" if card is None else card.refusal(command.session_id)
        return None if error is None else Outcome(error=p.Code[error])

    def card(self, work: Work, command: Command) -> Card:
        """The card the message is about (after check: one of the session's)."""
        return work.read(CARDS)[command.message.card]


@register
class Place(CardMessage):
    message = p.Place
    writes = (PLACEMENTS,)
    announces = (p.PlacementChange,)

    def apply(self, work: Work, command: Command) -> Outcome:
        message, card = command.message, self.card(work, command)
        self.seen(work, command)
        pair = (command.participant_id, card.pk)
        if PLACED in work.rows:
            work.read(PLACED).add(pair)  # a comment later in this run finds it
        move = Move(command.participant_id, card.pk, card.round, message.x, message.y, message.id)
        work.queue(PLACEMENTS, move)
        change = p.PlacementChange(command.participant_id, card.pk, message.x, message.y,
                                   command.role)  # fmt: skip
        work.announce(command.session_id, change, results=card.revealed)
        return Outcome()


@register
class Comment(CardMessage):
    message = p.SetComment
    reads = (SEEN, CARDS, PLACED)
    writes = (COMMENTS,)
    announces = (p.CommentChange,)

    def check(self, work: Work, command: Command) -> Outcome | None:
        refused = super().check(work, command)
        if refused is None and (command.participant_id, command.message.card) not in work.read(
            PLACED
        ):
            return Outcome(error=p.Code.NOTHING_TO_COMMENT)
        return refused

    def apply(self, work: Work, command: Command) -> Outcome:
        text, card = command.message.text, self.card(work, command)
        self.seen(work, command)
        # Pre-moderated sessions keep a new comment from the room until approved.
        hidden = bool(text) and card.session.moderation == Session.Moderation.PRE
        event = PlacementEvent(
            participant_id=command.participant_id, card_id=card.pk, client_id=command.message.id,
            kind=PlacementEvent.Kind.COMMENT, comment=text, round=card.round,
        )  # fmt: skip
        row = (command.participant_id, card.pk, card.round, text, hidden, event)
        work.queue(COMMENTS, row)
        change = p.CommentChange(command.participant_id, card.pk, text, hidden)
        work.announce(command.session_id, change, results=card.revealed)
        return Outcome()
