"""What phones send: join, choose a role, place a card, comment on it.

Bulk actions: the commit reads what they need for the whole run at once and
writes what they queue in a few queries (workshop/live/commit.py).
"""

from workshop.live import protocol as p
from workshop.live.actions.base import Action, Command, Outcome, register
from workshop.live.snapshots import comment_change
from workshop.models import Card, Participant, Placement, PlacementEvent, Session

PHONE = frozenset({"phone"})


@register
class Join(Action):
    """A phone without a token becomes a participant (the consumer found no earlier one)."""

    message = p.Hello
    senders = PHONE

    def apply(self, work, command: Command) -> Outcome:
        outcome = Outcome()  # its participant and token are filled in when the run is written
        work.joins.append((Participant(session_id=command.session_id), outcome))
        return outcome


@register
class ChooseRole(Action):
    message = p.SetRole
    senders = PHONE

    def apply(self, work, command: Command) -> Outcome:
        role = command.message.role
        work.roles[command.participant_id] = role
        work.announce(
            command.session_id,
            {"kind": "participant", "participant": command.participant_id, "role": role},
        )
        return Outcome()


def card_refusal(session_id: int, card: Card | None) -> p.Code | None:
    """Why this card cannot be placed or commented on now, or None."""
    if card is None or card.session_id != session_id:
        return p.Code.UNKNOWN_CARD
    if not card.session.accepts_placements:
        return p.Code.SESSION_NOT_OPEN
    if not card.is_open:
        return p.Code.CARD_NOT_OPEN
    if card.locked:
        return p.Code.CARD_LOCKED
    return None


class CardMessage(Action):
    """A phone's message about one card, applied once per client id.

    Precondition: the consumer checked at hello that the participant belongs
    to the command's session; the card is checked against it here.
    """

    senders = PHONE
    needs = ("cards", "seen")

    def check(self, work, command: Command) -> Outcome | None:
        if (command.participant_id, command.message.id) in work.seen:
            return Outcome(duplicate=True)
        error = card_refusal(command.session_id, work.cards.get(command.message.card))
        return None if error is None else Outcome(error=error)

    def record(self, work, command: Command, event: PlacementEvent) -> Card:
        """The history row every card message leaves, and the card it is about."""
        message, card = command.message, work.cards[command.message.card]
        work.seen.add((command.participant_id, message.id))
        event.participant_id, event.card_id, event.client_id = (
            command.participant_id, card.pk, message.id,
        )  # fmt: skip
        event.round = card.round
        work.events.append(event)
        return card


@register
class Place(CardMessage):
    message = p.Place

    def apply(self, work, command: Command) -> Outcome:
        message = command.message
        event = PlacementEvent(kind=PlacementEvent.Kind.PLACE, x=message.x, y=message.y)
        card = self.record(work, command, event)
        pair = (command.participant_id, card.pk)
        work.placed.add(pair)
        work.moves[pair] = Placement(
            participant_id=pair[0], card_id=pair[1], round=card.round, x=message.x, y=message.y
        )
        work.announce(command.session_id, self.describe(command), results=card.revealed)
        return Outcome()

    @staticmethod
    def describe(command: Command) -> dict:
        message = command.message
        return {
            "participant": command.participant_id, "card": message.card, "kind": "placement",
            "x": message.x, "y": message.y, "role": command.role,
        }  # fmt: skip


@register
class Comment(CardMessage):
    message = p.SetComment
    needs = ("cards", "seen", "placed")

    def check(self, work, command: Command) -> Outcome | None:
        refused = super().check(work, command)
        if refused is None and (command.participant_id, command.message.card) not in work.placed:
            return Outcome(error=p.Code.NOTHING_TO_COMMENT)
        return refused

    def apply(self, work, command: Command) -> Outcome:
        text = command.message.text
        event = PlacementEvent(kind=PlacementEvent.Kind.COMMENT, comment=text)
        card = self.record(work, command, event)
        # Pre-moderated sessions keep a new comment from the room until approved.
        hidden = bool(text) and card.session.moderation == Session.Moderation.PRE
        work.comments[(command.participant_id, card.pk)] = (text, hidden, card.round)
        change = comment_change(command.participant_id, card.pk, text, hidden)
        work.announce(command.session_id, change, results=card.revealed)
        return Outcome()
