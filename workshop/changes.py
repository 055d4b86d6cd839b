"""Every change to a live session: validate, persist, and describe it for the room.

These functions are synchronous and run in one database transaction each;
the hub (workshop/hub.py) calls them from the event loop and announces what
they return only after they committed. Each returns, per session, a `Batch`:
the session's new sequence number and the changes the projector must apply.

The phone path is batched (group commit): many phones' messages are applied
in one transaction, so the cost of durability is paid per batch, not per
placement.
"""

import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from workshop import protocol as p
from workshop.models import (
    Card,
    ControlEvent,
    Participant,
    Placement,
    PlacementEvent,
    Session,
)
from workshop.snapshots import (
    card_state,
    comment_change,
    placement_change,
    rounds_history,
    session_state,
)

log = logging.getLogger(__name__)


@dataclass
class Batch:
    """What one committed transaction changed in one session."""

    seq: int
    changes: list[dict]
    phones_urgent: bool = False  # card or session state changed: phones must know soon
    phones_results: bool = False  # a revealed card's result changed: phones may wait a tick

    def as_message(self, session_id: int) -> dict:
        return {
            "type": "session.batch",
            "session": session_id,
            "seq": self.seq,
            "changes": self.changes,
            "phones_urgent": self.phones_urgent,
            "phones_results": self.phones_results,
        }


@dataclass
class Outcome:
    """The answer one client message gets: ack (maybe duplicate) or an error code."""

    error: p.Code | None = None
    duplicate: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class PhoneCommand:
    """A phone's validated message, with who sent it (participant None only for a join)."""

    session_id: int
    participant_id: int | None
    message: p.Message
    role: str = ""  # the participant's role as its consumer knows it, for the projector


def _lock_sessions(session_ids) -> None:
    """Lock the session rows first, in a fixed order, in every writing transaction.

    Phone batches and facilitator actions, in any process, then queue here
    instead of deadlocking on the rows they touch later. NO KEY UPDATE lets
    inserts that reference the session (new participants) go on. SQLite
    serialises writers anyway and ignores this.
    """
    list(
        Session.objects.select_for_update(no_key=True)
        .filter(pk__in=session_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _bump(session_ids) -> dict[int, int]:
    """Advance each session's sequence number inside the caller's transaction.

    One UPDATE … RETURNING per session (SQLite ≥ 3.35 and PostgreSQL both have
    it), at the end of a transaction that changed the session.
    """
    table = Session._meta.db_table
    seqs = {}
    with connection.cursor() as cursor:
        for session_id in sorted(session_ids):  # a fixed order: no deadlock between processes
            cursor.execute(
                f"UPDATE {table} SET seq = seq + 1 WHERE id = %s RETURNING seq", [session_id]
            )
            row = cursor.fetchone()
            if row is not None:  # None: the session was deleted meanwhile; nothing to announce
                seqs[session_id] = row[0]
    return seqs


# Phones ---------------------------------------------------------------------


def apply_phone_batch(commands: list[PhoneCommand]) -> tuple[list[Outcome], dict[int, Batch]]:
    """Apply many phones' messages in one transaction (group commit).

    A failure in the batch as a whole (a rare race on the unique client id
    between two server processes) falls back to one transaction per command,
    so one bad message never costs the others their place.
    """
    try:
        with transaction.atomic():
            return _apply_phone_commands(commands)
    except IntegrityError:
        log.warning("phone batch of %d hit a conflict; applying one by one", len(commands))
    outcomes: list[Outcome] = []
    batches: dict[int, Batch] = {}
    for command in commands:
        try:
            with transaction.atomic():
                (outcome,), one = _apply_phone_commands([command])
        except IntegrityError:
            outcome, one = Outcome(duplicate=True), {}
        outcomes.append(outcome)
        for session_id, batch in one.items():
            merged = batches.setdefault(session_id, Batch(seq=batch.seq, changes=[]))
            merged.seq = batch.seq
            merged.changes += batch.changes
            merged.phones_results |= batch.phones_results
    return outcomes, batches


def _apply_phone_commands(commands: list[PhoneCommand]) -> tuple[list[Outcome], dict[int, Batch]]:
    """The body of one group commit. Its cost is a handful of queries per batch,
    whatever the batch's size: that is what lets a full hall place at once.

    Precondition: the consumer checked that each participant belongs to the
    command's session (at hello), and passes its current role.
    """
    _lock_sessions({c.session_id for c in commands})
    keyed = [c for c in commands if isinstance(c.message, p.Place | p.SetComment)]
    cards = {
        card.pk: card
        for card in Card.objects.filter(pk__in={c.message.card for c in keyed})
        .select_related("session")
        .only(
            "session_id",
            "is_open",
            "locked",
            "revealed",
            "round",
            "session__state",
            "session__moderation",
        )
    }
    seen = set(
        PlacementEvent.objects.filter(
            participant_id__in={c.participant_id for c in keyed},
            client_id__in={c.message.id for c in keyed},
        ).values_list("participant_id", "client_id")
    ) if keyed else set()  # fmt: skip
    commenting = [c for c in keyed if isinstance(c.message, p.SetComment)]
    placed = set(
        Placement.objects.filter(
            participant_id__in={c.participant_id for c in commenting},
            card_id__in={c.message.card for c in commenting},
            round=F("card__round"),
        ).values_list("participant_id", "card_id")
    ) if commenting else set()  # fmt: skip

    outcomes: list[Outcome] = []
    moves: dict[tuple[int, int], Placement] = {}
    comments: dict[tuple[int, int], tuple[str, bool, int]] = {}
    events: list[PlacementEvent] = []
    joins: list[tuple[Participant, int]] = []
    roles: dict[int, str] = {}
    changes: dict[int, list[dict]] = {}
    results_changed: set[int] = set()  # sessions where a revealed card moved

    for command in commands:
        message = command.message
        if isinstance(message, p.Hello):
            joins.append((Participant(session_id=command.session_id), len(outcomes)))
            outcomes.append(Outcome())
            continue
        if isinstance(message, p.SetRole):
            roles[command.participant_id] = message.role
            changes.setdefault(command.session_id, []).append(
                {"kind": "participant", "participant": command.participant_id, "role": message.role}
            )
            outcomes.append(Outcome())
            continue

        key = (command.participant_id, message.id)
        if key in seen:
            outcomes.append(Outcome(duplicate=True))
            continue
        card = cards.get(message.card)
        error = _placement_refusal(command.session_id, card)
        pair = (command.participant_id, message.card)
        if error is None and isinstance(message, p.SetComment) and pair not in placed:
            error = p.Code.NOTHING_TO_COMMENT
        if error is not None:
            outcomes.append(Outcome(error=error))
            continue

        seen.add(key)
        change = {"participant": command.participant_id, "card": card.pk}
        if isinstance(message, p.Place):
            placed.add(pair)
            moves[pair] = Placement(
                participant_id=pair[0], card_id=pair[1], round=card.round, x=message.x, y=message.y
            )
            event = PlacementEvent(kind=PlacementEvent.Kind.PLACE, x=message.x, y=message.y)
            change.update(kind="placement", x=message.x, y=message.y, role=command.role)
        else:
            # Pre-moderated sessions keep a new comment from the room until approved.
            hidden = bool(message.text) and card.session.moderation == Session.Moderation.PRE
            comments[pair] = (message.text, hidden, card.round)
            event = PlacementEvent(kind=PlacementEvent.Kind.COMMENT, comment=message.text)
            change = comment_change(pair[0], pair[1], message.text, hidden)
        event.participant_id, event.card_id, event.client_id = pair[0], pair[1], message.id
        event.round = card.round
        events.append(event)
        changes.setdefault(command.session_id, []).append(change)
        if card.revealed:
            results_changed.add(command.session_id)
        outcomes.append(Outcome())

    if joins:
        created = Participant.objects.bulk_create([participant for participant, _ in joins])
        for participant, (_, index) in zip(created, joins, strict=True):
            if participant.pk is None:  # backends without RETURNING: look it up by token
                participant = Participant.objects.get(token=participant.token)
            outcomes[index].extra = {"participant": participant.pk, "token": participant.token}
            changes.setdefault(participant.session_id, []).append(
                {"kind": "participant", "participant": participant.pk, "role": ""}
            )
    for participant_id, role in roles.items():
        Participant.objects.filter(pk=participant_id).update(role=role)
    if moves:
        Placement.objects.bulk_create(
            moves.values(),
            update_conflicts=True,
            unique_fields=["participant", "card", "round"],
            update_fields=["x", "y", "updated_at"],  # a move keeps the comment
        )
    for (participant_id, card_id), (text, hidden, round_) in comments.items():
        Placement.objects.filter(
            participant_id=participant_id, card_id=card_id, round=round_
        ).update(comment=text, comment_hidden=hidden)
    if events:
        PlacementEvent.objects.bulk_create(events)

    seqs = _bump(changes)
    return outcomes, {
        sid: Batch(seq=seqs[sid], changes=c, phones_results=sid in results_changed)
        for sid, c in changes.items()
        if sid in seqs
    }


def _placement_refusal(session_id: int, card: Card | None) -> p.Code | None:
    if card is None or card.session_id != session_id:
        return p.Code.UNKNOWN_CARD
    if not card.session.accepts_placements:
        return p.Code.SESSION_NOT_OPEN
    if not card.is_open:
        return p.Code.CARD_NOT_OPEN
    if card.locked:
        return p.Code.CARD_LOCKED
    return None


def find_participant(session_id: int, token: str | None) -> Participant | None:
    if not token:
        return None
    return Participant.objects.filter(session_id=session_id, token=token).first()


# Facilitator ----------------------------------------------------------------

CARD_FLAGS = {
    "open": ("is_open", True),
    "close": ("is_open", False),
    "reveal": ("revealed", True),
    "hide": ("revealed", False),
    "lock": ("locked", True),
    "unlock": ("locked", False),
}


def apply_control(
    session_id: int, user_id: int, message: p.Message
) -> tuple[Outcome, Batch | None]:
    """One facilitator action in its own transaction, applied once per client id.

    Precondition: the caller checked that the user facilitates this session.
    """
    with transaction.atomic():
        if ControlEvent.objects.filter(session_id=session_id, client_id=message.id).exists():
            return Outcome(duplicate=True), None
        card = None
        if getattr(message, "card", None) is not None:
            card = Card.objects.filter(pk=message.card, session_id=session_id).first()
            if card is None:
                return Outcome(error=p.Code.UNKNOWN_CARD), None
        if isinstance(message, p.Spotlight) and message.participant is not None:
            if not Participant.objects.filter(
                pk=message.participant, session_id=session_id
            ).exists():
                return Outcome(error=p.Code.UNKNOWN_PARTICIPANT), None
        _lock_sessions([session_id])
        if card is not None:
            card.refresh_from_db()  # as it is now that no other writer can change it
        changes, urgent, extra = _control_changes(session_id, card, message)
        seq = _bump([session_id])[session_id]
        ControlEvent.objects.create(
            session_id=session_id, user_id=user_id, client_id=message.id,
            action=message.__struct_config__.tag + (f":{message.action}" if hasattr(message, "action") else ""),
            card=card, data=_audit_data(message),
        )  # fmt: skip
    return Outcome(extra=extra), Batch(seq=seq, changes=changes, phones_urgent=urgent)


def _control_changes(
    session_id: int, card: Card | None, message: p.Message
) -> tuple[list[dict], bool, dict]:
    """Apply one facilitator action: (changes for the room, phones must know soon, ack extras)."""
    if isinstance(message, p.CardAction):
        if message.action == "reset":
            _reset_card(card, message.id)
            changes = [
                {"kind": "reset", "card": card.pk},
                {"kind": "card", "card": card_state(card)},
            ]
            session = Session.objects.get(pk=session_id)
            if session.spotlight_card_id == card.pk:  # its comment may be gone with the reset
                changes.append({"kind": "session", "session": session_state(session)})
            return changes, True, {}
        if message.action == "round":
            # Run the card again: earlier rounds stay, stored apart, for the comparison.
            card.round += 1
            card.is_open, card.revealed, card.locked = True, False, False
            card.save(update_fields=["round", "is_open", "revealed", "locked"])
            history = rounds_history([card.pk]).get(card.pk, [])
            change = {"kind": "round", "card": card_state(card), "history": history}
            return [change], True, {}
        flag, value = CARD_FLAGS[message.action]
        setattr(card, flag, value)
        card.save(update_fields=[flag])
        return [{"kind": "card", "card": card_state(card)}], True, {}
    if isinstance(message, p.SetAgreed):
        both = message.x is not None and message.y is not None
        card.agreed_x, card.agreed_y = (message.x, message.y) if both else (None, None)
        card.save(update_fields=["agreed_x", "agreed_y"])
        return [{"kind": "card", "card": card_state(card)}], False, {}
    if isinstance(message, p.HideComment):
        placement = Placement.objects.filter(
            card=card, round=card.round, participant_id=message.participant
        ).first()
        if placement is None:
            return [], False, {}
        placement.comment_hidden = message.hidden
        placement.save(update_fields=["comment_hidden"])
        change = comment_change(
            placement.participant_id, card.pk, placement.comment, message.hidden
        )
        return [change], False, {}
    if isinstance(message, p.PaperVote):
        return _paper_vote(session_id, card, message)
    session = Session.objects.get(pk=session_id)
    urgent = False
    if isinstance(message, p.SessionAction):
        session.state = Session.State.OPEN if message.action == "open" else Session.State.CLOSED
        urgent = True
    elif isinstance(message, p.SetNotes):
        session.notes = message.text
    elif isinstance(message, p.SetModeration):
        session.moderation = message.mode
    elif isinstance(message, p.Spotlight):
        session.spotlight_card = card
        session.spotlight_participant_id = message.participant if card else None
    session.save()
    return [{"kind": "session", "session": session_state(session)}], urgent, {}


def announce_edit(session_id: int) -> None:
    """Tell every live client that the session was edited outside the live layer.

    For the edit page (a sync view): bumps the sequence number and publishes
    an `edited` change through the channel layer, so every process's hub
    passes it on. Projectors and control pages resync; phones get a new view.
    Call after the edit is saved, outside an open transaction.
    """
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    from workshop.hub import group_name

    with transaction.atomic():
        _lock_sessions([session_id])
        seq = _bump([session_id]).get(session_id)
    if seq is None:
        return
    batch = Batch(seq=seq, changes=[{"kind": "edited"}], phones_urgent=True)
    async_to_sync(get_channel_layer().group_send)(
        group_name(session_id), batch.as_message(session_id)
    )


def _paper_vote(session_id: int, card: Card, message: p.PaperVote) -> tuple[list[dict], bool, dict]:
    """A placement from a paper worksheet or for someone without a phone.

    The sheet is a participant of its own (source "paper"); send its id back
    with the next card of the same sheet.
    """
    participant = None
    if message.participant is not None:
        participant = Participant.objects.filter(
            pk=message.participant, session_id=session_id, source=Participant.Source.PAPER
        ).first()
    changes = []
    if participant is None:
        participant = Participant.objects.create(
            session_id=session_id, role=message.role, source=Participant.Source.PAPER
        )
        changes.append(
            {"kind": "participant", "participant": participant.pk, "role": participant.role}
        )
    placement, _ = Placement.objects.update_or_create(
        participant=participant, card=card, round=card.round,
        defaults={"x": message.x, "y": message.y, "comment": message.comment},
    )  # fmt: skip
    PlacementEvent.objects.create(
        participant=participant, card=card, round=card.round, kind=PlacementEvent.Kind.PLACE,
        x=message.x, y=message.y, comment=message.comment, client_id=message.id,
    )  # fmt: skip
    changes.append(placement_change(placement, participant.role, participant.source))
    return changes, card.revealed, {"participant": participant.pk}


def _reset_card(card: Card, client_id: str) -> None:
    """Clear the card's current round; the history records the reset per participant."""
    placements = list(Placement.objects.filter(card=card, round=card.round))
    PlacementEvent.objects.bulk_create(
        PlacementEvent(
            participant_id=pl.participant_id, card=card, kind=PlacementEvent.Kind.RESET,
            round=card.round, client_id=f"reset:{client_id}"[:64],
        )
        for pl in placements
    )  # fmt: skip
    Placement.objects.filter(pk__in=[pl.pk for pl in placements]).delete()
    card.resets += 1
    card.save(update_fields=["resets"])


def _audit_data(message: p.Message) -> dict:
    data = {f: getattr(message, f) for f in message.__struct_fields__ if f not in ("id", "text")}
    if isinstance(message, p.SetNotes):
        data["length"] = len(message.text)
    return data
