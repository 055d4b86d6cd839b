"""Filters for user text in the PDFs: right-to-left text isolated and aligned.

WeasyPrint neither supports dir="auto" nor CSS unicode-bidi, but Pango resolves
Unicode isolates inside a text run. So user text set inline among Dutch words
is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (`isolate`), and a
block that holds user text gets its direction from its first strong character
(`direction`, for dir="…"): an Arabic paragraph reads and aligns right to left.
"""

import unicodedata

from django import template

register = template.Library()

FSI, PDI = "\u2068", "\u2069"


def first_strong(text: str) -> str:
    for char in str(text):
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "R", "AL"):
            return kind
    return "L"


@register.filter
def direction(text) -> str:
    """ "rtl" when the text's first strong character is right-to-left, else "ltr"."""
    return "rtl" if first_strong(text) in ("R", "AL") else "ltr"


@register.filter
def isolate(text) -> str:
    """The text between Unicode isolates, so it cannot reorder what surrounds it.
    Returns plain text: the template still escapes it."""
    text = str(text)
    return f"{FSI}{text}{PDI}" if text else ""


@register.filter
def shorten(text, limit: int) -> str:
    """At most `limit` characters, cut with an ellipsis; spaces folded. For a table
    cell or a footer that must keep its size, where the full text is printed elsewhere."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"
