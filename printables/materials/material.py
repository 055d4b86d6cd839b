"""What every material is and shares: `Material` (name, label, template, its
context and, where printing its HTML once is not enough, its own PDF), the page
around it (footer, language) and the budgets' card count."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from printables.data import SessionData
from printables.materials.figures import svg_data_uri
from printables.render import html_to_pdf
from printables.templatetags.print_text import isolate, shorten
from workshop.lib import charts
from workshop.lib.role_colours import ROLE_COLOURS

# The length budgets hold up to this many cards: the summary 16 pages, the
# handout one sheet (issue 13).
BUDGET_CARDS = 12


# The page footer: title · date · organiser, shortened so it stays on one line
# (the print CSS cuts it with an ellipsis as a last resort). Each part is set
# between Unicode isolates, so an Arabic title does not reorder the date.
FOOTER_CHARS = 96


def footer(data: SessionData, kind: str) -> str:
    """kind · title · date · organiser, shortened to one line.

    The material's kind (Latin letters, in the session's language) comes first on
    purpose: a page margin takes its reading direction from the first letter it
    holds (the marks that set a direction are not kept there), so an Arabic
    title first would turn the whole line right to left.
    """
    kind = str(kind)
    date = date_format(data.date, "j E Y") if data.date else ""
    budget = FOOTER_CHARS - len(kind) - 3
    title_room = budget - len(date) - 6
    title = shorten(
        data.title, min(len(data.title), max(24, title_room // 2 if data.organiser else title_room))
    )
    parts = [title] + ([date] if date else [])
    room = budget - sum(len(p) + 3 for p in parts)
    if data.organiser and room >= 12:
        parts.append(shorten(data.organiser, room))
    return " · ".join([kind] + [isolate(part) for part in parts])


@dataclass(frozen=True)
class Material:
    """One printable, declared in its own module and listed in MATERIALS."""

    name: str
    label: str
    template: str
    page_size: str = "A4"
    public: bool = False  # offered to anyone with the join link once the session is closed
    extra_context: Callable[[SessionData], dict] = field(default=lambda data: {})
    subject: str = ""  # the PDF's Subject: what it is for
    # Its own PDF (data, cache), where printing its HTML once is not enough.
    pdf: Callable[[SessionData, dict | None], bytes] | None = None

    def filename(self, join_code: str) -> str:
        return f"assenkruis-{join_code.lower()}-{self.name}.pdf"

    def html(self, data: SessionData, extra: dict | None = None) -> str:
        """Its HTML; `extra` in place of its own context (handout_pdf)."""
        return page_html(data, self, extra)

    def render(self, data: SessionData, cache: dict | None = None) -> bytes:
        """PDF bytes. Pure (no database): safe in the worker process."""
        if self.pdf is not None:
            return self.pdf(data, cache)
        return html_to_pdf(self.html(data), cache=cache, label=f"{self.name} of session {data.id}")


def language_of(data: SessionData, material: Material) -> str:
    """The handout speaks every room language; the other materials Dutch or English only."""
    if material.public or data.language in dict(settings.LANGUAGES):
        return data.language
    return settings.LANGUAGE_CODE


def page_html(data: SessionData, material: Material, extra: dict | None = None) -> str:
    """The material's HTML in its language, with what every page has."""
    with translation.override(language_of(data, material)):
        context = {
            "data": data,
            "material": material,
            "page_size": material.page_size,
            "role_colours": [(role, (c.fill, c.outline)) for role, c in ROLE_COLOURS.items()],
            # A role's dot before a quoted comment, as in the charts (print.css .said).
            "role_keys": [
                (role, svg_data_uri(charts.legend_key_svg([f"role:{role}"])))
                for role in ROLE_COLOURS
            ],
            "footer": footer(data, material.label),
        }
        own = material.extra_context(data) if extra is None else extra
        return render_to_string(material.template, context | own)
