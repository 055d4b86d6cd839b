"""Retention (AVG): closed sessions lose what each participant did after RETENTION_DAYS.

Removed: the participants (token, role, when they joined), every placement and
comment, and the history of moves (PlacementEvent). Kept: the session, its cards,
agreed positions and notes, the facilitators' audit trail, and, with
RETENTION_KEEP = "results", the figures of each card and round (how many placed,
mean and spread) and the participation counts (small role groups folded as
everywhere: workshop/participation.py) in `Session.kept_results`. `manage.py
retention` runs it daily (deploy/assenkruis-retention.timer); docs/privacy.md.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from workshop import participation
from workshop.lib import stats
from workshop.models import Participant, Placement, Session


def due(now: datetime) -> list[int]:
    """Closed sessions past their retention whose participant data is still there."""
    if settings.RETENTION_DAYS <= 0:
        return []
    cutoff = now - timedelta(days=settings.RETENTION_DAYS)
    return list(
        Session.objects.filter(
            state=Session.State.CLOSED, closed_at__lte=cutoff,
            participant_data_removed_at__isnull=True,
        ).values_list("pk", flat=True)
    )  # fmt: skip


def results(session: Session) -> dict:
    """The session's figures without anyone in them: per card and round, and participation."""
    rows = stats.moments(
        Placement.objects.filter(card__session=session), "card_id", "card__title", "round"
    ).order_by("card__position", "card_id", "round")
    cards = [
        {"card_id": row["card_id"], "card": row["card__title"], "round": row["round"],
         **stats.result(row)}
        for row in rows
    ]  # fmt: skip
    return {"participation": participation.counts(session.pk).as_dict(), "cards": cards}


def remove_participant_data(session_id: int, now: datetime) -> bool:
    """Remove one closed session's participant data (once); False if it went meanwhile."""
    with transaction.atomic():
        if not Session.lock([session_id]):
            return False
        session = Session.objects.get(pk=session_id)
        if session.state != Session.State.CLOSED or session.participant_data_removed_at:
            return False
        kept = results(session) if settings.RETENTION_KEEP == "results" else None
        Participant.objects.filter(session_id=session_id).delete()  # placements, history too
        session.kept_results = kept
        session.participant_data_removed_at = now
        session.save(update_fields=["kept_results", "participant_data_removed_at"])
    return True


def run(now: datetime | None = None) -> int:
    """Apply the retention to every session that is due; returns how many."""
    now = now or timezone.now()
    return sum(remove_participant_data(pk, now) for pk in due(now))
