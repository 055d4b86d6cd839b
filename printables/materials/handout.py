"""The participant handout: the model and the results on one sheet, In short
fitted to its first page by laying it out."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from printables import words
from printables.data import SessionData
from printables.materials.figures import (
    HANDOUT_NUMBERS,
    overview_alt,
    overview_key,
    overview_rows,
    overview_uri,
)
from printables.materials.material import BUDGET_CARDS, Material
from printables.render import html_to_pdf
from workshop import defaults

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


def handout_context(data: SessionData) -> dict:
    # The examples belong to the default model: a quadrant a session renamed gets none.
    default = {key: defaults.QUADRANTS["quadrant_" + key] for key in QUADRANT_EXAMPLES}
    default_axes = {key: data.axes[key] for key in defaults.AXES} == defaults.AXES
    return {
        "handout": True,
        # No scale marks: the handout gives no positions as numbers.
        "overview": overview_uri(data, marker_scale=HANDOUT_NUMBERS, scale=False),
        "overview_key": overview_key(data),
        "overview_alt": overview_alt(data),
        "overview_rows": overview_rows(data),
        # All of it; handout_pdf keeps as much as the first page holds.
        "in_short": words.in_short(data.cards),
        "default_model": default_axes and all(data.axes[k] == v for k, v in default.items()),
        "quadrants": [
            {"name": data.axes[key], "example": example if data.axes[key] == default[key] else ""}
            for key, example in QUADRANT_EXAMPLES.items()
        ],
        "layers": defaults.SOCIAL_BASE_LAYERS,
        "perspective": defaults.PERSPECTIVE_MATTERS,
    }


HANDOUT_PAGES = 2  # one sheet printed on both sides, for up to BUDGET_CARDS cards


def handout_pdf(data: SessionData, cache: dict | None = None) -> bytes:
    """The handout, one sheet printed on both sides for up to BUDGET_CARDS cards:
    its first page ends with the results' heading and In short, as many of its
    sentences as the page holds (found by laying the handout out: no estimate to
    drift from the type), the chart, the table and the organiser's contact fill the
    second. Where the first page has no room for the heading, the results start
    on the second and the contact stays on the first; where even the second cannot
    hold the chart and the table (the longest names and titles the forms accept),
    the table is set tighter and the chart smaller. With more cards the results
    run on, In short whole."""
    label = f"handout of session {data.id}"
    with translation.override(data.language):  # its sentences are made here
        context = handout_context(data)
    if len(data.cards) > BUDGET_CARDS:
        return html_to_pdf(HANDOUT.html(data, context), cache=cache, label=label)
    sentences = context["in_short"]

    def with_sentences(count: int) -> bytes | None:
        page = HANDOUT.html(data, context | {"in_short": sentences[:count]})
        return html_to_pdf(page, cache=cache, label=label, accept=on_a_sheet)

    # All of them, else the most that fit (fewer never take more pages), by
    # halving: a few layouts at most.
    best = with_sentences(len(sentences))
    low, high = 0, len(sentences) - 1
    while best is None and low <= high:
        middle = (low + high) // 2
        pdf = with_sentences(middle)
        if pdf is None:
            high = middle - 1
        else:
            shorter, low = pdf, middle + 1
    if best is None and high >= 0:
        best = shorter  # the most that fit: every count above `high` did not
    if best is None:  # no room on the first page: the results start on the second
        second = context | {"in_short": [], "results_second": True}
        best = html_to_pdf(HANDOUT.html(data, second), cache=cache, label=label, accept=on_a_sheet)
        if best is None:  # the longest names and titles: a tighter table, a smaller chart
            page = HANDOUT.html(data, second | {"tight": True})
            best = html_to_pdf(page, cache=cache, label=label)
    return best


def on_a_sheet(laid) -> bool:
    return len(laid.pages) <= HANDOUT_PAGES


HANDOUT = Material(
    "handout",
    _("Participant handout"),
    "printables/handout.html",
    public=True,
    extra_context=handout_context,
    subject=_("The model and the results, for participants"),
    pdf=handout_pdf,
)
