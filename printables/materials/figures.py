"""What several materials print alike: the overview and a card's chart as images,
their keys and descriptions for screen readers, and the roles' labels."""

import base64
from collections import Counter

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from printables import words
from printables.data import CardData, SessionData
from workshop.lib import charts, findings
from workshop.models import Role
from workshop.participation import ROOM


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def placed_cards(data: SessionData) -> list[CardData]:
    return [card for card in data.cards if card.placements]


def overview_uri(data: SessionData, marker_scale: float = 1.0, scale: bool = True) -> str:
    markers = [
        charts.Marker(*card.mean, label=str(card.number), agreed=card.agreed)
        for card in data.cards
        if card.mean
    ]
    svg = charts.overview_svg(
        data.axes, markers, embed_style=True, bare=True, marker_scale=marker_scale, scale=scale
    )
    return svg_data_uri(svg)


def overview_key(data: SessionData) -> str:
    """What the overview chart's marks mean: the diamonds only when there are
    some, their dotted lines only when the chart draws them."""
    agreed = sum(1 for card in data.cards if card.mean and card.agreed)
    said = [_("In the chart: a numbered circle is a card at the average of its placements.")]
    if agreed:
        said.append(
            _("A numbered ◆ is the place the group agreed on for that card.")
            if agreed > charts.LINKED_AGREED
            else _(
                "A numbered ◆ is the place the group agreed on for that card, joined to its "
                "circle by a dotted line."
            )
        )
    return " ".join(str(s) for s in said)


def overview_alt(data: SessionData) -> str:
    """What the overview chart shows, for a screen reader."""
    where = "; ".join(
        _("%(number)s: %(where)s") % {"number": card.number, "where": words.table_cells(card)[0]}
        for card in placed_cards(data)
    )
    return _("Chart: every placed card, numbered, at the average of its placements. %(where)s.") % {
        "where": where
    }


def scatter_uri(data: SessionData, card: CardData) -> str:
    """One card's placements by role, mean, spread, agreed position and earlier rounds."""
    svg = charts.scatter_svg(
        data.axes,
        [(p.x, p.y, p.role, p.paper) for p in card.placements],
        agreed=card.agreed,
        earlier=[(str(r.round), r.mean) for r in card.earlier],
        embed_style=True,
        bare=True,
    )
    return svg_data_uri(svg)


def scatter_alt(card: CardData) -> str:
    """What one card's chart shows, for a screen reader."""
    text = _("Chart of card %(number)s: %(n)s placements, coloured by role.") % {
        "number": card.number,
        "n": len(card.placements),
    }
    text += " " + " ".join(words.finding(card))
    return text


def blank_grid_uri(data: SessionData) -> str:
    return svg_data_uri(charts.grid_svg(data.axes, embed_style=True, bare=True))


ROLE_ORDER = [*Role.values, "", ROOM]  # ROOM: a set whose groups are too small to show


def role_label(role: str) -> str:
    if role == ROOM:
        return _("everyone, roles not shown")
    return dict(Role.choices).get(role) or _("no role given")


def role_legend(data: SessionData) -> list[dict]:
    """Roles shown apart in the session (small groups folded), with who took part."""
    return [
        {"role": role, "label": role_label(role), "count": data.roles[role]}
        for role in ROLE_ORDER
        if data.roles.get(role)
    ]


def card_legend(card: CardData) -> dict:
    """The marks of one card's chart with what each means: the symbols as one
    image (charts.legend_key_svg), the words one line each (templates/printables/_legend.html)."""
    lines = [(f"role:{r['role']}", f"{r['label']} ({r['count']})") for r in card_roles(card)]
    if card.paper_count:
        lines.append(
            ("paper", ngettext("%(counter)s placement from paper or by proxy",
                               "%(counter)s placements from paper or by proxy",
                               card.paper_count) % {"counter": card.paper_count})
        )  # fmt: skip
    lines.append(("mean", _("average of all placements")))
    core = findings.core([(p.x, p.y) for p in card.placements])
    if core:  # the ellipse holds at least two in three placements by construction: say how many
        lines.append(
            ("spread", _("inside: %(k)s of the %(n)s placements")
             % {"k": core[2], "n": len(card.placements)})
        )  # fmt: skip
    if card.agreed:
        lines.append(("agreed", _("position the group agreed on")))
    if card.earlier:
        lines.append(("earlier", _("average in an earlier round, with the path to now")))
    return legend(lines)


def legend(lines: list[tuple[str, str]]) -> dict:
    """(symbol key, words) per line, for templates/printables/_legend.html."""
    keys, labels = zip(*lines, strict=True)
    return {"key": svg_data_uri(charts.legend_key_svg(keys)), "text": "\n".join(map(str, labels))}


def card_roles(card: CardData) -> list[dict]:
    """Roles that placed this card, with how many placements each."""
    counts = Counter(p.role for p in card.placements)
    return [
        {"role": role, "label": role_label(role), "count": counts[role]}
        for role in ROLE_ORDER
        if counts[role]
    ]


# The chart numbers at 9 pt in the handout and the summary (a 92 mm chart draws them at 6.8 pt).
HANDOUT_NUMBERS = 1.35


def overview_rows(data: SessionData) -> list[dict]:
    """The overview table's rows: each card with where and how its placements lie."""
    rows = []
    for card in data.cards:
        where, agreement = words.table_cells(card) if card.placements else ("", "")
        rows.append({"card": card, "where": where, "agreement": agreement})
    return rows
