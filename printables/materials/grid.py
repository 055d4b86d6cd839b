"""The A3 grid to lay the cut-out cards on (over four sheets for many cards)."""

from django.utils.translation import gettext_lazy as _

from printables.data import SessionData
from printables.materials.figures import blank_grid_uri
from printables.materials.material import Material


def grid_context(data: SessionData) -> dict:
    """The A3 grid to lay the cut-out cards on: it says how many cards the
    session has and, when they do not all fit on one sheet, to print it on A2
    or lay the cards in a ring around it."""
    fits = len(data.cards) <= GRID_A3_CARDS
    corners = ["top_left", "top_right", "bottom_left", "bottom_right"]
    positions = [_("top left"), _("top right"), _("bottom left"), _("bottom right")]
    axes = data.axes
    sheets = [
        {
            "corner": corner.replace("_", "-"),
            "name": axes[corner],
            "position": position,
            "x_label": f"← {axes['x_from']}" if corner.endswith("left") else f"{axes['x_to']} →",
            "y_label": f"{axes['y_to']} →" if corner.startswith("top") else f"← {axes['y_from']}",
        }
        for corner, position in zip(corners, positions, strict=True)
    ]
    return {"grid": blank_grid_uri(data), "fits": fits, "sheets": [] if fits else sheets}


# One A3 grid's quadrants (about 110 mm) hold two cut-out cards (63 × 45.5 mm)
# each without overlap; for more cards the grid is printed over four A3 sheets,
# one quadrant each (about 263 × 340 mm once cut: 4 × 7 cards, even if all land in one).
GRID_A3_CARDS = 8


GRID_A3 = Material(
    "grid-a3",
    _("Grid for the cut-out cards (A3)"),
    "printables/grid_large.html",
    "A3",
    extra_context=grid_context,
    subject=_("The grid to lay the cut-out cards on"),
)
