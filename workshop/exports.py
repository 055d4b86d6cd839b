"""Placements out of the app: CSV and JSON exports, replay events, deck comparisons.

The export schema is documented in docs/export.md; bump SCHEMA_VERSION when
a field changes meaning.
"""

import csv
import io

from workshop import participation
from workshop.lib import stats
from workshop.models import Deck, Placement, PlacementEvent, Session

SCHEMA_VERSION = 1
FIELDS = [
    "session", "card_id", "card", "round", "participant", "role", "source",
    "x", "y", "quadrant", "comment", "comment_state", "placed_at",
]  # fmt: skip


def placement_rows(session: Session) -> list[dict]:
    """One row per participant, card and round: the latest position in that round.

    A hidden comment (hidden by the facilitator or awaiting approval) is not
    exported; its row says `comment_state: hidden`.
    """
    rows = []
    placements = (
        Placement.objects.filter(card__session=session)
        .select_related("card", "participant")
        .order_by("card__position", "card_id", "round", "updated_at", "pk")
    )
    for pl in placements:
        if not pl.comment:
            state = "none"
        else:
            state = "hidden" if pl.comment_hidden else "visible"
        rows.append(
            {
                "session": session.join_code,
                "card_id": pl.card_id,
                "card": pl.card.title,
                "round": pl.round,
                "participant": pl.participant_id,
                "role": pl.participant.role,
                "source": pl.participant.source,
                "x": round(pl.x, 4),
                "y": round(pl.y, 4),
                "quadrant": session.quadrant_name(pl.x, pl.y),
                "comment": pl.comment if state == "visible" else "",
                "comment_state": state,
                "placed_at": pl.updated_at.isoformat(),
            }
        )
    return rows


def as_csv(rows: list[dict], excel: bool = False) -> str:
    """Comma-separated with decimal points (scripts), or for Dutch Excel: ';' between
    cells and decimal commas, which a double-click there opens in columns."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, delimiter=";" if excel else ",")
    writer.writeheader()
    for row in rows:
        # A spreadsheet runs cells that start with = + - @ as formulas: defuse them.
        # Text only: a negative number (x = -0.5) is a number, not a formula.
        writer.writerow({k: _number(v) if excel else _cell(v) for k, v in row.items()})
    return buffer.getvalue()


def _number(value):
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return _cell(value)


def _cell(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def as_json(session: Session, rows: list[dict]) -> dict:
    return {
        "schema": SCHEMA_VERSION,
        "session": {
            "title": session.title,
            "date": session.date.isoformat() if session.date else None,
            "place": session.place,
            "join_code": session.join_code,
            "axes": session.axes(),
        },
        # joined, took_part and took_part_by_role (small roles folded): docs/export.md
        "participation": participation.counts(session.pk).as_dict(),
        "placements": rows,
        # After the retention period: the figures kept without participants (docs/privacy.md).
        "kept_results": session.kept_results,
    }


def replay_events(session: Session) -> list[dict]:
    """Every move of the session in time order, `t` in seconds from the first."""
    events = (
        PlacementEvent.objects.filter(card__session=session, kind__in=["place", "reset"])
        .select_related("participant")
        .order_by("created_at", "pk")
    )
    out, start = [], None
    for event in events:
        start = start or event.created_at
        out.append(
            {
                "t": round((event.created_at - start).total_seconds(), 3),
                "kind": event.kind,
                "participant": event.participant_id,
                "role": event.participant.role,
                "card": event.card_id,
                "round": event.round,
                "x": event.x,
                "y": event.y,
                "source": event.participant.source,
            }
        )
    return out


def deck_comparison(deck: Deck) -> dict:
    """Per card of the deck, how each session of that deck placed it (latest round).

    A session's card is matched to the deck card it was made from
    (Card.deck_card), not by title: a card renamed in one session, or reordered,
    is still the same card.
    """
    sessions = list(deck.sessions.order_by("date", "created_at"))
    latest = Placement.objects.filter(card__session__in=sessions).current()
    found = {
        (row["card__session_id"], row["card__deck_card_id"]): stats.result(row)
        for row in stats.moments(latest, "card__session_id", "card__deck_card_id")
    }
    cards = []
    for card in deck.cards.all():
        per_session = []
        for session in sessions:
            result = found.get((session.pk, card.pk), {"n": 0, "mean": None, "spread": None})
            per_session.append(
                {
                    "session": session.pk,
                    "title": session.title,
                    "date": session.date.isoformat() if session.date else None,
                    "place": session.place,
                    **result,
                }
            )
        cards.append({"title": card.title, "sessions": per_session})
    return {"deck": deck.name, "sessions": [s.title for s in sessions], "cards": cards}
