"""Filters for user text in the PDFs: right-to-left text isolated and aligned.

WeasyPrint neither supports dir="auto" nor CSS unicode-bidi, but Pango resolves
Unicode isolates inside a text run. So user text set inline among Dutch words
is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (`isolate`), and a
block that holds user text gets its direction from its first strong character
(`direction`, for dir="…"): an Arabic paragraph reads and aligns right to left.
"""

import re
import unicodedata

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

FSI, PDI, LRI, NBSP = "\u2068", "\u2069", "\u2066", "\u00a0"

RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Digits in groups (a phone number, a postcode's figures): in right-to-left text
# the spaces between the groups would take the Arabic direction and print
# "020 123 45 67" as "67 45 123 020".
NUMBER_GROUPS = re.compile(r"[+(]?\d[\d()]*(?:[ .\-/]\(?\d[\d()]*)+")


def ltr_numbers(text: str) -> str:
    """Groups of digits left to right (each between isolates) when the text holds right-to-left letters."""
    if not RTL_LETTER.search(text):
        return text
    return NUMBER_GROUPS.sub(lambda m: f"{LRI}{m.group(0)}{PDI}", text)


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


# Right-to-left text up to this long stays on one line (no-break spaces):
# WeasyPrint sets each line on its own, so an isolate broken over two lines
# loses its start on the second, which then takes the Arabic direction and
# prints the Dutch words after it in the wrong place. Names of cards and
# quadrants in running text are this short (or shortened to it).
KEPT_WHOLE_CHARS = 40


@register.filter
def isolate(text) -> str:
    """The text between Unicode isolates, so it cannot reorder what surrounds it;
    short right-to-left text on one line. Returns plain text: the template still escapes it."""
    text = str(text)
    if not text:
        return ""
    whole = direction(text) == "rtl" and len(text) <= KEPT_WHOLE_CHARS
    text = ltr_numbers(text)  # first: it finds digit groups by their spaces
    return f"{FSI}{text.replace(' ', NBSP) if whole else text}{PDI}"


@register.filter
def paragraphs(text) -> list[dict]:
    """The text's lines, each with its own direction (`direction`): notes in
    Dutch with an Arabic or Hebrew paragraph read each the right way, where one
    block took its direction from its first letter and set every line right to
    left (WeasyPrint has no dir="auto"). `gap`: a blank line came before it."""
    found, gap = [], False
    for line in str(text).strip().splitlines():
        if not line.strip():
            gap = True
            continue
        found.append({"text": line, "dir": direction(line), "gap": gap})
        gap = False
    return found


@register.filter
def contact(text) -> str:
    """The organiser line, isolated as `isolate` does, never hyphenated (an
    e-mail address split "wijkteam-" "noord.example" reads as another address)
    and a phone number's groups on one line: joined by no-break spaces (and a
    word joiner after a dash or slash), not wrapped in an element of their own,
    which would cut the line's isolate in two and print an Arabic organiser's
    name and number in the wrong order."""
    text = isolate(text)
    if not text:
        return ""
    kept = NUMBER_GROUPS.sub(
        lambda m: re.sub(r"([-/])", "\\1\u2060", m.group(0).replace(" ", "\u00a0")), text
    )
    return mark_safe(f'<span class="contact">{escape(kept)}</span>')


@register.filter
def unbroken(text) -> str:
    """The text on one line (a web address: not "localhost:" "8000")."""
    return format_html('<span class="nowrap">{}</span>', text)


@register.filter
def shorten(text, limit: int) -> str:
    """At most `limit` characters, cut with an ellipsis; spaces folded. For a table
    cell or a footer that must keep its size, where the full text is printed elsewhere."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)]
    space = cut.rfind(" ")
    # At a word's end, unless that loses much: "Kunst in…", not "Kunst in No…".
    if space > len(cut) * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:·–-") + "…"
