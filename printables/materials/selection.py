"""Which comments a card's page in the summary prints: featured first, then a
few that stand for every quadrant, as many as the page has room for."""

import math

from printables.data import CardData, PlacementData
from printables.templatetags.print_text import direction

# The summary's comment budget per card: featured first (at most FEATURED),
# then a representative selection up to SELECTION comments in all.
FEATURED = 3
SELECTION = 6
# About a third of a page at 10 pt: five short comments, or two of the longest (280).
SELECTION_CHARS = 750


# What else on a card's page takes room from its comments, in characters of a
# comment (a line of 10 pt body text holds about 105): a heading on two lines, a
# picture beside it, a long description, quadrant names on more than one line,
# "In words" longer than usual (long names quoted in it, a second round).
LINE_CHARS = 105
FINDING_CHARS = 1100  # "In words" with long names quoted, about eleven lines


def comment_room(card: CardData, finding_chars: int = 0) -> int:
    """How many characters of comments fit on the card's page (SELECTION_CHARS
    when nothing on the page is long; below 0: not even one)."""
    room = SELECTION_CHARS - max(0, finding_chars - FINDING_CHARS)
    room -= 2 * LINE_CHARS * (len(card.title) > 40)
    room -= 2 * LINE_CHARS * bool(card.image_uri)
    room -= LINE_CHARS * (len(card.description) > 200)
    names = card.axes
    for left, right in (("top_left", "top_right"), ("bottom_left", "bottom_right")):
        longest = max(len(names.get(left, "")), len(names.get(right, "")))
        room -= LINE_CHARS // 2 * (longest // 30)  # a line more for each 30 characters
    return room


def comment_size(placement: PlacementData) -> float:
    """A comment's room in characters: Arabic lines stand taller than Dutch ones."""
    return len(placement.comment) * (1.4 if direction(placement.comment) == "rtl" else 1)


def select_comments(
    comments: list[PlacementData], budget: int = SELECTION, chars: int = SELECTION_CHARS
) -> list[PlacementData]:
    """`pick_comments`, then as many as fit in `chars` characters (at least one,
    unless the rest of the page already overfills it: `chars` below 0): a card's
    page stays one page however long the comments are. The rest are in "All comments"."""
    picked, kept, used = pick_comments(comments, budget), [], 0.0
    for p in picked:
        size = comment_size(p)
        if used + size > chars and (kept or chars < 0):
            break
        kept.append(p)
        used += size
    return kept


def pick_comments(comments: list[PlacementData], budget: int = SELECTION) -> list[PlacementData]:
    """A bounded, representative choice of a card's comments.

    Featured comments come first (at most FEATURED). The other places are shared
    between the quadrants people placed the card in, in proportion to how many
    comments each quadrant has but at least one each while places last, so a
    minority view is heard; within a quadrant the comments nearest to its
    average placement come first (the typical ones). Deterministic.
    """
    chosen, rest = distinct_comments(comments)
    places = budget - len(chosen)
    if places <= 0 or not rest:
        return chosen
    order = quadrant_buckets(rest)
    for bucket, share in zip(order, quadrant_shares(places, order), strict=True):
        chosen += bucket[:share]
    return chosen


def distinct_comments(
    comments: list[PlacementData],
) -> tuple[list[PlacementData], list[PlacementData]]:
    """The featured comments (at most FEATURED) and the rest, the same words
    twice ("Top!", or a comment kept into the next round) once."""
    chosen, seen = [], set()
    for p in comments:
        text = " ".join(p.comment.split()).casefold()
        if p.featured and text not in seen and len(chosen) < FEATURED:
            seen.add(text)
            chosen.append(p)
    rest = []
    for p in comments:
        text = " ".join(p.comment.split()).casefold()
        if not p.featured and text not in seen:
            seen.add(text)
            rest.append(p)
    return chosen, rest


def quadrant_buckets(comments: list[PlacementData]) -> list[list[PlacementData]]:
    """The comments by the quadrant they were placed in, the fullest quadrant
    first; in each the comments nearest its average placement first."""
    buckets: dict[tuple[bool, bool], list[PlacementData]] = {}
    for p in comments:
        buckets.setdefault((p.x >= 0, p.y >= 0), []).append(p)
    for bucket in buckets.values():
        cx = sum(p.x for p in bucket) / len(bucket)
        cy = sum(p.y for p in bucket) / len(bucket)
        bucket.sort(key=lambda p: (math.dist((p.x, p.y), (cx, cy)), len(p.comment)))
    return sorted(buckets.values(), key=len, reverse=True)


def quadrant_shares(places: int, order: list[list[PlacementData]]) -> list[int]:
    """How many of `places` each bucket gets: one each while places last, the
    rest in proportion to the buckets' sizes (largest remainders first)."""
    shares = [0] * len(order)
    for i in range(min(places, len(order))):
        shares[i] = 1
    left = places - sum(shares)
    if left <= 0:
        return shares
    total = sum(len(b) for b in order)
    exact = [left * len(b) / total for b in order]
    extra = [int(e) for e in exact]
    for i in sorted(range(len(order)), key=lambda i: exact[i] - extra[i], reverse=True)[
        : left - sum(extra)
    ]:
        extra[i] += 1
    return [s + e for s, e in zip(shares, extra, strict=True)]


def featured_rounds(card: CardData) -> dict[PlacementData, int]:
    """Comments the facilitator chose in the card's earlier rounds -> their round."""
    return {p: r.round for r in card.earlier for p in r.comments if p.featured}
