"""What a printable knows about a session: a plain, picklable snapshot.

`snapshot()` is the only code here that touches the database; it is quick
(a handful of queries) and runs where the request runs. Everything after it,
charts, templates and WeasyPrint, works on this snapshot in the render worker,
which therefore needs no database connection.

Hidden comments never enter the snapshot, so no template can print one.
"""

import base64
import datetime
import mimetypes
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.http import HttpRequest

from workshop import participation
from workshop.lib import findings, links, stats
from workshop.lib.findings import quadrant_of as quadrant_key
from workshop.models import Placement, Session


@dataclass(frozen=True)
class PlacementData:
    x: float
    y: float
    role: str
    comment: str = ""
    paper: bool = False  # entered by the facilitator from paper or as a proxy
    featured: bool = False  # the facilitator marked the comment to feature


def quadrant_of(axes: dict, point: tuple[float, float]) -> str:
    """The quadrant name at a point of a session's axes (workshop.lib.findings.quadrant_of decides)."""
    return axes[quadrant_key(*point)]


@dataclass(frozen=True)
class RoundData:
    """An earlier round of a card: how many placed it, where on average, and
    its visible comments (a comment is kept with the round it was made in)."""

    round: int
    count: int
    mean: tuple[float, float]
    comments: list[PlacementData] = field(default_factory=list)


@dataclass
class CardData:
    number: int
    title: str
    description: str
    agreed: tuple[float, float] | None
    axes: dict
    round: int = 1
    image_uri: str = ""  # the card's picture as a data: URI (the PDF fetcher loads nothing else)
    image_credit: str = ""
    placements: list[PlacementData] = field(default_factory=list)  # of the current round
    earlier: list[RoundData] = field(default_factory=list)  # oldest first

    @cached_property
    def _stats(self) -> tuple:
        return stats.of_points([(p.x, p.y) for p in self.placements])

    @cached_property
    def shape(self) -> findings.Shape:
        """How the placements lie (workshop.lib.findings): what every sentence about the card says."""
        return findings.shape((p.x, p.y) for p in self.placements)

    @property
    def mean(self) -> tuple[float, float] | None:
        return self._stats[0]

    @property
    def spread(self) -> tuple[float, float] | None:
        return self._stats[1]

    @property
    def comments(self) -> list[PlacementData]:
        return [p for p in self.placements if p.comment]

    @property
    def paper_count(self) -> int:
        return sum(1 for p in self.placements if p.paper)

    @property
    def agreed_quadrant(self) -> str:
        return quadrant_of(self.axes, self.agreed) if self.agreed else ""

    def role_mean(self, role: str) -> tuple[float, float] | None:
        return stats.of_points([(p.x, p.y) for p in self.placements if p.role == role])[0]


@dataclass
class SessionData:
    id: int
    title: str
    date: datetime.date | None
    place: str
    organiser: str
    join_code: str
    join_url: str
    state: str
    notes: str
    axes: dict
    language: str
    participants: int  # who took part: placed at least one card (workshop.participation)
    roles: dict[str, int]  # role value ("" for none given) -> participants, small groups folded
    cards: list[CardData]
    joined: int = 0  # every participant, also those who placed nothing
    # When retention removed what each participant did (workshop/retention.py),
    # and the figures it kept then (RETENTION_KEEP = "results"), if any.
    removed_on: datetime.date | None = None
    kept: dict | None = None

    @property
    def placements(self) -> int:
        """Every placement counted, earlier rounds included."""
        return sum(len(c.placements) + sum(r.count for r in c.earlier) for c in self.cards)

    @property
    def comments(self) -> int:
        """Every visible comment, earlier rounds included."""
        return sum(len(c.comments) + sum(len(r.comments) for r in c.earlier) for c in self.cards)

    def quadrant_name(self, point: tuple[float, float]) -> str:
        return quadrant_of(self.axes, point)

    @property
    def home_address(self) -> str:
        """The site's address as a person types it, "assenkruis.example": its
        front page asks for the code. Shorter to type than the join address."""
        home = self.join_url.removesuffix(f"j/{self.join_code}/")
        return home.split("://", 1)[-1].rstrip("/")


def image_data_uri(image) -> str:
    """A stored card image inlined for WeasyPrint; "" when there is none or it is gone."""
    if not image:
        return ""
    kind = mimetypes.guess_type(image.name)[0]
    if kind not in ("image/jpeg", "image/png", "image/webp"):
        return ""
    try:
        with image.open("rb") as file:
            return f"data:{kind};base64," + base64.b64encode(file.read()).decode("ascii")
    except (OSError, ValueError):
        return ""


def round_placements(rows: list[tuple]) -> list[PlacementData]:
    """One round of one card, each person's role as it may be shown among the
    people who placed that round (participation.fold_roles: nobody apart in a
    group under three, on its chart, in its comments and in every figure)."""
    folding = participation.fold_roles(Counter(row[4] for row in rows))
    placements = []
    for _card, _round, x, y, role, comment, hidden, source, featured in rows:
        visible = "" if hidden else comment
        placements.append(
            PlacementData(
                x, y, folding[role], visible, source == "paper", bool(visible and featured)
            )
        )
    return placements


def snapshot(session: Session, request: HttpRequest | None = None) -> SessionData:
    """Everything the printables show of `session`; links are made absolute
    the way workshop.lib.links does it (PUBLIC_URL, else the request's host).

    A card's results are those of its current round; earlier rounds are kept
    as their means only, to show how the room moved.
    """
    axes = session.axes()
    cards = {
        card.pk: CardData(
            number=i,
            title=card.title,
            description=card.description,
            agreed=card.agreed_position,
            axes=axes,
            round=card.round,
            image_uri=image_data_uri(card.image),
            image_credit=card.image_credit,
        )
        for i, card in enumerate(session.cards.all(), start=1)
    }
    # Who took part (workshop.participation); a placement without its event (as
    # in imported or generated data) counts as taking part too.
    people = dict(session.participants.values_list("pk", "role"))
    placed = set(
        Placement.objects.filter(card__session=session).values_list("participant_id", flat=True)
    )
    took_part = (participation.took_part_ids(session.pk) | placed) & people.keys()
    took_part_roles = Counter(people[pk] for pk in took_part)
    rows = (
        Placement.objects.filter(card__session=session)
        .order_by("card_id", "round", "id")
        .values_list(
            "card_id", "round", "x", "y", "participant__role", "comment", "comment_hidden",
            "participant__source", "comment_featured",
        )
    )  # fmt: skip
    by_round: dict[tuple[int, int], list[tuple]] = {}
    for row in rows.iterator(chunk_size=2000):
        by_round.setdefault((row[0], row[1]), []).append(row)
    for (card_id, round_), group in by_round.items():
        card = cards[card_id]
        placements = round_placements(group)
        if round_ == card.round:
            card.placements = placements
        elif round_ < card.round:
            mean = stats.of_points([(p.x, p.y) for p in placements])[0]
            comments = [p for p in placements if p.comment]
            card.earlier.append(RoundData(round_, len(placements), mean, comments))
    return SessionData(
        id=session.pk,
        title=session.title,
        date=session.date,
        place=session.place,
        organiser=session.organiser,
        join_code=session.join_code,
        join_url=links.join_url(session, request),
        state=session.state,
        notes=session.notes,
        axes=axes,
        language=session.language or settings.LANGUAGE_CODE,
        participants=len(took_part),
        roles=participation.fold_counts(dict(took_part_roles)),
        cards=list(cards.values()),
        joined=len(people),
        removed_on=session.answers_removed_on,
        kept=session.kept_results,
    )
