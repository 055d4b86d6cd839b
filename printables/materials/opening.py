"""The summary's opening, kept to two pages by a budget in characters of body
text: the findings always, then In short, the chosen quotes and the beginning of
the notes while room lasts."""

import math
from dataclasses import replace

from django.utils.translation import gettext_lazy as _

from printables.data import CardData, PlacementData, SessionData
from printables.materials.material import BUDGET_CARDS
from printables.materials.selection import LINE_CHARS, comment_size, featured_rounds
from printables.templatetags.print_text import FSI, PDI, shorten

# The facilitator's notes in the summary: their beginning, up to about a third
# of a page, and less where the rest of the opening leaves less room
# (`opening_room`), so that 10 000 characters of notes keep the summary within its
# budget. The full notes are in the "All comments" material.
SUMMARY_NOTES_CHARS = 1500
MIN_NOTES_CHARS = 200  # less room than this: the opening only says where the notes are


def characters_within(text: str, room: float) -> int:
    """How many of `text`'s first characters fit in `room` characters of body
    text, each line rounded up to whole lines of LINE_CHARS (notes of many
    short lines fill the page sooner than their characters say)."""
    at, used = 0, 0.0
    for line in text.split("\n"):
        cost = max(1, math.ceil(len(line) / LINE_CHARS)) * LINE_CHARS
        if used + cost > room:
            return at + min(len(line), max(0, int(room - used)))
        at, used = at + len(line) + 1, used + cost
    return len(text)


def notes_beginning(notes: str, limit: int = SUMMARY_NOTES_CHARS) -> str:
    """`notes` when they are short; else their first `limit` characters of body
    text or less (a short line takes a whole line: `characters_within`), cut at
    the last paragraph or sentence end (a word end as the last resort), and a
    line that says where the rest is."""
    notes = notes.strip()
    room, limit = limit, characters_within(notes, limit)
    if len(notes) <= limit:
        return notes
    if room < MIN_NOTES_CHARS:
        where = _("The notes are in “All comments” (a separate PDF).")
        return f"{FSI}{where}{PDI}"
    head = notes[:limit]
    cut = head.rfind("\n")
    if cut < limit // 2:
        cut = max(head.rfind(end) + 1 for end in (". ", "! ", "? ", ".\n"))
    if cut < limit // 2:
        cut = head.rfind(" ")
    head = (head[:cut] if cut >= limit // 2 else head).rstrip()
    if not head.endswith((".", "!", "?")):
        head += " …"
    more = _(
        "This is the beginning of the notes. All notes are in “All comments” (a separate PDF)."
    )
    return f"{head}\n\n{FSI}{more}{PDI}"


# The summary's opening keeps to two pages (but see OVER_TWO_PAGES): the header,
# the findings, "In short", the facilitator's chosen quotes and the notes' beginning.
# Its room is counted in characters of body text (LINE_CHARS a line); measured on
# the session with every field at its limit (tests/printables/kinds.py "maximal"),
# where the findings alone fill most of it. The findings always print; what is
# left goes first to "In short", then the quotes, then the notes. A session of
# more than BUDGET_CARDS cards has a longer opening, with everything in it.
OPENING_CHARS = 9300  # at 10 pt (9600 at 9 pt, 120 characters a line)
# Where the findings alone need more than two pages (titles, names and second
# rounds all at their limits), the opening takes a third page and In short, the
# quotes and the notes' beginning fill it; the summary is then a page longer.
OVER_TWO_PAGES = 10 * LINE_CHARS
LEAD_CHARS = 160  # a quote in the opening, shortened
OPENING_QUOTES_CHARS = 600  # at most, for all its quotes


TITLE_LINE_CHARS = 40  # the opening's 22 pt title, characters a line


def title_lines(title: str) -> int:
    """Lines the opening's title takes, word by word: a long compound that does
    not fit after another word starts a line of its own."""
    lines, used = 1, 0
    for word in title.split():
        if used and used + 1 + len(word) > TITLE_LINE_CHARS:
            lines, used = lines + 1, 0
        used += (1 if used else 0) + len(word)
    return lines + used // (TITLE_LINE_CHARS + 1)


def opening_room(data: SessionData, shorts: list[list[str]]) -> float:
    """What the opening has free after its header, the findings (`shorts`, a
    card each) and the notes' heading with its last line."""
    # The 22 pt title: a line of it as high as two of body text.
    header = title_lines(data.title) * 2 * LINE_CHARS + len(data.place) + len(data.organiser) + 950
    findings = sum(LINE_CHARS * 1.5 + len(" ".join(short)) for short in shorts)  # a heading each
    return OPENING_CHARS - header - findings - 3 * LINE_CHARS


def fitting(sentences: list[str], room: float) -> tuple[list[str], float]:
    """As many of "In short"'s sentences as the room holds, in order, and their
    room: the box and its heading, and each sentence's lines (a little larger
    type and narrower than body text)."""
    size = 2.5 * LINE_CHARS
    for n, sentence in enumerate(sentences):
        lines = math.ceil(len(sentence) / (LINE_CHARS - 20))
        room_of_sentence = (lines + 0.2) * 1.1 * LINE_CHARS
        if size + room_of_sentence > room:
            sentences = sentences[:n]
            break
        size += room_of_sentence
    return sentences, size if sentences else 0


def lead_quotes(cards: list[CardData], room: float) -> tuple[dict[int, PlacementData], int]:
    """Card number -> its quote for the opening (the first comment the facilitator
    chose, shortened, in card order while `room` lasts), and the room they take."""
    leads, used = {}, 0
    for card in cards:
        chosen = next(
            iter([p for p in card.comments if p.featured] + list(featured_rounds(card))), None
        )
        if chosen is None:
            continue
        quote = replace(chosen, comment=shorten(chosen.comment, LEAD_CHARS))
        size = comment_size(quote) + LINE_CHARS // 2  # and the box around it
        if used + size > room:
            break
        leads[card.number], used = quote, used + size
    return leads, round(used)


def opening_free(data: SessionData, shorts: list[list[str]]) -> float:
    """What the opening has free for In short, the quotes and the notes. The
    budget is for BUDGET_CARDS cards; with more, the opening grows with them and
    nothing is cut. Where the findings alone run well into a third page, In
    short and the rest follow them there."""
    if len(shorts) > BUDGET_CARDS:
        return math.inf
    free = opening_room(data, shorts)
    if free < -OVER_TWO_PAGES:
        free += OPENING_CHARS / 2
    return free
