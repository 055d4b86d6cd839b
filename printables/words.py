"""What the room found, in plain words, generated from the data (B1).

Every sentence is built from a card's placements; nobody types them. Numbers
for people: a position on each axis is a whole number from −100 (the axis's
left or bottom end) to +100 (its right or top end), explained once in the
summary; agreement is "k of the n placements". No decimals, so no decimal
comma beside a separating comma.

Pure functions of printables.data: they run in the render worker.
"""

import math
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from printables.data import CardData, PlacementData, quadrant_of
from printables.templatetags.print_text import isolate, shorten
from workshop.models import COMPARED_ROLES
from workshop.participation import MIN_GROUP

# Thresholds on the −100…+100 scale.
MIDDLE = 15  # closer to 0 than this: "in the middle"
CLEARLY = 40
FAR = 70
MOVED = 15  # a mean that moved less than this (either axis) "hardly changed"
ROLES_DIFFER = 25  # artists and community workers this far apart on an axis differ


def figure(value: float) -> str:
    """A position on one axis as a whole number with its sign: +66, −5, 0."""
    n = round(value * 100)
    return f"+{n}" if n > 0 else (f"−{-n}" if n < 0 else "0")


def end_of(axes: dict, axis: str, value: float) -> str:
    """The name of the end of an axis a value leans to."""
    return axes[f"{axis}_to" if value >= 0 else f"{axis}_from"]


def pole(axes: dict, axis: str, value: float) -> str:
    """The end of an axis a value leans to, isolated for a sentence."""
    return isolate(end_of(axes, axis, value))


def axis_words(axes: dict, axis: str, value: float) -> str:
    """Where a value lies on one axis, in words: "clearly towards Activering"."""
    n = abs(round(value * 100))
    if n < MIDDLE:
        return _("in the middle between %(a)s and %(b)s") % {
            "a": isolate(axes[f"{axis}_from"]),
            "b": isolate(axes[f"{axis}_to"]),
        }
    towards = pole(axes, axis, value)
    if n < CLEARLY:
        return _("a little towards %(pole)s") % {"pole": towards}
    if n < FAR:
        return _("clearly towards %(pole)s") % {"pole": towards}
    return _("far towards %(pole)s") % {"pole": towards}


def point_words(axes: dict, point: tuple[float, float], figures: bool = True) -> str:
    """Both axes in words, each with its figure: "clearly towards Activering (+55)
    and a little towards Collectief (+20)"."""
    x, y = (axis_words(axes, axis, v) for axis, v in (("x", point[0]), ("y", point[1])))
    if figures:
        x, y = f"{x} ({figure(point[0])})", f"{y} ({figure(point[1])})"
    return _("%(x)s and %(y)s") % {"x": x, "y": y}


def in_the_middle(point: tuple[float, float]) -> bool:
    return all(abs(round(v * 100)) < MIDDLE for v in point)


def directions(axes: dict, start: tuple[float, float], end: tuple[float, float]) -> list[str]:
    """The ends an arrow from `start` to `end` points to, axes with a small change left out."""
    return [
        pole(axes, axis, b - a)
        for axis, a, b in (("x", start[0], end[0]), ("y", start[1], end[1]))
        if abs(round((b - a) * 100)) >= MOVED
    ]


def joined(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) == 1:
        return items[0]
    return _("%(a)s and %(b)s") % {"a": ", ".join(items[:-1]), "b": items[-1]}


@dataclass(frozen=True)
class Agreement:
    quadrant: str  # the quadrant most placements are in
    count: int  # placements in it
    total: int

    @property
    def level(self) -> str:
        if self.total < 2:
            return "single"
        if self.count == self.total:  # not "largely": everyone
            return "all"
        share = self.count / self.total
        # Exactly half is not "most": "De meesten" for 4 of 8 reads wrong.
        return "large" if share >= 0.75 else ("most" if share > 0.5 else "divided")

    @property
    def short(self) -> str:
        """One or two words for a table: "largely agreed", "divided"."""
        return {
            "single": _("one placement"),
            "all": _("everyone agreed"),
            "large": _("largely agreed"),
            "most": _("most agreed"),
            "divided": _("divided"),
        }[self.level]


def agreement(card: CardData) -> Agreement | None:
    if not card.placements:
        return None
    counts = Counter(quadrant_of(card.axes, (p.x, p.y)) for p in card.placements)
    quadrant, count = counts.most_common(1)[0]
    return Agreement(quadrant, count, len(card.placements))


def position_sentence(card: CardData) -> str:
    if in_the_middle(card.mean):
        return _("On average the room placed this card in the middle of the grid.")
    return _("On average the room placed this card in “%(quadrant)s”: %(where)s.") % {
        "quadrant": isolate(card.mean_quadrant),
        "where": point_words(card.axes, card.mean),
    }


def average_elsewhere(card: CardData, found: Agreement) -> bool:
    """Whether the average lies in another quadrant than the one most chose
    (a few placements far off pull it over a line): said, or the two read as a
    contradiction."""
    return not in_the_middle(card.mean) and card.mean_quadrant != found.quadrant


def agreement_sentence(found: Agreement, card: CardData) -> str:
    values = {"quadrant": isolate(found.quadrant), "k": found.count, "n": found.total}
    if found.level in ("all", "large", "most") and average_elsewhere(card, found):
        return (
            _(
                "Yet most placed it in “%(quadrant)s” (%(k)s of the %(n)s): the others lie further "
                "off and pull the average over the line."
            )
            % values
        )
    return {
        "single": _("Only one person placed this card."),
        "all": _("Everyone placed it in “%(quadrant)s”: all %(n)s placements."),
        "large": _("The room largely agreed: %(k)s of the %(n)s placements are in “%(quadrant)s”."),
        "most": _(
            "Most placed it in “%(quadrant)s” (%(k)s of the %(n)s); the others saw it elsewhere."
        ),
        "divided": _(
            "The room was divided: the quadrant chosen most, “%(quadrant)s”, has %(k)s of the %(n)s placements."
        ),
    }[found.level] % values


def movement_sentence(card: CardData) -> str:
    """How the mean moved from the previous round to this one ("" in the first round)."""
    if not card.earlier or not card.mean:
        return ""
    before = card.earlier[-1]
    towards = directions(card.axes, before.mean, card.mean)
    values = {"a": before.round, "b": card.round}
    if not towards:
        return _("Between round %(a)s and round %(b)s the position hardly changed.") % values
    return _("In round %(b)s the card moved towards %(towards)s (round %(a)s: “%(quadrant)s”).") % {
        **values,
        "towards": joined(towards),
        "quadrant": isolate(quadrant_of(card.axes, before.mean)),
    }


def role_means(card: CardData) -> list[tuple[tuple[float, float], int] | None]:
    """Mean and count of each compared role on this card; None for a role with
    fewer than MIN_GROUP placements (too few to show apart)."""
    result = []
    for role in COMPARED_ROLES:
        points = [(p.x, p.y) for p in card.placements if p.role == role]
        result.append(
            (tuple(sum(c) / len(points) for c in zip(*points, strict=True)), len(points))
            if len(points) >= MIN_GROUP
            else None
        )
    return result


def role_gap(artists: tuple[float, float], workers: tuple[float, float]) -> list[int]:
    """Artists' mean minus community workers', per axis, on the −100…+100 scale;
    ROLES_DIFFER or more either way is a difference."""
    return [round((a - w) * 100) for a, w in zip(artists, workers, strict=True)]


def differing(gap: list[int]) -> list[tuple[str, int]]:
    """The axes ("x", 0) and ("y", 1) on which a `role_gap` is a difference."""
    return [(axis, i) for axis, i in (("x", 0), ("y", 1)) if abs(gap[i]) >= ROLES_DIFFER]


def groups_compared(card: CardData) -> tuple[tuple, tuple, list[int]] | None:
    """The artists' mean place, the community workers' and their `role_gap`;
    None when one of the groups is too small to compare."""
    means = role_means(card)
    if None in means:
        return None
    (artists, _a), (workers, _w) = means
    return artists, workers, role_gap(artists, workers)


def roles_sentence(card: CardData) -> str:
    """Where artists and community workers differ ("" when one group is too small)."""
    compared = groups_compared(card)
    if not compared:
        return ""
    artists, workers, gap = compared
    parts = [
        _("more towards %(pole)s (%(a)s against %(b)s)")
        % {"pole": pole(card.axes, axis, gap[i]), "a": figure(artists[i]), "b": figure(workers[i])}
        for axis, i in differing(gap)
    ]
    if not parts:
        return _("Artists and community workers placed it in about the same spot.")
    # One sentence, whichever axes differ: "artists placed it more towards
    # Activering (+60 against +12) and more towards Individueel (…) than community workers".
    return _(
        "Where the groups differ: artists placed it %(directions)s than community workers."
    ) % {"directions": joined(parts)}


def agreed_sentence(card: CardData) -> str:
    if not card.agreed:
        return ""
    text = _("After the discussion the room agreed on “%(quadrant)s”: %(where)s.") % {
        "quadrant": isolate(card.agreed_quadrant),
        "where": point_words(card.axes, card.agreed),
    }
    if card.mean and math.dist(card.mean, card.agreed) >= 0.3:
        towards = directions(card.axes, card.mean, card.agreed)
        if towards:
            text += " " + _("That is further towards %(towards)s than the average placement.") % {
                "towards": joined(towards)
            }
    return text


def finding(card: CardData) -> list[str]:
    """The sentences about one placed card, in reading order."""
    found = agreement(card)
    if not found:
        return []
    sentences = [
        position_sentence(card),
        agreement_sentence(found, card),
        movement_sentence(card),
        roles_sentence(card),
        agreed_sentence(card),
    ]
    return [s for s in sentences if s]


def featured(comments: list[PlacementData]) -> list[PlacementData]:
    return [p for p in comments if p.featured]


# The short form, for the summary's first pages: one or two lines a card.


def short_finding(card: CardData, roles: bool = True) -> list[str]:
    """A card's finding in a line or two; `roles=False` leaves out how artists
    and community workers differ (when In short says it once for every card)."""
    found = agreement(card)
    if not found:
        return []
    where = (
        _("in the middle of the grid")
        if in_the_middle(card.mean)
        else point_words(card.axes, card.mean, figures=False)
    )
    values = {
        "quadrant": isolate(found.quadrant),
        "k": found.count,
        "n": found.total,
        "where": where,
    }
    level = found.level
    if level in ("all", "large", "most") and average_elsewhere(card, found):
        level, values["average"] = "elsewhere", isolate(card.mean_quadrant)
    sentences = [
        {
            "single": _("One placement, in “%(quadrant)s”."),
            "all": _("Everyone agreed: all %(n)s in “%(quadrant)s”."),
            "large": _("Largely agreed: %(k)s of %(n)s in “%(quadrant)s”."),
            "most": _("Most in “%(quadrant)s” (%(k)s of %(n)s)."),
            "elsewhere": _(
                "Most (%(k)s of %(n)s) in “%(quadrant)s”, yet on average in “%(average)s”."
            ),
            "divided": _(
                "Divided: the quadrant chosen most, “%(quadrant)s”, has %(k)s of %(n)s; on average %(where)s."
            ),
        }[level]
        % values
    ]
    if card.earlier:
        towards = directions(card.axes, card.earlier[-1].mean, card.mean)
        sentences.append(
            _("Round %(round)s: moved towards %(towards)s.")
            % {"round": card.round, "towards": joined(towards)}
            if towards
            else _("Round %(round)s: hardly moved.") % {"round": card.round}
        )
    said_roles = short_roles(card) if roles else ""
    if said_roles:
        sentences.append(said_roles)
    if card.agreed:
        sentences.append(_("Agreed: “%(quadrant)s”.") % {"quadrant": isolate(card.agreed_quadrant)})
    return sentences


def short_roles(card: CardData) -> str:
    """How artists and community workers differ on this card, briefly ("" when
    one of the groups is too small to compare)."""
    compared = groups_compared(card)
    if not compared:
        return ""
    gap = compared[2]
    poles = [pole(card.axes, axis, gap[i]) for axis, i in differing(gap)]
    if poles:
        return _("Artists put it more towards %(poles)s than community workers.") % {
            "poles": joined(poles)
        }
    return _("Artists and community workers about the same.")


def roles_alike(cards: list[CardData]) -> str:
    """When artists and community workers differ in the same way on every card
    both groups placed (at least two), a sentence saying In short tells it once
    (then the cards' short findings need not); else ""."""
    gaps = [compared[2] for compared in map(groups_compared, cards) if compared]
    # Each card's difference: on which axes, and which way.
    leanings = {tuple((axis, gap[i] > 0) for axis, i in differing(gap)) for gap in gaps}
    if len(gaps) < 2 or len(leanings) > 1:
        return ""
    if leanings.pop():
        return _(
            "On every card both groups placed, artists differ from community workers in the same "
            "direction; In short says it once."
        )
    return _(
        "Artists and community workers put every card they both placed in about the same spot; "
        "In short says it once."
    )


# In short: what stands out over all cards, for the summary's first page.

# Names inside these sentences are shortened, so the summary's opening keeps its
# two pages at every field's limit; each is whole on the pages after.
IN_SHORT_NAME_CHARS = 40


def short_name(name: str) -> str:
    return isolate(shorten(name, IN_SHORT_NAME_CHARS))


def in_short(cards: list[CardData]) -> list[str]:
    """A few sentences over all placed cards: where they ended up, where the
    room agreed most and least, how artists and community workers differ,
    what moved between rounds and how many places were agreed together."""
    placed = [card for card in cards if card.placements]
    if len(placed) < 2:  # one card: its own finding says it all
        return []
    sentences = [
        where_sentence(placed),
        agreed_most_and_least(placed),
        roles_overall(placed),
        rounds_overall(placed),
    ]
    agreed = sum(1 for card in placed if card.agreed)
    if agreed:
        sentences.append(
            _("For %(k)s of the %(n)s cards the room chose a place together after the discussion.")
            % {"k": agreed, "n": len(placed)}
        )
    return [s for s in sentences if s]


def rounds_overall(cards: list[CardData]) -> str:
    """How many cards were placed again in a later round, and how many moved."""
    again = [card for card in cards if card.earlier]
    if not again:
        return ""
    moved = sum(1 for c in again if directions(c.axes, c.earlier[-1].mean, c.mean))
    if len(again) == 1:
        return (
            _("In a later round one card was placed again, and it moved.")
            if moved
            else _("In a later round one card was placed again; it hardly moved.")
        )
    if not moved:
        return _("In a later round %(n)s cards were placed again; none of them moved much.") % {
            "n": len(again)
        }
    if moved == len(again):
        return _("In a later round %(n)s cards were placed again; each of them moved.") % {
            "n": moved
        }
    return _("In a later round %(n)s cards were placed again; %(k)s of them moved.") % {
        "n": len(again),
        "k": moved,
    }


def where_sentence(cards: list[CardData]) -> str:
    """How many cards ended up in each quadrant, on average, most first."""
    counts = Counter(card.mean_quadrant for card in cards).most_common()
    (first, k), rest = counts[0], counts[1:]
    parts = [ngettext("%(k)s card in “%(quadrant)s”", "%(k)s cards in “%(quadrant)s”", k)
             % {"k": k, "quadrant": short_name(first)}]  # fmt: skip
    parts += [_("%(k)s in “%(quadrant)s”") % {"k": n, "quadrant": short_name(q)} for q, n in rest]
    return _("Where the room placed the cards on average: %(list)s.") % {"list": joined(parts)}


def card_name(card: CardData) -> str:
    return _("card %(number)s, “%(title)s”") % {
        "number": card.number,
        "title": short_name(card.title),
    }


def agreed_most_and_least(cards: list[CardData]) -> str:
    """The card the room agreed on most and the one it agreed on least; or that
    it largely agreed on each."""
    found = [(card, agreement(card)) for card in cards if len(card.placements) >= 2]
    if len(found) < 2:
        return ""

    def share(pair: tuple[CardData, Agreement]) -> float:
        return pair[1].count / pair[1].total

    most, least = max(found, key=share), min(found, key=share)
    if least[1].level in ("all", "large"):
        return _(
            "The room largely agreed on every card: each time at least three in four placements "
            "were in the same quadrant."
        )
    if share(most) == share(least):
        return ""
    tops = [pair for pair in found if share(pair) == share(most)]
    bottoms = [pair for pair in found if share(pair) == share(least)]
    # Several cards tie: all of them, not one picked out as "the" card.
    if len(tops) == 1:
        said_most = _(
            "The room agreed most on %(card)s: %(k)s of the %(n)s placements in the same quadrant."
        ) % {"card": card_name(most[0]), "k": most[1].count, "n": most[1].total}
    else:
        said_most = _(
            "The room agreed most on %(count)s cards (%(cards)s): each time %(share)s in the "
            "same quadrant."
        ) % {"count": len(tops), "cards": card_numbers(tops), "share": share_words(tops)}
    if len(bottoms) == 1:
        said_least = _("It agreed least on %(card)s: %(k)s of the %(n)s.") % {
            "card": card_name(least[0]),
            "k": least[1].count,
            "n": least[1].total,
        }
    else:
        said_least = _("It agreed least on %(count)s cards (%(cards)s): each time %(share)s.") % {
            "count": len(bottoms),
            "cards": card_numbers(bottoms),
            "share": share_words(bottoms),
        }
    return f"{said_most} {said_least}"


def card_numbers(pairs: list[tuple[CardData, Agreement]]) -> str:
    """ "card 3, 5 and 8": every one of them."""
    return _("card %(numbers)s") % {"numbers": joined([str(card.number) for card, _f in pairs])}


def share_words(pairs: list[tuple[CardData, Agreement]]) -> str:
    """How many placements each of these equally agreed cards has in one quadrant:
    "all placements", "17 of the 20 placements", or, where they were placed by
    different numbers of people, "85 percent of the placements"."""
    found = pairs[0][1]
    if found.count == found.total:
        return _("all placements")
    if len({f.total for _card, f in pairs}) == 1:
        return _("%(k)s of the %(n)s placements") % {"k": found.count, "n": found.total}
    return _("%(percent)s percent of the placements") % {
        "percent": round(found.count / found.total * 100)
    }


def roles_overall(cards: list[CardData]) -> str:
    """Whether artists place cards differently from community workers, over
    every card both groups placed ("" with fewer than two such cards)."""
    gaps = [compared[2] for compared in map(groups_compared, cards) if compared]
    n = len(gaps)
    if n < 2:
        return ""
    parts, poles = [], []
    for axis, i in (("x", 0), ("y", 1)):
        towards = sum(1 for gap in gaps if gap[i] >= ROLES_DIFFER)
        away = sum(1 for gap in gaps if gap[i] <= -ROLES_DIFFER)
        k, sign = max((towards, 1), (away, -1))
        if k > n / 2:  # most cards, so the other way round on fewer
            poles.append((k, short_name(end_of(cards[0].axes, axis, sign))))
            parts.append(_("%(k)s more towards %(pole)s") % {"k": k, "pole": poles[-1][1]})
    if poles and all(k == n for k, _pole in poles):
        return _(
            "Artists put all %(n)s cards both groups placed more towards %(poles)s than "
            "community workers."
        ) % {"n": n, "poles": joined([pole for _k, pole in poles])}
    if parts:
        return _(
            "Of the %(n)s cards both groups placed, artists put %(parts)s than community workers."
        ) % {"n": n, "parts": joined(parts)}
    differ = sum(1 for gap in gaps if differing(gap))
    if differ:
        return _(
            "Of the %(n)s cards both groups placed, artists and community workers put %(k)s in a "
            "clearly different spot, but not always in the same direction."
        ) % {"n": n, "k": differ}
    return _(
        "Artists and community workers put the cards they both placed in about the same spots."
    )
