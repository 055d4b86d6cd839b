"""The session summary: the opening, a page per placed card with its chart and
comments, the comparison of artists and community workers."""

import math
from dataclasses import replace

from django.utils.translation import gettext_lazy as _

from printables import words
from printables.data import CardData, PlacementData, SessionData
from printables.materials.figures import (
    HANDOUT_NUMBERS,
    card_legend,
    legend,
    overview_alt,
    overview_key,
    overview_rows,
    overview_uri,
    placed_cards,
    role_legend,
    scatter_alt,
    scatter_uri,
    svg_data_uri,
)
from printables.materials.material import Material
from printables.materials.opening import (
    OPENING_QUOTES_CHARS,
    SUMMARY_NOTES_CHARS,
    fitting,
    lead_quotes,
    notes_beginning,
    opening_free,
)
from printables.materials.selection import comment_room, featured_rounds, select_comments
from printables.templatetags.print_text import isolate
from workshop.lib import charts, compare
from workshop.models import COMPARED_ROLES, Role
from workshop.participation import MIN_GROUP


def role_comparison(data: SessionData) -> list[dict]:
    """Cards both compared roles placed (each at least MIN_GROUP times, so shown
    apart), with how sure their difference is (workshop.lib.compare), the largest
    difference between their means first."""
    rows = []
    for card in data.cards:
        means = words.role_means(card)
        if None in means:
            continue
        points = [m[0] for m in means]
        found = words.groups_compared(card)
        rows.append(
            {
                "card": card,
                "means": [
                    {"point": m, "count": n, "quadrant": data.quadrant_name(m),
                     "figures": f"{words.figure(m[0])} · {words.figure(m[1])}"}
                    for m, n in means
                ],
                # Distance between the two means, as a share of the grid's width (2).
                "difference": math.dist(*points) / 2,
                "clear": found.differs,
                "verdict": _("clear") if found.differs
                else _("could be chance") if found.enough else _("too few"),
            }
        )  # fmt: skip
    return sorted(rows, key=lambda row: -row["difference"])


def round_label(round_: int | None) -> str:
    """ "(round 1)" after a quote from an earlier round, isolated; "" for this round's."""
    return isolate(_("(round %(round)s)") % {"round": round_}) if round_ else ""


COMPARED_IN_CHART = 12
ZOOMS = (5, 2)  # enlarged so where every mean lies this close to the middle (edges at ±20, ±50)


def comparison_zoom(pairs: list[tuple]) -> int:
    """How many times larger the comparison chart is drawn: 5 or 2 when every
    mean in it lies within a fifth or half of the way to the edges (with room
    for its dot), else 1. Means near the middle tangled into one knot."""
    furthest = max((abs(c) for p in pairs for point in (p[1], p[3]) for c in point), default=1)
    return next((z for z in ZOOMS if furthest * z <= 0.9), 1)


def summary_context(data: SessionData) -> dict:
    placed = placed_cards(data)
    # A card's line names how artists and community workers differ only where
    # they do (words.short_roles); In short says on how many cards that is.
    shorts = [words.short_finding(card) for card in placed]
    free = opening_free(data, shorts)
    in_short, told = fitting(words.in_short(placed), free)
    leads, quoted = lead_quotes(placed, min(OPENING_QUOTES_CHARS, free - told))
    notes = min(SUMMARY_NOTES_CHARS - quoted, free - told - quoted)
    comparison = role_comparison(data)
    pairs = compared_pairs(comparison)
    zoom = comparison_zoom(pairs)
    return {
        "overview": overview_uri(data, marker_scale=HANDOUT_NUMBERS),
        "overview_key": overview_key(data),
        "overview_alt": overview_alt(data),
        "overview_rows": overview_rows(data),
        "comparison_chart": svg_data_uri(
            charts.comparison_svg(
                data.axes,
                pairs,
                embed_style=True,
                bare=True,
                zoom=zoom,
                marker_scale=HANDOUT_NUMBERS,
            )
        ),
        "comparison_zoom": zoom if zoom > 1 else 0,
        "comparison_edge": round(100 / zoom),
        "comment_count": data.comments,
        "sections": [
            card_section(data, card, short, leads.get(card.number))
            for card, short in zip(placed, shorts, strict=True)
        ],
        "in_short": in_short,
        "chosen_quotes": bool(leads),
        # Cards nobody placed; after retention removed the placements, nobody can say.
        "unplaced": [] if data.removed_on else [c for c in data.cards if not c.placements],
        "legend": role_legend(data),
        "comparison": comparison,
        "compared_in_chart": len(pairs),
        "chart_has_all": len(pairs) == len(comparison),
        "compared_roles": [{"role": role, "label": Role(role).label} for role in COMPARED_ROLES],
        "comparison_legend": legend(
            [(f"role:{role}", Role(role).label) for role in COMPARED_ROLES]
            + [("marker", _("card number, halfway"))]
        ),
        "paper": any(card.paper_count for card in placed),
        "earlier_rounds": any(card.earlier for card in placed),
        "min_group": MIN_GROUP,
        "min_compared": compare.MIN_COMPARED,
        # The summary prints the notes' beginning only (the template reads data.notes).
        "data": replace(data, notes=notes_beginning(data.notes, round(notes))),
    }


def card_section(
    data: SessionData, card: CardData, short: list[str], lead: PlacementData | None
) -> dict:
    """A placed card's page: its findings, chart and legend, and the comments it has room for."""
    visible = card.comments
    earlier = sum(len(r.comments) for r in card.earlier)
    rounds = featured_rounds(card)
    # A comment chosen in an earlier round is chosen still: among the featured.
    finding = words.finding(card)
    room = comment_room(card, len(" ".join(finding)))
    shown = select_comments(visible + list(rounds), chars=room)
    return {
        "card": card,
        "finding": finding,
        "short": short,
        "lead": lead,
        "featured": [
            {"placement": p, "round": round_label(rounds.get(p))} for p in shown if p.featured
        ],
        "selection": [p for p in shown if not p.featured],
        "more": len(visible) - sum(1 for p in shown if p not in rounds),
        "earlier_comments": earlier,
        "legend": card_legend(card),
        "scatter": scatter_uri(data, card),
        "alt": scatter_alt(card),
    }


def compared_pairs(comparison: list[dict]) -> list[tuple]:
    """The comparison chart's pairs of means (card number, each role's mean)."""
    # The chart the largest clear differences only: a long line reads as a
    # difference (workshop.lib.compare), and 36 pairs of dots and lines hid each other.
    return [
        (str(row["card"].number), row["means"][0]["point"], COMPARED_ROLES[0],
         row["means"][1]["point"], COMPARED_ROLES[1])
        for row in [row for row in comparison if row["clear"]][:COMPARED_IN_CHART]
    ]  # fmt: skip


SUMMARY = Material(
    "summary",
    _("Session summary"),
    "printables/summary.html",
    extra_context=summary_context,
    subject=_("What the group found: the session's results for organisers and policy makers"),
)
