"""A message type defined only here, added as docs/architecture.md says: the worked
example of the recipe (tests/live/test_recipe.py).

A phone raises its hand about a card ("I want to say something about this
one"); the projector is told. It stores a history row (PlacementEvent, kind
"hand": the toy borrows the history table instead of a model of its own), so
the repeated-id check of every card message applies to it too.

Daphne serves `application` from this module (bench.servers.DaphneServer(app=…)):
the server process imports the action before the first socket connects, exactly
as workshop/live/actions/ is imported for the project's own actions.
"""

from workshop.asgi import application  # noqa: F401  (what Daphne serves)
from workshop.live import protocol as p
from workshop.live.actions import Outcome, Work, Write, register
from workshop.live.actions.phone import CardMessage
from workshop.models import PlacementEvent


# 1. The schema: what the phone sends, and the change the room is told.
class RaiseHand(p.Message, tag="raise_hand"):
    card: p.CardId


class HandChange(p.Change, tag="hand"):
    participant: int
    card: int


# 2. What it writes, in bulk: one query for the whole run.
def _hands(work: Work, rows: list[PlacementEvent]) -> None:
    PlacementEvent.objects.bulk_create(rows)


HANDS = Write(_hands)


# 3. The action: who may send it, what it reads, writes and announces.
@register
class Hand(CardMessage):  # senders = phones; reads: open session, seen ids, the card
    message = RaiseHand
    writes = (HANDS,)
    announces = (HandChange,)

    def apply(self, work, command):
        card = self.card(work, command)
        self.seen(work, command)
        work.queue(HANDS, PlacementEvent(
            participant_id=command.participant_id, card_id=card.pk, kind="hand",
            round=card.round, client_id=command.message.id,
        ))  # fmt: skip
        work.announce(command.session_id, HandChange(command.participant_id, card.pk))
        return Outcome()
