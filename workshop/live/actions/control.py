"""What the facilitator's control page sends: card buttons, agreed positions,
comment moderation, paper votes and the session's state, notes and spotlight.

Each is applied alone (not bulk), on rows read under the session lock, once
per client id, by a login that still runs the session (checked here, when it
is applied, not only when the socket connected). Each leaves a ControlEvent.
"""

from workshop.live import authority
from workshop.live import protocol as p
from workshop.live.actions.base import Action, register
from workshop.live.snapshots import (
    card_state,
    moderated,
    placement_change,
    rounds_history,
    session_state,
)
from workshop.live.work import Command, Outcome, Read, Work
from workshop.models import Card, ControlEvent, Move, Participant, Placement, Session, place


def _authorised(commands: list[Command]) -> set[tuple[int, int, str]]:
    """(session, user, login) of the facilitators who still run the session, now."""
    keys = {(c.session_id, c.user_id, c.auth_key) for c in commands}
    return {key for key in keys if authority.facilitates(*key)}


def _control_seen(commands: list[Command]) -> set[tuple[int, str]]:
    """(session, client id) of control messages already applied."""
    return set(
        ControlEvent.objects.filter(
            session_id__in={c.session_id for c in commands},
            client_id__in={c.message.id for c in commands},
        ).values_list("session_id", "client_id")
    )


def _session_cards(commands: list[Command]) -> dict[int, Card]:
    """Whole cards, as they are under the lock, for the facilitator's actions."""
    ids = {c.message.card for c in commands if getattr(c.message, "card", None) is not None}
    return {card.pk: card for card in Card.objects.filter(pk__in=ids)}


AUTHORISED = Read(_authorised)
CONTROL_SEEN = Read(_control_seen)
SESSION_CARDS = Read(_session_cards)


class ControlAction(Action):
    senders = frozenset({"control"})
    reads = (AUTHORISED, CONTROL_SEEN, SESSION_CARDS)
    bulk = False
    urgent = False  # phones must hear of it soon (card or session state changed)

    def check(self, work: Work, command: Command) -> Outcome | None:
        message = command.message
        if (command.session_id, command.user_id, command.auth_key) not in work.read(AUTHORISED):
            return Outcome(error=p.Code.FORBIDDEN, close=p.CloseCode.FORBIDDEN)
        if (command.session_id, message.id) in work.read(CONTROL_SEEN):
            return Outcome(duplicate=True)
        card_id = getattr(message, "card", None)
        if card_id is not None:
            card = work.read(SESSION_CARDS).get(card_id)
            if card is None or card.session_id != command.session_id:
                return Outcome(error=p.Code.UNKNOWN_CARD)
        return self.refusal(command)

    def refusal(self, command: Command) -> Outcome | None:
        """A check of this action's own, after the common ones."""
        return None

    def apply(self, work: Work, command: Command) -> Outcome:
        message = command.message
        card = work.read(SESSION_CARDS).get(getattr(message, "card", None))
        done = self.change(command, card)
        work.announce(
            command.session_id, *self.describe(command, card, done),
            urgent=self.is_urgent(card),
        )  # fmt: skip
        work.read(CONTROL_SEEN).add((command.session_id, message.id))
        ControlEvent.objects.create(
            session_id=command.session_id, user_id=command.user_id, client_id=message.id,
            action=p.tag_of(type(message)) + (f":{message.action}" if hasattr(message, "action") else ""),
            card=card, data=audit_data(message),
        )  # fmt: skip
        return Outcome(extra=self.ack_extra(done))

    def change(self, command: Command, card: Card | None):
        """Change the database; returns what describe() and ack_extra() need."""
        raise NotImplementedError

    def describe(self, command: Command, card: Card | None, done) -> list[p.Change]:
        """The changes the room is told about (of the kinds in `announces`)."""
        raise NotImplementedError

    def is_urgent(self, card: Card | None) -> bool:
        return self.urgent

    def ack_extra(self, done) -> dict:
        return {}


def answers_removed(command: Command) -> Outcome | None:
    """Refused once retention removed what the participants did (workshop/retention.py):
    new answers in such a session would be kept past its retention period."""
    removed = Session.objects.filter(
        pk=command.session_id, participant_data_removed_at__isnull=False
    )
    return Outcome(error=p.Code.ANSWERS_REMOVED) if removed.exists() else None


def audit_data(message: p.Message) -> dict:
    """What the audit trail keeps of a message: its fields, a note's length only."""
    data = {f: getattr(message, f) for f in message.__struct_fields__ if f not in ("id", "text")}
    if isinstance(message, p.SetNotes):
        data["length"] = len(message.text)
    return data


@register
class CardButton(ControlAction):
    """Open, close, reveal, hide, lock, unlock, reset or run a card again."""

    message = p.CardAction
    urgent = True
    announces = (p.RoundChange, p.CardChange, p.ResetChange, p.SessionChange)

    def change(self, command: Command, card: Card) -> Session | None:
        action = command.message.action
        if action == "reset":
            card.reset(command.message.id)
            # The spotlight's comment may be gone with the reset: say the session again.
            session = Session.objects.get(pk=command.session_id)
            return session if session.spotlight_card_id == card.pk else None
        if action == "round":
            card.start_round()
        else:
            card.set_flag(action)
        return None

    def describe(self, command: Command, card: Card, spotlit: Session | None) -> list[p.Change]:
        action = command.message.action
        if action == "round":
            history = rounds_history([card.pk]).get(card.pk, [])
            return [p.RoundChange(card_state(card), history)]
        changes: list[p.Change] = [p.CardChange(card_state(card))]
        if action == "reset":
            changes.insert(0, p.ResetChange(card.pk))
            if spotlit is not None:
                changes.append(p.SessionChange(session_state(spotlit)))
        return changes


@register
class Agree(ControlAction):
    """The position the group agreed on for a card (or none)."""

    message = p.SetAgreed
    announces = (p.CardChange,)

    def change(self, command: Command, card: Card) -> None:
        card.set_agreed(command.message.x, command.message.y)

    def describe(self, command: Command, card: Card, done) -> list[p.Change]:
        return [p.CardChange(card_state(card))]


@register
class Moderate(ControlAction):
    """Hide or show one participant's comment on a card, in any round (the current one by default)."""

    message = p.HideComment
    field = "comment_hidden"
    announces = (p.CommentChange, p.EarlierCommentChange, p.SessionChange)
    urgent = True  # the comment's author sees whether it is shown (snapshots.comments_mark)

    def change(self, command: Command, card: Card) -> Placement | None:
        message = command.message
        placement = Placement.objects.filter(
            card=card, round=message.round or card.round, participant_id=message.participant
        ).first()
        if placement is not None:
            setattr(placement, self.field, self.value(message))
            placement.save(update_fields=[self.field])
        return placement

    def value(self, message) -> bool:
        return message.hidden

    def describe(self, command: Command, card: Card, placement: Placement | None) -> list[p.Change]:
        if placement is None:
            return []
        changes = [moderated(placement, card.round)]
        session = Session.objects.get(pk=command.session_id)
        spotlit = (session.spotlight_card_id, session.spotlight_participant_id,
                   session.spotlight_round or card.round)  # fmt: skip
        if self.field == "comment_hidden" and spotlit == (
            card.pk,
            placement.participant_id,
            placement.round,
        ):
            # The comment is large on the projector: it goes (or comes back) there too.
            changes.append(p.SessionChange(session_state(session)))
        return changes


@register
class Feature(Moderate):
    """Mark a comment to feature in the session summary (printables), in any round."""

    message = p.FeatureComment
    field = "comment_featured"
    urgent = False

    def value(self, message) -> bool:
        return message.featured


@register
class Paper(ControlAction):
    """A placement from a paper worksheet or for someone without a phone.

    The sheet is a participant of its own (source "paper"); its id goes back
    in the ack, for the next card of the same sheet.
    """

    message = p.PaperVote
    announces = (p.ParticipantChange, p.PlacementChange)

    def refusal(self, command: Command) -> Outcome | None:
        return answers_removed(command)

    def change(self, command: Command, card: Card) -> tuple[Participant, Placement, bool]:
        message = command.message
        participant = None
        if message.participant is not None:
            participant = Participant.objects.filter(
                pk=message.participant, session_id=command.session_id,
                source=Participant.Source.PAPER,
            ).first()  # fmt: skip
        new = participant is None
        if new:
            participant = Participant.objects.create(
                session_id=command.session_id, role=message.role, source=Participant.Source.PAPER
            )
        move = Move(participant.pk, card.pk, card.round, message.x, message.y, message.id,
                    comment=message.comment)  # fmt: skip
        place([move])
        placement = Placement.objects.get(participant=participant, card=card, round=card.round)
        return participant, placement, new

    def describe(self, command: Command, card: Card, done) -> list[p.Change]:
        participant, placement, new = done
        changes: list[p.Change] = [
            placement_change(placement, participant.role, participant.source)
        ]
        if new:
            changes.insert(0, p.ParticipantChange(participant.pk, participant.role))
        return changes

    def is_urgent(self, card: Card) -> bool:
        return card.revealed  # the room's result on the phones changed

    def ack_extra(self, done) -> dict:
        return {"participant": done[0].pk}


class SessionEdit(ControlAction):
    """A change of the session row itself; the room gets its new state."""

    announces = (p.SessionChange,)

    def change(self, command: Command, card: Card | None) -> Session:
        session = Session.objects.get(pk=command.session_id)
        self.set(session, command.message, card)
        session.save()
        return session

    def set(self, session: Session, message: p.Message, card: Card | None) -> None:
        raise NotImplementedError

    def describe(self, command: Command, card: Card | None, session: Session) -> list[p.Change]:
        return [p.SessionChange(session_state(session))]


@register
class OpenOrClose(SessionEdit):
    message = p.SessionAction
    urgent = True

    def refusal(self, command: Command) -> Outcome | None:
        return answers_removed(command) if command.message.action == "open" else None

    def set(self, session: Session, message: p.SessionAction, card: None) -> None:
        session.state = Session.State.OPEN if message.action == "open" else Session.State.CLOSED


@register
class Notes(SessionEdit):
    message = p.SetNotes

    def set(self, session: Session, message: p.SetNotes, card: None) -> None:
        session.notes = message.text


@register
class ModerationMode(SessionEdit):
    message = p.SetModeration
    urgent = True  # phones say "waiting for the facilitator" or "shown"

    def set(self, session: Session, message: p.SetModeration, card: None) -> None:
        session.moderation = message.mode


@register
class ShowLarge(SessionEdit):
    """What the projector shows large: a card, and maybe one participant's comment."""

    message = p.Spotlight

    def refusal(self, command: Command) -> Outcome | None:
        participant = command.message.participant
        if (
            participant is not None
            and not Participant.objects.filter(
                pk=participant, session_id=command.session_id
            ).exists()
        ):
            return Outcome(error=p.Code.UNKNOWN_PARTICIPANT)
        return None

    def set(self, session: Session, message: p.Spotlight, card: Card | None) -> None:
        session.spotlight_card = card
        session.spotlight_participant_id = message.participant if card else None
        session.spotlight_round = message.round if card and message.participant else None
