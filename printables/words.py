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

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from printables.data import CardData, PlacementData
from printables.templatetags.print_text import isolate, shorten
from workshop.lib import compare, findings
from workshop.models import COMPARED_ROLES
from workshop.participation import MIN_GROUP

# Thresholds on the −100…+100 scale.
MIDDLE = 15  # closer to 0 than this: "in the middle"
CLEARLY = 40
FAR = 70
MOVED = 15  # a mean that moved less than this (either axis) "hardly changed"


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


def shape_of(card: CardData) -> findings.Shape:
    """How the card's placements lie (workshop.lib.findings decides, for every output)."""
    return card.shape


def namer(card: CardData, chars: int = 0):
    """Quadrant key -> its name in this card's session, isolated for a sentence
    (shortened to `chars` where the page has little room)."""
    if chars:
        return lambda key: isolate(shorten(card.axes[key], chars))
    return lambda key: isolate(card.axes[key])


def shape_sentence(card: CardData, found: findings.Shape | None = None, chars: int = 0) -> str:
    """The card's shape in one sentence: the same words as the projector and the phone."""
    return findings.sentence(found or shape_of(card), namer(card, chars))


def position_sentence(card: CardData, found: findings.Shape) -> str:
    """Where the average of all placements lies, in words and figures; for two
    camps, that it lies between them (the average of two camps describes neither)."""
    if found.kind in ("none", "single", "few"):
        return ""
    if found.kind == "camps":
        return _(
            "The average of all placements lies between the two camps, so it describes neither."
        )
    if in_the_middle(card.mean):
        return _("The average of all placements lies in the middle of the grid.")
    return _("The average of all placements: %(where)s.") % {
        "where": point_words(card.axes, card.mean)
    }


def movement_sentence(card: CardData) -> str:
    """How the mean moved from the previous round to this one ("" in the first round)."""
    if not card.earlier or not card.mean:
        return ""
    before = card.earlier[-1]
    towards = directions(card.axes, before.mean, card.mean)
    values = {"a": before.round, "b": card.round}
    if not towards:
        return _("Between round %(a)s and round %(b)s the position hardly changed.") % values
    # Where the average moved, not a quadrant: an average is no quadrant anyone chose.
    return _("In round %(b)s the average moved towards %(towards)s (round %(a)s: %(where)s).") % {
        **values,
        "towards": joined(towards),
        "where": point_words(card.axes, before.mean),
    }


def role_points(card: CardData, role: str) -> list[tuple[float, float]]:
    return [(p.x, p.y) for p in card.placements if p.role == role]


def role_means(card: CardData) -> list[tuple[tuple[float, float], int] | None]:
    """Mean and count of each compared role on this card; None for a role with
    fewer than MIN_GROUP placements (too few to show apart)."""
    result = []
    for role in COMPARED_ROLES:
        points = role_points(card, role)
        result.append(
            (tuple(sum(c) / len(points) for c in zip(*points, strict=True)), len(points))
            if len(points) >= MIN_GROUP
            else None
        )
    return result


def groups_compared(card: CardData) -> compare.Comparison | None:
    """Artists against community workers on this card (workshop.lib.compare); None
    when neither group is shown on it (nothing to say)."""
    artists, workers = (role_points(card, role) for role in COMPARED_ROLES)
    if not (artists or workers):
        return None
    return compare.compare(artists, workers)


def differing(found: compare.Comparison) -> list[tuple[str, compare.AxisGap]]:
    """The axes ("x" or "y", with their gap) on which the groups differ by more than chance."""
    return [(axis, gap) for axis, gap in zip("xy", found.axes or (), strict=False) if gap.clear]


def side(value: float) -> int:
    """-1, 0 (the middle) or +1: the side of an axis a figure lies on."""
    n = round(value * 100)
    return 0 if abs(n) < MIDDLE else (1 if n > 0 else -1)


def gap_words(axes: dict, axis: str, gap: compare.AxisGap, figures: bool = True) -> str:
    """Where both groups lie on one axis, true in absolute terms: "both towards
    Collectief, artists less far (+50 against +84)", or "artists towards
    Individueel (−30) and community workers towards Collectief (+40)"."""
    values = {"a": figure(gap.a), "b": figure(gap.b)}
    if side(gap.a) == side(gap.b) != 0:
        further = abs(gap.a) > abs(gap.b)
        values["pole"] = pole(axes, axis, gap.a)
        if figures:
            return (
                _("both towards %(pole)s, artists further (%(a)s against %(b)s)")
                if further
                else _("both towards %(pole)s, artists less far (%(a)s against %(b)s)")
            ) % values
        return (
            _("both towards %(pole)s, artists further")
            if further
            else _("both towards %(pole)s, artists less far")
        ) % values

    def where(value: float) -> str:
        if side(value) == 0:
            return _("in the middle")
        return _("towards %(pole)s") % {"pole": pole(axes, axis, value)}

    values.update(a_where=where(gap.a), b_where=where(gap.b))
    if figures:
        return _("artists %(a_where)s (%(a)s) and community workers %(b_where)s (%(b)s)") % values
    return _("artists %(a_where)s and community workers %(b_where)s") % values


def axes_words(axes: dict, clear: list[tuple[str, compare.AxisGap]], figures: bool = True) -> str:
    """Each differing axis by name with gap_words: "on Hulpverlening–Activering:
    …; on Individueel–Collectief: …"."""
    return "; ".join(
        _("on %(axis)s: %(words)s")
        % {
            "axis": isolate(f"{axes[f'{axis}_from']}–{axes[f'{axis}_to']}"),
            "words": gap_words(axes, axis, gap, figures),
        }
        for axis, gap in clear
    )


def differ_sentence(
    axes: dict, clear: list[tuple[str, compare.AxisGap]], figures: bool = True
) -> str:
    return _("Artists and community workers differ %(parts)s.") % {
        "parts": axes_words(axes, clear, figures)
    }


def sureness(found: compare.Comparison) -> str:
    """How sure a difference is, in words a reader can check (docs/printables.md)."""
    times = 1000 if found.p < 0.001 else 100 if found.p < 0.01 else 20
    return _(
        "Chance alone gives a gap this large between groups of these sizes less than once "
        "in %(times)s times."
    ) % {"times": times}


def too_few_sentence() -> str:
    return _(
        "Too few artists or community workers placed this card to compare the two groups "
        "(at least %(min)s of each are needed)."
    ) % {"min": compare.MIN_COMPARED}


def roles_sentence(card: CardData) -> str:
    """Whether artists and community workers differ on this card, and how sure
    that is ("" when neither group is shown on it)."""
    found = groups_compared(card)
    if not found:
        return ""
    if not found.enough:
        return too_few_sentence()
    clear = differing(found)
    if not clear:
        return _(
            "Artists (%(a)s) and community workers (%(b)s) placed it in about the same spot: "
            "the gap between them is no larger than chance often gives with groups of this size."
        ) % {"a": found.n_a, "b": found.n_b}
    return f"{differ_sentence(card.axes, clear)} {sureness(found)}"


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
    if not card.placements:
        return []
    found = shape_of(card)
    sentences = [
        shape_sentence(card, found),
        position_sentence(card, found),
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
    if not card.placements:
        return []
    # Names shortened: the summary's opening keeps its two pages (each card's page has them whole).
    sentences = [shape_sentence(card, chars=SHORT_NAME_CHARS)]
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
    """How artists and community workers differ on this card, briefly; "" when
    they do not differ by more than chance (In short says so once)."""
    found = groups_compared(card)
    clear = differing(found) if found else []
    if not clear:
        return ""
    return differ_sentence(card.axes, clear, figures=False)


# In short: what stands out over all cards, for the summary's first page.

# Names inside these sentences are shortened, so the summary's opening keeps its
# two pages at every field's limit; each is whole on the pages after.
IN_SHORT_NAME_CHARS = 40
SHORT_NAME_CHARS = 28  # quadrant names in a card's short finding


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
    """How the cards lie, by the shape of their placements (never by their average), most first."""
    kinds = Counter(shape_group(shape_of(card)) for card in cards).most_common()
    parts = [
        _("%(k)s in “%(quadrant)s”") % {"k": k, "quadrant": short_name(cards[0].axes[q])}
        if kind == "in"
        else group_words(kind) % {"k": k}
        for (kind, q), k in kinds
    ]
    return _("How the %(n)s cards lie: %(list)s.") % {"n": len(cards), "list": joined(parts)}


def shape_group(found: findings.Shape) -> tuple[str, str]:
    """A card's group for In short: ("in", quadrant) where more than half (or a close
    cluster) lie in one quadrant, else its kind of shape."""
    if found.kind == "quadrant":
        return "in", found.counts[0][0]
    if found.kind == "close" and len(found.place.quadrants) == 1:
        return "in", found.place.quadrants[0]
    if found.kind == "close":
        return ("middle" if not found.place.quadrants else "line"), ""
    return found.kind, ""


def group_words(kind: str) -> str:
    return {
        "middle": _("%(k)s close together in the middle"),
        "line": _("%(k)s close together on a line between two quadrants"),
        "camps": _("%(k)s in two camps"),
        "tie": _("%(k)s tied between quadrants"),
        "spread": _("%(k)s spread out"),
        "single": _("%(k)s with too few placements"),
        "few": _("%(k)s with too few placements"),
    }[kind]


def card_name(card: CardData) -> str:
    return _("card %(number)s, “%(title)s”") % {
        "number": card.number,
        "title": short_name(card.title),
    }


def agreed_most_and_least(cards: list[CardData]) -> str:
    """The cards whose placements lie closest together and furthest apart, by
    the typical distance of a placement to the card's average (all of them
    where several share it); or that they lie close together on every card."""
    found = [
        (card, round(shape.distance * 100))
        for card, shape in ((card, shape_of(card)) for card in cards)
        if shape.total >= findings.MIN_SHAPE
    ]
    if len(found) < 2:
        return ""
    if all(d <= round(findings.TIGHT * 100) for _c, d in found):
        return _("On every card the placements lie close together.")
    closest, furthest = min(d for _c, d in found), max(d for _c, d in found)
    if closest == furthest:
        return ""
    tops = [card for card, d in found if d == closest]
    bottoms = [card for card, d in found if d == furthest]
    values = {"a": closest, "b": furthest, "first": which(tops), "last": which(bottoms)}
    return (
        _(
            "The placements lie closest together on %(first)s (typically %(a)s from their "
            "average) and furthest apart on %(last)s (typically %(b)s)."
        )
        % values
    )


def which(cards: list[CardData]) -> str:
    """One card by number and name, or several by number: every one of them."""
    if len(cards) == 1:
        return card_name(cards[0])
    return _("cards %(numbers)s") % {"numbers": joined([str(card.number) for card in cards])}


def roles_overall(cards: list[CardData]) -> str:
    """On how many cards artists and community workers differ by more than
    chance, and which ("" where neither group placed two cards)."""
    found = [(card, f) for card in cards if (f := groups_compared(card))]
    compared = [(card, f) for card, f in found if f.enough]
    differ = [str(card.number) for card, f in compared if f.differs]
    values = {"min": compare.MIN_COMPARED, "n": len(compared), "k": len(differ)}
    if len(found) >= 2 and not compared:
        text = _(
            "On no card were there enough artists and community workers to compare the two "
            "groups (at least %(min)s of each are needed)."
        )
    elif len(compared) < 2:
        return ""
    elif not differ:
        text = _(
            "On none of the %(n)s cards both groups placed (at least %(min)s of each) did artists "
            "and community workers differ by more than chance would give."
        )
    elif len(differ) == len(compared):
        text = _(
            "Artists and community workers differ by more than chance on all %(n)s cards both "
            "groups placed (at least %(min)s of each); each card's line says how."
        )
    else:
        values["cards"] = joined(differ)
        text = ngettext(
            "Artists and community workers differ by more than chance on %(k)s of the %(n)s cards "
            "both groups placed (at least %(min)s of each): card %(cards)s; on the others the gap "
            "is no larger than chance often gives.",
            "Artists and community workers differ by more than chance on %(k)s of the %(n)s cards "
            "both groups placed (at least %(min)s of each): cards %(cards)s; on the others the gap "
            "is no larger than chance often gives.",
            len(differ),
        )
    return text % values


# The overview table: where each card lies and how, in a few words (its key is
# templates/printables/_agreement_words.html).

TABLE_NAME_CHARS = 32
# Two names in one cell: each shorter, but a name of up to TABLE_PAIR_WHOLE
# characters whole (the default names have 25; cut, they read as a typo).
TABLE_PAIR_CHARS, TABLE_PAIR_WHOLE = 22, 26


def table_cells(card: CardData) -> tuple[str, str]:
    """(where, how) of a placed card for the overview table: the same shape as its sentence."""
    found = shape_of(card)

    found_names = {"close": 1, "quadrant": 1}.get(found.kind, 2)
    chars = TABLE_NAME_CHARS if found_names == 1 else TABLE_PAIR_CHARS

    def name(key: str) -> str:
        whole = found_names == 2 and len(card.axes[key]) <= TABLE_PAIR_WHOLE
        return isolate(card.axes[key] if whole else shorten(card.axes[key], chars))

    def place(p: findings.Place) -> str:
        if not p.quadrants:
            return _("the middle")
        if len(p.quadrants) == 2:
            return _("between %(a)s and %(b)s") % {
                "a": name(p.quadrants[0]),
                "b": name(p.quadrants[1]),
            }
        return name(p.quadrants[0])

    kind = found.kind
    if kind == "close":
        return place(found.place), _("close together")
    if kind == "camps":
        a, b = found.camps

        def camp(p: findings.Place) -> str:  # a cell keeps to two names
            return _("between two quadrants") if len(p.quadrants) == 2 else place(p)

        return joined([camp(a.place), camp(b.place)]), _("two camps (%(a)s and %(b)s)") % {
            "a": a.count,
            "b": b.count,
        }
    if kind == "tie":
        return joined([name(q) for q in found.tied]), _("tied (%(k)s each)") % {
            "k": found.counts[0][1]
        }
    if kind == "quadrant":
        k = found.counts[0][1]
        return name(found.counts[0][0]), {
            "all": _("all"),
            "large": _("most (%(k)s)") % {"k": k},
            "most": _("more than half (%(k)s)") % {"k": k},
        }[found.level]
    how = {"spread": _("spread out"), "single": _("one placement"), "few": _("too few")}[kind]
    return "–", how
