"""Who counts, and which roles may be shown apart: the one place for both rules.

Snapshots (projector, control, phones), the printables and the exports call
these functions; docs/protocol.md and docs/export.md say what each number is.

- **joined**: participants of the session. A phone becomes one when it opens
  the session while the session is open (not while it is a draft or closed);
  the same phone coming back (its token) stays the same participant. A paper
  sheet the facilitator enters is one participant too.
- **took part**: participants who placed at least one card (any card, any
  round, also when the facilitator later reset that card). Reports speak of
  these people.
- **small groups** (the one privacy rule, for every output that shows roles:
  the PDFs, the projector, the control page, the phones; docs/privacy.md): in
  any set of people shown together (the session, one card, one round of a
  card) no group of fewer than MIN_GROUP is shown apart (a colour, a mean, a
  count, a role beside a comment). A role with fewer than MIN_GROUP people
  counts with "anders"; when "anders" or those who gave no role ("") are then
  fewer than MIN_GROUP, both count together as "anders"; when even that group
  is fewer than MIN_GROUP, no role is shown for that set at all (ROOM): the
  room's figures minus the shown groups' would give away the few people left.
  Everybody always counts in the room's overall figures.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from workshop.models import Participant, PlacementEvent, Role

MIN_GROUP = 3
# The cookie (per join code, "ak_<CODE>") in which the phone page keeps its
# participant token beside local storage: a phone that comes back is the same
# participant, and the results page after the session finds its own places.
TOKEN_COOKIE = "ak_%s"
OTHER = Role.OTHER.value
NO_ROLE = ""
# The group of everyone in a set whose roles cannot be shown (not a role
# anybody chooses): charts draw it in the room's plain grey, comments carry no role.
ROOM = "room"
T = TypeVar("T")


def fold_roles(counts: dict[str, int]) -> dict[str, str]:
    """Each role in `counts` (role -> number of people) to the group it is shown
    in: itself, OTHER, or ROOM for everyone when roles cannot be shown at all."""
    present = {role: n for role, n in counts.items() if n > 0}
    if ROOM in present:  # already hidden (a projector's snapshot): stays hidden
        return dict.fromkeys(counts, ROOM)
    shown = {role: role for role in counts}
    for role, n in present.items():
        if role not in (NO_ROLE, OTHER) and n < MIN_GROUP:
            shown[role] = OTHER
    others = sum(n for r, n in present.items() if shown[r] == OTHER)
    nobody = present.get(NO_ROLE, 0)
    if 0 < others < MIN_GROUP or 0 < nobody < MIN_GROUP:
        for role in counts:
            if shown[role] in (OTHER, NO_ROLE):
                shown[role] = OTHER
        if 0 < others + nobody < MIN_GROUP:
            return dict.fromkeys(counts, ROOM)
    return shown


def fold_counts(counts: dict[str, int]) -> dict[str, int]:
    """Role counts with the small groups folded in (fold_roles); zero groups left
    out, and no group at all when roles cannot be shown (ROOM)."""
    folded: Counter = Counter()
    for role, group in fold_roles(counts).items():
        folded[group] += counts[role]
    return {role: n for role, n in folded.items() if n and role != ROOM}


def group_by_role(items: Iterable[T], role_of: Callable[[T], str]) -> dict[str, list[T]]:
    """Items (placements of one card, say) per shown role group, small groups folded."""
    items = list(items)
    folding = fold_roles(Counter(role_of(item) for item in items))
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(folding[role_of(item)], []).append(item)
    return groups


def fold_placement_roles(placements: list[dict]) -> list[dict]:
    """Placements as the projector gets them ({"card", "role", …}): per card, each
    role replaced by the group it is shown in (fold_roles)."""
    by_card: dict[int, Counter] = {}
    for pl in placements:
        by_card.setdefault(pl["card"], Counter())[pl["role"]] += 1
    folding = {card: fold_roles(counts) for card, counts in by_card.items()}
    return [{**pl, "role": folding[pl["card"]][pl["role"]]} for pl in placements]


@dataclass(frozen=True)
class Counts:
    joined: int
    took_part: int
    took_part_by_role: dict[str, int]  # folded: only groups that may be shown apart
    took_part_ids: frozenset[int]

    def as_dict(self) -> dict:
        return {
            "joined": self.joined,
            "took_part": self.took_part,
            "took_part_by_role": self.took_part_by_role,
        }


def took_part_ids(session_id: int) -> set[int]:
    """Participants of the session who placed at least one card, ever."""
    return set(
        PlacementEvent.objects.filter(card__session_id=session_id, kind=PlacementEvent.Kind.PLACE)
        .values_list("participant_id", flat=True)
        .distinct()
    )


def counts(session_id: int) -> Counts:
    """Joined and took part for one session (two queries)."""
    roles = dict(Participant.objects.filter(session_id=session_id).values_list("pk", "role"))
    placed = took_part_ids(session_id) & roles.keys()
    by_role = Counter(roles[pk] for pk in placed)
    return Counts(
        joined=len(roles),
        took_part=len(placed),
        took_part_by_role=fold_counts(dict(by_role)),
        took_part_ids=frozenset(placed),
    )
