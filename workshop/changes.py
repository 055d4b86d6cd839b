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
import math
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import Avg, Count, F

from workshop import protocol as p
from workshop.models import (
    Card,
    ControlEvent,
    Participant,
    Placement,
    PlacementEvent,
    Session,
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


def card_state(card: Card) -> dict:
    return {
        "id": card.pk,
        "title": card.title,
        "description": card.description,
        "open": card.is_open,
        "locked": card.locked,
        "revealed": card.revealed,
        "agreed": list(card.agreed_position) if card.agreed_position else None,
    }


def placement_change(placement: Placement, role: str) -> dict:
    return {
        "kind": "placement",
        "participant": placement.participant_id,
        "card": placement.card_id,
        "x": placement.x,
        "y": placement.y,
        "role": role,
        "comment": "" if placement.comment_hidden else placement.comment,
    }


def _bump(session_ids) -> dict[int, int]:
    """Advance each session's sequence number inside the caller's transaction.

    One UPDATE … RETURNING per session (SQLite ≥ 3.35 and PostgreSQL both have
    it). Call it first in a transaction: the row lock it takes until commit
    orders all writers of that session.
    """
    table = Session._meta.db_table
    seqs = {}
    with connection.cursor() as cursor:
        for session_id in sorted(session_ids):  # a fixed order: no deadlock between processes
            cursor.execute(f"UPDATE {table} SET seq = seq + 1 WHERE id = %s RETURNING seq", [session_id])
            seqs[session_id] = cursor.fetchone()[0]
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
    # The session rows first, in a fixed order: every writer of a session
    # (phone batches and facilitator actions, in any process) queues here
    # instead of deadlocking on the rows it touches later.
    seqs = _bump({c.session_id for c in commands})
    keyed = [c for c in commands if isinstance(c.message, p.Place | p.SetComment)]
    cards = {
        card.pk: card
        for card in Card.objects.filter(pk__in={c.message.card for c in keyed})
        .select_related("session")
        .only("session_id", "is_open", "locked", "revealed", "session__state")
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
        ).values_list("participant_id", "card_id")
    ) if commenting else set()  # fmt: skip

    outcomes: list[Outcome] = []
    moves: dict[tuple[int, int], Placement] = {}
    comments: dict[tuple[int, int], str] = {}
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
            moves[pair] = Placement(participant_id=pair[0], card_id=pair[1], x=message.x, y=message.y)
            event = PlacementEvent(kind=PlacementEvent.Kind.PLACE, x=message.x, y=message.y)
            change.update(kind="placement", x=message.x, y=message.y, role=command.role)
        else:
            comments[pair] = message.text
            event = PlacementEvent(kind=PlacementEvent.Kind.COMMENT, comment=message.text)
            change.update(kind="comment", comment=message.text)
        event.participant_id, event.card_id, event.client_id = pair[0], pair[1], message.id
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
            unique_fields=["participant", "card"],
            update_fields=["x", "y", "updated_at"],  # a move keeps the comment
        )
    for (participant_id, card_id), text in comments.items():
        Placement.objects.filter(participant_id=participant_id, card_id=card_id).update(comment=text)
    if events:
        PlacementEvent.objects.bulk_create(events)

    # Every bumped seq is announced, even with no changes: clients see no gap.
    return outcomes, {
        sid: Batch(seq=seq, changes=changes.get(sid, []), phones_results=sid in results_changed)
        for sid, seq in seqs.items()
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
        if isinstance(message, p.CardAction | p.SetAgreed | p.HideComment):
            card = Card.objects.filter(pk=message.card, session_id=session_id).first()
            if card is None:
                return Outcome(error=p.Code.UNKNOWN_CARD), None
        seq = _bump([session_id])[session_id]  # first: the session lock orders all writers
        if card is not None:
            card.refresh_from_db()  # as it is now that no other writer can change it

        changes, urgent = _control_changes(session_id, card, message)
        ControlEvent.objects.create(
            session_id=session_id, user_id=user_id, client_id=message.id,
            action=message.__struct_config__.tag + (f":{message.action}" if hasattr(message, "action") else ""),
            card=card, data=_audit_data(message),
        )  # fmt: skip
    return Outcome(), Batch(seq=seq, changes=changes, phones_urgent=urgent)


def _control_changes(
    session_id: int, card: Card | None, message: p.Message
) -> tuple[list[dict], bool]:
    if isinstance(message, p.CardAction):
        if message.action == "reset":
            _reset_card(card, message.id)
            return [{"kind": "reset", "card": card.pk}], True
        flag, value = CARD_FLAGS[message.action]
        setattr(card, flag, value)
        card.save(update_fields=[flag])
        return [{"kind": "card", "card": card_state(card)}], True
    if isinstance(message, p.SetAgreed):
        both = message.x is not None and message.y is not None
        card.agreed_x, card.agreed_y = (message.x, message.y) if both else (None, None)
        card.save(update_fields=["agreed_x", "agreed_y"])
        return [{"kind": "card", "card": card_state(card)}], False
    if isinstance(message, p.HideComment):
        placement = Placement.objects.filter(card=card, participant_id=message.participant).first()
        if placement is None:
            return [], False
        placement.comment_hidden = message.hidden
        placement.save(update_fields=["comment_hidden"])
        shown = "" if placement.comment_hidden else placement.comment
        change = {"kind": "comment", "participant": message.participant, "card": card.pk}
        return [{**change, "comment": shown}], False
    session = Session.objects.get(pk=session_id)
    if isinstance(message, p.SessionAction):
        session.state = Session.State.OPEN if message.action == "open" else Session.State.CLOSED
        session.save(update_fields=["state", "updated_at"])
        urgent = True
    else:
        session.notes = message.text
        session.save(update_fields=["notes", "updated_at"])
        urgent = False
    return [
        {"kind": "session", "session": {"state": session.state, "notes": session.notes}}
    ], urgent


def _reset_card(card: Card, client_id: str) -> None:
    """Clear the card's current placements; the history records the reset per participant."""
    placements = list(Placement.objects.filter(card=card))
    PlacementEvent.objects.bulk_create(
        PlacementEvent(
            participant_id=pl.participant_id, card=card, kind=PlacementEvent.Kind.RESET,
            client_id=f"reset:{client_id}"[:64],
        )
        for pl in placements
    )  # fmt: skip
    Placement.objects.filter(pk__in=[pl.pk for pl in placements]).delete()


def _audit_data(message: p.Message) -> dict:
    data = {f: getattr(message, f) for f in message.__struct_fields__ if f not in ("id", "text")}
    if isinstance(message, p.SetNotes):
        data["length"] = len(message.text)
    return data


# Snapshots ------------------------------------------------------------------


def results(card_ids) -> dict[int, dict]:
    """n, mean and spread (standard deviation per axis) of each card's placements."""
    rows = (
        Placement.objects.filter(card_id__in=card_ids)
        .values("card_id")
        .annotate(
            n=Count("id"), mx=Avg("x"), my=Avg("y"),
            mxx=Avg(F("x") * F("x")), myy=Avg(F("y") * F("y")),
        )
    )  # fmt: skip
    return {
        row["card_id"]: {
            "n": row["n"],
            "mean": [round(row["mx"], 4), round(row["my"], 4)],
            "spread": [
                round(math.sqrt(max(0.0, row["mxx"] - row["mx"] ** 2)), 4),
                round(math.sqrt(max(0.0, row["myy"] - row["my"] ** 2)), 4),
            ],
        }
        for row in rows
    }


def phone_view(session_id: int) -> dict:
    """What every phone of the session shows: cards, their state, revealed results."""
    with transaction.atomic():
        session = Session.objects.get(pk=session_id)
        cards = list(session.cards.all())
        revealed = results([c.pk for c in cards if c.revealed])
        participants = session.participants.count()
    return {
        "type": "view",
        "seq": session.seq,
        "session": {"title": session.title, "state": session.state, "axes": session.axes()},
        "participants": participants,
        "cards": [
            {
                **{k: v for k, v in card_state(c).items() if k != "agreed"},
                "result": (revealed.get(c.pk) or {"n": 0, "mean": None, "spread": None})
                if c.revealed
                else None,
            }
            for c in cards
        ],
    }


def phone_you(participant_id: int) -> dict:
    participant = Participant.objects.get(pk=participant_id)
    return {
        "participant": participant.pk,
        "role": participant.role,
        "placements": {
            str(pl.card_id): {"x": pl.x, "y": pl.y, "comment": pl.comment}
            for pl in participant.placements.all()
        },
    }


def screen_snapshot(session_id: int) -> dict:
    """Everything the projector and the control page show, at one sequence number."""
    with transaction.atomic():
        session = Session.objects.get(pk=session_id)
        cards = list(session.cards.all())
        roles = dict(session.participants.values_list("pk", "role"))
        placements = list(Placement.objects.filter(card__session_id=session_id))
    by_role: dict[str, int] = {}
    for role in roles.values():
        by_role[role] = by_role.get(role, 0) + 1
    return {
        "type": "snapshot",
        "seq": session.seq,
        "session": {
            "id": session.pk,
            "title": session.title,
            "state": session.state,
            "join_code": session.join_code,
            "axes": session.axes(),
            "notes": session.notes,
        },
        "participants": {"total": len(roles), "by_role": by_role},
        "cards": [card_state(c) for c in cards],
        "placements": [placement_change(pl, roles.get(pl.participant_id, "")) for pl in placements],
    }
