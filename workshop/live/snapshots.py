"""What live clients are shown: descriptions of state, and the snapshots.

Pure reads. The actions (workshop/live/actions/) use the describers for the
changes they announce; the consumers and the hub use the snapshots and views.
"""

import msgspec
from django.db import transaction
from django.db.models import Max

from workshop import participation
from workshop.lib import findings, stats
from workshop.live import protocol as p
from workshop.models import Card, ControlEvent, Participant, Placement, PlacementEvent, Session


def card_state(card: Card, agreed: bool = True) -> p.CardState:
    """A card as clients see it; phones (agreed=False) are not shown the agreed position."""
    image = card.small_image_url  # "" also when the file is gone: then no credit either
    return p.CardState(
        id=card.pk,
        title=card.title,
        description=card.description,
        image=image,
        image_credit=card.image_credit if image else "",
        open=card.is_open,
        locked=card.locked,
        revealed=card.revealed,
        round=card.round,
        resets=card.resets,
        agreed=(list(card.agreed_position) if card.agreed_position else None)
        if agreed
        else p.UNSET,
    )


def placement_change(placement: Placement, role: str, source: str = "phone") -> p.PlacementChange:
    """A placement as the control page sees it; p.for_screen() blanks hidden comments."""
    return p.PlacementChange(
        participant=placement.participant_id,
        card=placement.card_id,
        x=placement.x,
        y=placement.y,
        role=role,
        source=source,
        comment=placement.comment,
        hidden=placement.comment_hidden,
        featured=placement.comment_featured,
    )


def moderated(placement: Placement, current_round: int) -> p.CommentChange | p.EarlierCommentChange:
    """A comment's moderation (hidden, featured) as the room is told: a change of
    the current round's comment, or of an earlier round's (control pages keep those)."""
    fields = dict(participant=placement.participant_id, card=placement.card_id,
                  comment=placement.comment, hidden=placement.comment_hidden,
                  featured=placement.comment_featured)  # fmt: skip
    if placement.round != current_round:
        return p.EarlierCommentChange(**fields, round=placement.round)
    return p.CommentChange(**fields)


def earlier_comments(session_id: int) -> dict[str, list[dict]]:
    """Per card, the comments of its earlier rounds, oldest round first (control page only)."""
    rows = (
        Placement.objects.filter(card__session_id=session_id).earlier().exclude(comment="")
        .select_related("participant").order_by("card_id", "round", "pk")
    )  # fmt: skip
    out: dict[str, list[dict]] = {}
    for pl in rows:
        out.setdefault(str(pl.card_id), []).append({
            "round": pl.round, "participant": pl.participant_id, "comment": pl.comment,
            "hidden": pl.comment_hidden, "featured": pl.comment_featured,
            "role": pl.participant.role, "source": pl.participant.source,
        })  # fmt: skip
    return out


def session_state(session: Session) -> dict:
    """The session's changeable state, as the projector and control page apply it."""
    spotlight = None
    if session.spotlight_card_id:
        spotlight = {"card": session.spotlight_card_id, "participant": None, "comment": ""}
        rows = Placement.objects.filter(
            card_id=session.spotlight_card_id,
            participant_id=session.spotlight_participant_id,
            comment_hidden=False,
        )  # fmt: skip
        rows = (
            rows.filter(round=session.spotlight_round)
            if session.spotlight_round
            else rows.current()
        )
        placement = rows.first() if session.spotlight_participant_id else None
        if placement is not None:
            spotlight.update(participant=placement.participant_id, comment=placement.comment)
            if session.spotlight_round:  # an earlier round's comment
                spotlight["round"] = session.spotlight_round
    return {
        "state": session.state,
        "notes": session.notes,
        "moderation": session.moderation,
        "spotlight": spotlight,
    }


def results(card_ids) -> dict[int, dict]:
    """n, mean and spread (standard deviation per axis) of each card's current
    round, with its shape and ring (workshop/lib/findings.py) for the phone's words."""
    current = Placement.objects.filter(card_id__in=card_ids).current()
    points: dict[int, list] = {}
    for card_id, x, y in current.order_by("pk").values_list("card_id", "x", "y"):
        points.setdefault(card_id, []).append((x, y))
    return {
        row["card_id"]: {**stats.result(row), **findings.described(points[row["card_id"]])}
        for row in stats.moments(current, "card_id")
    }


def rounds_history(card_ids) -> dict[int, list[dict]]:
    """Per card, the results of its earlier rounds, oldest first: how the room moved."""
    earlier = Placement.objects.filter(card_id__in=card_ids).earlier()
    history: dict[int, list[dict]] = {}
    for row in stats.moments(earlier, "card_id", "round").order_by("card_id", "round"):
        history.setdefault(row["card_id"], []).append({"round": row["round"], **stats.result(row)})
    return history


def phone_view(session_id: int) -> p.View:
    """What every phone of the session shows: cards, their state, revealed results."""
    with transaction.atomic():
        session = Session.objects.get(pk=session_id)
        cards = list(session.cards.all())
        revealed = results([c.pk for c in cards if c.revealed])
        counts = participation.counts(session_id)
    shown = []
    for c in cards:
        card = card_state(c, agreed=False)
        card.result = (revealed.get(c.pk) or EMPTY) if c.revealed else None
        shown.append(card)
    return p.View(
        seq=session.seq,
        session={
            "title": session.title,
            "state": session.state,
            "axes": session.axes(),
            "moderation": session.moderation,
            "comments_mark": comments_mark(session_id),
        },
        participants=counts.joined,
        took_part=counts.took_part,
        cards=shown,
    )


def comments_mark(session_id: int) -> int:
    """A number that grows whenever the facilitator hides or shows a comment, or
    changes the moderation: the last such action's id in the audit trail.

    A phone with a comment asks for a snapshot when it grows (its `you` says
    whether its own comment is hidden); the number says nothing about whose.
    """
    moderating = ControlEvent.objects.filter(
        session_id=session_id, action__in=("hide_comment", "moderation")
    )
    return moderating.aggregate(last=Max("pk"))["last"] or 0


# The result of a revealed card nobody placed.
EMPTY = {"n": 0, "mean": None, "spread": None, **findings.described([])}


def nobody(participant_id: int | None) -> dict:
    """`you` of a phone that has placed nothing: a participant who just joined, or
    none (it came while the session was not open)."""
    return {"participant": participant_id, "role": "", "placements": {}, "previous": {}}


def facilitator_judged(participant_id: int, hidden: list[Placement]) -> set[int]:
    """Cards of these hidden comments that the facilitator hid or showed (the audit
    trail's hide_comment) since their author last wrote them: a hidden one of
    those is "not shown", not "waiting" (approved and hidden again, too)."""
    judged = set()
    for pl in hidden:
        written = PlacementEvent.objects.filter(
            participant_id=participant_id, card_id=pl.card_id, round=pl.round,
            kind=PlacementEvent.Kind.COMMENT,
        ).aggregate(last=Max("created_at"))["last"]  # fmt: skip
        actions = ControlEvent.objects.filter(
            action="hide_comment", card_id=pl.card_id, data__participant=participant_id
        )
        if written is not None:
            actions = actions.filter(created_at__gt=written)
        # No round in the message: the card's round then, which is this one.
        if any(a.get("round") in (None, pl.round) for a in actions.values_list("data", flat=True)):
            judged.add(pl.card_id)
    return judged


def phone_you(participant_id: int) -> dict:
    """The phone's own role and placements in each card's current round, and
    (`previous`) where it placed a card in that card's last round before."""
    participant = Participant.objects.get(pk=participant_id)
    current = list(participant.placements.current())
    judged = facilitator_judged(participant_id, [pl for pl in current if pl.comment_hidden])
    previous = {}
    for pl in participant.placements.earlier().order_by("round"):
        previous[str(pl.card_id)] = {"x": pl.x, "y": pl.y, "round": pl.round}
    return {
        "participant": participant.pk,
        "role": participant.role,
        "placements": {
            str(pl.card_id): {
                "x": pl.x,
                "y": pl.y,
                "comment": pl.comment,
                "hidden": pl.comment_hidden,
                "waiting": pl.comment_hidden and bool(pl.comment) and pl.card_id not in judged,
            }
            for pl in current
        },
        "previous": previous,
    }


def screen_snapshot(session_id: int, for_control: bool = False) -> p.Snapshot:
    """Everything the projector (or, with hidden comments, the control page) shows."""
    with transaction.atomic():
        session = Session.objects.get(pk=session_id)
        cards = list(session.cards.all())
        people = {pk: (role, source) for pk, role, source in
                  session.participants.values_list("pk", "role", "source")}  # fmt: skip
        placements = list(Placement.objects.filter(card__session_id=session_id).current())
        history = rounds_history([c.pk for c in cards])
        state = session_state(session)
        counts = participation.counts(session_id)
        earlier = earlier_comments(session_id) if for_control else None
    shown = [
        placement_change(pl, *people.get(pl.participant_id, ("", "phone"))) for pl in placements
    ]
    participants, shown = _participants(people, counts, shown, for_control)
    return p.Snapshot(
        seq=session.seq,
        session={
            "id": session.pk,
            "title": session.title,
            "join_code": session.join_code,
            "axes": session.axes(),
            **state,
        },
        participants=participants,
        cards=[card_state(c) for c in cards],
        history={str(card_id): rounds for card_id, rounds in history.items()},
        placements=shown if for_control else [p.for_screen(change) for change in shown],
        earlier_comments=p.UNSET if earlier is None else earlier,
    )


def _participants(people: dict, counts, shown: list[p.PlacementChange], for_control: bool):
    """The snapshot's participant counts and roles, and its placements with their roles.

    The projector: a role with fewer than three people (on a card, in the room)
    counts with "anders"; the control page sees the roles as given.
    """
    by_role: dict[str, int] = {}
    for role, _source in people.values():
        by_role[role] = by_role.get(role, 0) + 1
    roles = {str(pk): role for pk, (role, _source) in people.items()}
    if not for_control:
        folded = participation.fold_placement_roles(
            [{"card": c.card, "role": c.role} for c in shown]
        )
        shown = [
            msgspec.structs.replace(c, role=f["role"]) for c, f in zip(shown, folded, strict=True)
        ]
        folding = participation.fold_roles(by_role)
        roles = {pk: folding[role] for pk, role in roles.items()}
        by_role = participation.fold_counts(by_role)
    participants = {
        "total": counts.joined,
        "joined": counts.joined,
        "took_part": counts.took_part,
        "took_part_by_role": counts.took_part_by_role,
        "placed": sorted(counts.took_part_ids),
        "min_group": participation.MIN_GROUP,
        "by_role": by_role,
        "roles": roles,
    }
    return participants, shown
