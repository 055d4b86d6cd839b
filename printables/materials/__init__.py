"""The printable materials: a registry beside one module per material.

`MATERIALS` is the ordered list the dashboard, the control page and the
management command offer. `render(data, name)` turns a session snapshot
(printables.data) into PDF bytes; it is pure and runs in the render worker.
`html(data, name)` is the material's HTML.

Each material's module declares its `Material` (name, label, template, its
context and, where printing the HTML once is not enough, its own PDF): poster,
worksheet, cards, grid, handout, summary, comments. What several share:
material.py (the page around every material), figures.py (charts, keys, role
labels), selection.py (which comments a card's page prints) and opening.py
(the summary's opening budget). A new material: a module here and a line in
MATERIALS.
"""

from printables.data import SessionData
from printables.materials import (
    cards,
    comments,
    figures,
    grid,
    handout,
    opening,
    poster,
    selection,
    summary,
    worksheet,
)
from printables.materials.material import Material

__all__ = [
    "BY_NAME", "MATERIALS", "Material", "html", "render",
    "cards", "comments", "figures", "grid", "handout", "opening", "poster", "selection",
    "summary", "worksheet",
]  # fmt: skip

MATERIALS = [
    poster.POSTER_A4,
    poster.POSTER_A3,
    poster.TABLE_TENT,
    worksheet.WORKSHEET,
    cards.CARDS,
    grid.GRID_A3,
    handout.HANDOUT,
    summary.SUMMARY,
    comments.COMMENTS,
]
BY_NAME = {m.name: m for m in MATERIALS}


def html(data: SessionData, name: str, extra: dict | None = None) -> str:
    """The material's HTML; `extra` in place of its own context."""
    return BY_NAME[name].html(data, extra)


def render(data: SessionData, name: str, cache: dict | None = None) -> bytes:
    """PDF bytes of one material. Pure (no database): safe in the worker process.

    Pass one `cache` dict when rendering several materials of a batch.
    """
    return BY_NAME[name].render(data, cache)
