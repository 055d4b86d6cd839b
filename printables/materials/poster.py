"""The QR posters (A4, A3) and the table tent: the join link as a code."""

from dataclasses import replace

from django.utils.translation import gettext_lazy as _

from printables.data import SessionData
from printables.materials.material import Material
from workshop.lib.qr import qr_data_uri


def poster_context(data: SessionData) -> dict:
    return {"qr": qr_data_uri(data.join_url), "faces": [1, 2]}


POSTER_A4 = Material(
    "poster-a4",
    _("QR poster (A4)"),
    "printables/poster.html",
    "A4",
    extra_context=poster_context,
    subject=_("Poster with the QR code and join code of the session"),
)


POSTER_A3 = replace(POSTER_A4, name="poster-a3", label=_("QR poster (A3)"), page_size="A3")


TABLE_TENT = Material(
    "table-tent",
    _("Table tent"),
    "printables/table_tent.html",
    extra_context=poster_context,
    subject=_("Table tent with the QR code and join code of the session"),
)
