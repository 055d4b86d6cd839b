"""The grid worksheet: the empty grid and the cards, to fill in on paper."""

from django.utils.translation import gettext_lazy as _

from printables.data import SessionData
from printables.materials.figures import blank_grid_uri
from printables.materials.material import Material
from workshop.models import Role


def worksheet_context(data: SessionData) -> dict:
    return {"grid": blank_grid_uri(data), "roles": Role.choices}


WORKSHEET = Material(
    "worksheet",
    _("Grid worksheet"),
    "printables/worksheet.html",
    extra_context=worksheet_context,
    subject=_("Worksheet: the empty grid and the cards, to fill in on paper"),
)
