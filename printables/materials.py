"""The printable materials: what each one is called and how it is made.

`MATERIALS` is the ordered list the dashboard, the control page and the
management command offer. `render(data, name)` turns a session snapshot
(printables.data) into PDF bytes; it is pure and runs in the render worker.
"""

import base64
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from printables.data import COMPARED_ROLES, CardData, PlacementData, SessionData
from printables.render import html_to_pdf
from workshop import charts, defaults
from workshop.models import Role
from workshop.qr import qr_data_uri


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def overview_uri(data: SessionData) -> str:
    markers = [
        charts.Marker(*card.mean, label=str(card.number), agreed=card.agreed)
        for card in data.cards
        if card.mean
    ]
    return svg_data_uri(charts.overview_svg(data.axes, markers, embed_style=True))


def scatter_uri(data: SessionData, card: CardData) -> str:
    """One card's placements by role, mean, spread, agreed position and earlier rounds."""
    svg = charts.scatter_svg(
        data.axes,
        [(p.x, p.y, p.role) for p in card.placements],
        agreed=card.agreed,
        earlier=[(str(r.round), r.mean) for r in card.earlier],
        embed_style=True,
    )
    return svg_data_uri(svg)


def blank_grid_uri(data: SessionData) -> str:
    return svg_data_uri(charts.grid_svg(data.axes, embed_style=True))


ROLE_ORDER = [*Role.values, ""]


def role_label(role: str) -> str:
    return dict(Role.choices).get(role) or _("no role given")


def role_legend(data: SessionData) -> list[dict]:
    """Roles present in the session, with their participant count."""
    return [
        {"role": role, "label": role_label(role), "count": data.roles[role]}
        for role in ROLE_ORDER
        if data.roles.get(role)
    ]


def card_roles(card: CardData) -> list[dict]:
    """Roles that placed this card, with how many placements each."""
    counts = Counter(p.role for p in card.placements)
    return [
        {"role": role, "label": role_label(role), "count": counts[role]}
        for role in ROLE_ORDER
        if counts[role]
    ]


def comments_by_role(comments: list[PlacementData]) -> list[dict]:
    """Comments in one text block per role, one comment a line.

    One block per role rather than one element per comment: with 300 people
    commenting, thousands of small boxes are what makes WeasyPrint slow.
    """
    groups = {role: [] for role in ROLE_ORDER}
    for placement in comments:
        groups.setdefault(placement.role, []).append("• " + " ".join(placement.comment.split()))
    return [
        {"role": role, "label": role_label(role), "count": len(lines), "text": "\n".join(lines)}
        for role, lines in groups.items()
        if lines
    ]


def role_comparison(data: SessionData) -> list[dict]:
    """Cards both compared roles placed, the largest difference between their means first."""
    rows = []
    for card in data.cards:
        means = [card.role_mean(role) for role in COMPARED_ROLES]
        if None in means:
            continue
        rows.append(
            {
                "card": card,
                "means": [{"point": m, "quadrant": data.quadrant_name(m)} for m in means],
                # Distance between the two means, as a share of the grid's width (2).
                "difference": math.dist(*means) / 2,
            }
        )
    return sorted(rows, key=lambda row: -row["difference"])


# The examples of the default model, by quadrant (see workshop.defaults).
QUADRANT_EXAMPLES = {
    "top_left": _(
        "Artists and social workers work with a group on a theme such as a healthy self-image."
    ),
    "top_right": _(
        "A neighbourhood performance brings residents from different parts of society together"
        " to make something, develop their talents and understand each other."
    ),
    "bottom_left": _(
        "A creative therapist helps someone put words to who they are, face the past and"
        " build a future."
    ),
    "bottom_right": _(
        "In a series of lessons an artist helps someone discover their talents and feel"
        " better about themselves."
    ),
}


def poster_context(data: SessionData) -> dict:
    return {"qr": qr_data_uri(data.join_url), "faces": [1, 2]}


def cards_context(data: SessionData) -> dict:
    per_page = 18  # 3 × 6 cards of 63 × 45 mm on A4
    return {"pages": [data.cards[i : i + per_page] for i in range(0, len(data.cards), per_page)]}


def worksheet_context(data: SessionData) -> dict:
    return {"grid": blank_grid_uri(data), "roles": Role.choices}


def handout_context(data: SessionData) -> dict:
    # The examples belong to the default model: a quadrant a session renamed gets none.
    default = {key: defaults.QUADRANTS["quadrant_" + key] for key in QUADRANT_EXAMPLES}
    default_axes = {key: data.axes[key] for key in defaults.AXES} == defaults.AXES
    return {
        "overview": overview_uri(data),
        "default_model": default_axes and all(data.axes[k] == v for k, v in default.items()),
        "quadrants": [
            {"name": data.axes[key], "example": example if data.axes[key] == default[key] else ""}
            for key, example in QUADRANT_EXAMPLES.items()
        ],
        "layers": defaults.SOCIAL_BASE_LAYERS,
        "perspective": defaults.PERSPECTIVE_MATTERS,
    }


def summary_context(data: SessionData) -> dict:
    sections = [
        {
            "card": card,
            "comments": comments_by_role(card.comments),
            "earlier_comments": [
                {"round": r.round, "count": len(r.comments), "groups": comments_by_role(r.comments)}
                for r in card.earlier
                if r.comments
            ],
            "roles": card_roles(card),
            "scatter": scatter_uri(data, card),
        }
        for card in data.cards
    ]
    comparison = role_comparison(data)
    pairs = [
        (str(row["card"].number), row["means"][0]["point"], COMPARED_ROLES[0],
         row["means"][1]["point"], COMPARED_ROLES[1])
        for row in comparison
    ]  # fmt: skip
    return {
        "overview": overview_uri(data),
        "comparison_chart": svg_data_uri(charts.comparison_svg(data.axes, pairs, embed_style=True)),
        "comment_count": data.comments,
        "sections": sections,
        "legend": role_legend(data),
        "comparison": comparison,
        "compared_roles": [{"role": role, "label": Role(role).label} for role in COMPARED_ROLES],
    }


@dataclass(frozen=True)
class Material:
    name: str
    label: str
    template: str
    page_size: str = "A4"
    public: bool = False  # offered to anyone with the join link once the session is closed
    extra_context: Callable[[SessionData], dict] = field(default=lambda data: {})

    def filename(self, join_code: str) -> str:
        return f"assenkruis-{join_code.lower()}-{self.name}.pdf"


MATERIALS = [
    Material("poster-a4", _("QR poster (A4)"), "printables/poster.html", "A4", extra_context=poster_context),
    Material("poster-a3", _("QR poster (A3)"), "printables/poster.html", "A3", extra_context=poster_context),
    Material("table-tent", _("Table tent"), "printables/table_tent.html", extra_context=poster_context),
    Material("worksheet", _("Grid worksheet"), "printables/worksheet.html", extra_context=worksheet_context),
    Material("cards", _("Cut-out cards"), "printables/cards.html", extra_context=cards_context),
    Material("grid-a3", _("Grid for the cut-out cards (A3)"), "printables/grid_large.html", "A3",
             extra_context=worksheet_context),
    Material("handout", _("Participant handout"), "printables/handout.html", public=True,
             extra_context=handout_context),
    Material("summary", _("Session summary"), "printables/summary.html", extra_context=summary_context),
]  # fmt: skip
BY_NAME = {m.name: m for m in MATERIALS}


def html(data: SessionData, name: str) -> str:
    material = BY_NAME[name]
    with translation.override(data.language):
        context = {
            "data": data,
            "material": material,
            "page_size": material.page_size,
            "role_colours": list(charts.ROLE_COLOURS.items()),
        }
        return render_to_string(material.template, context | material.extra_context(data))


def render(data: SessionData, name: str, cache: dict | None = None) -> bytes:
    """PDF bytes of one material. Pure (no database): safe in the worker process.

    Pass one `cache` dict when rendering several materials of a batch.
    """
    return html_to_pdf(html(data, name), cache=cache)
