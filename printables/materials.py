"""The printable materials: what each one is called and how it is made.

`MATERIALS` is the ordered list the dashboard, the control page and the
management command offer. `render(data, name)` turns a session snapshot
(printables.data) into PDF bytes; it is pure and runs in the render worker.
"""

import base64
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from printables import words
from printables.data import CardData, PlacementData, SessionData
from printables.fit import Correction, card_fit
from printables.render import html_to_pdf
from printables.templatetags.print_text import FSI, PDI, direction, isolate, shorten
from workshop import defaults
from workshop.lib import charts, compare, findings
from workshop.lib.qr import qr_data_uri
from workshop.lib.role_colours import ROLE_COLOURS
from workshop.models import COMPARED_ROLES, Role
from workshop.participation import MIN_GROUP, ROOM


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def placed_cards(data: SessionData) -> list[CardData]:
    return [card for card in data.cards if card.placements]


def overview_uri(data: SessionData, marker_scale: float = 1.0, scale: bool = True) -> str:
    markers = [
        charts.Marker(*card.mean, label=str(card.number), agreed=card.agreed)
        for card in data.cards
        if card.mean
    ]
    svg = charts.overview_svg(
        data.axes, markers, embed_style=True, bare=True, marker_scale=marker_scale, scale=scale
    )
    return svg_data_uri(svg)


def overview_key(data: SessionData) -> str:
    """What the overview chart's marks mean: the diamonds only when there are
    some, their dotted lines only when the chart draws them."""
    agreed = sum(1 for card in data.cards if card.mean and card.agreed)
    said = [_("In the chart: a numbered circle is a card at the average of its placements.")]
    if agreed:
        said.append(
            _("A numbered ◆ is the place the group agreed on for that card.")
            if agreed > charts.LINKED_AGREED
            else _(
                "A numbered ◆ is the place the group agreed on for that card, joined to its "
                "circle by a dotted line."
            )
        )
    return " ".join(str(s) for s in said)


def overview_alt(data: SessionData) -> str:
    """What the overview chart shows, for a screen reader."""
    where = "; ".join(
        _("%(number)s: %(where)s") % {"number": card.number, "where": words.table_cells(card)[0]}
        for card in placed_cards(data)
    )
    return _("Chart: every placed card, numbered, at the average of its placements. %(where)s.") % {
        "where": where
    }


def scatter_uri(data: SessionData, card: CardData) -> str:
    """One card's placements by role, mean, spread, agreed position and earlier rounds."""
    svg = charts.scatter_svg(
        data.axes,
        [(p.x, p.y, p.role, p.paper) for p in card.placements],
        agreed=card.agreed,
        earlier=[(str(r.round), r.mean) for r in card.earlier],
        embed_style=True,
        bare=True,
    )
    return svg_data_uri(svg)


def scatter_alt(card: CardData) -> str:
    """What one card's chart shows, for a screen reader."""
    text = _("Chart of card %(number)s: %(n)s placements, coloured by role.") % {
        "number": card.number,
        "n": len(card.placements),
    }
    text += " " + " ".join(words.finding(card))
    return text


def blank_grid_uri(data: SessionData) -> str:
    return svg_data_uri(charts.grid_svg(data.axes, embed_style=True, bare=True))


ROLE_ORDER = [*Role.values, "", ROOM]  # ROOM: a set whose groups are too small to show


def role_label(role: str) -> str:
    if role == ROOM:
        return _("everyone, roles not shown")
    return dict(Role.choices).get(role) or _("no role given")


def role_legend(data: SessionData) -> list[dict]:
    """Roles shown apart in the session (small groups folded), with who took part."""
    return [
        {"role": role, "label": role_label(role), "count": data.roles[role]}
        for role in ROLE_ORDER
        if data.roles.get(role)
    ]


def card_legend(card: CardData) -> dict:
    """The marks of one card's chart with what each means: the symbols as one
    image (charts.legend_key_svg), the words one line each (templates/printables/_legend.html)."""
    lines = [(f"role:{r['role']}", f"{r['label']} ({r['count']})") for r in card_roles(card)]
    if card.paper_count:
        lines.append(
            ("paper", ngettext("%(counter)s placement from paper or by proxy",
                               "%(counter)s placements from paper or by proxy",
                               card.paper_count) % {"counter": card.paper_count})
        )  # fmt: skip
    lines.append(("mean", _("average of all placements")))
    core = findings.core([(p.x, p.y) for p in card.placements])
    if core:  # the ellipse holds at least two in three placements by construction: say how many
        lines.append(
            ("spread", _("inside: %(k)s of the %(n)s placements")
             % {"k": core[2], "n": len(card.placements)})
        )  # fmt: skip
    if card.agreed:
        lines.append(("agreed", _("position the group agreed on")))
    if card.earlier:
        lines.append(("earlier", _("average in an earlier round, with the path to now")))
    return legend(lines)


def legend(lines: list[tuple[str, str]]) -> dict:
    """(symbol key, words) per line, for templates/printables/_legend.html."""
    keys, labels = zip(*lines, strict=True)
    return {"key": svg_data_uri(charts.legend_key_svg(keys)), "text": "\n".join(map(str, labels))}


def card_roles(card: CardData) -> list[dict]:
    """Roles that placed this card, with how many placements each."""
    counts = Counter(p.role for p in card.placements)
    return [
        {"role": role, "label": role_label(role), "count": counts[role]}
        for role in ROLE_ORDER
        if counts[role]
    ]


def comments_by_role(comments: list[PlacementData]) -> list[dict]:
    """Comments by role, one comment a line, in at most two text blocks a role.

    Each comment is set between Unicode isolates (an Arabic one keeps its own
    order). A role's left-to-right comments come first and share one block; its
    right-to-left ones follow in a block of their own, set right to left and
    aligned right. Not a box per comment: with 300 people commenting,
    thousands of small boxes are what makes WeasyPrint slow.
    """
    groups: dict[str, list[tuple[str, str]]] = {role: [] for role in ROLE_ORDER}
    label = _("(chosen)")  # the facilitator featured it
    chosen = f" {FSI}{label}{PDI}"
    for placement in comments:
        text = " ".join(placement.comment.split())
        line = f"• {FSI}{text}{PDI}{chosen if placement.featured else ''}"
        groups.setdefault(placement.role, []).append((direction(text), line))
    result = []
    for role, lines in groups.items():
        if not lines:
            continue
        runs: list[dict] = []
        for way, line in sorted(lines, key=lambda item: item[0] == "rtl"):  # stable
            if runs and runs[-1]["dir"] == way:
                runs[-1]["lines"].append(line)
            else:
                runs.append({"dir": way, "lines": [line]})
        result.append(
            {
                "role": role,
                "label": role_label(role),
                "count": len(lines),
                "runs": [{"dir": run["dir"], "text": "\n".join(run["lines"])} for run in runs],
            }
        )
    return result


# The summary's comment budget per card: featured first (at most FEATURED),
# then a representative selection up to SELECTION comments in all.
FEATURED = 3
SELECTION = 6
# About a third of a page at 10 pt: five short comments, or two of the longest (280).
SELECTION_CHARS = 750


# What else on a card's page takes room from its comments, in characters of a
# comment (a line of 10 pt body text holds about 105): a heading on two lines, a
# picture beside it, a long description, quadrant names on more than one line,
# "In words" longer than usual (long names quoted in it, a second round).
LINE_CHARS = 105
FINDING_CHARS = 1100  # "In words" with long names quoted, about eleven lines


def comment_room(card: CardData, finding_chars: int = 0) -> int:
    """How many characters of comments fit on the card's page (SELECTION_CHARS
    when nothing on the page is long; below 0: not even one)."""
    room = SELECTION_CHARS - max(0, finding_chars - FINDING_CHARS)
    room -= 2 * LINE_CHARS * (len(card.title) > 40)
    room -= 2 * LINE_CHARS * bool(card.image_uri)
    room -= LINE_CHARS * (len(card.description) > 200)
    names = card.axes
    for left, right in (("top_left", "top_right"), ("bottom_left", "bottom_right")):
        longest = max(len(names.get(left, "")), len(names.get(right, "")))
        room -= LINE_CHARS // 2 * (longest // 30)  # a line more for each 30 characters
    return room


def comment_size(placement: PlacementData) -> float:
    """A comment's room in characters: Arabic lines stand taller than Dutch ones."""
    return len(placement.comment) * (1.4 if direction(placement.comment) == "rtl" else 1)


def select_comments(
    comments: list[PlacementData], budget: int = SELECTION, chars: int = SELECTION_CHARS
) -> list[PlacementData]:
    """`pick_comments`, then as many as fit in `chars` characters (at least one,
    unless the rest of the page already overfills it: `chars` below 0): a card's
    page stays one page however long the comments are. The rest are in "All comments"."""
    picked, kept, used = pick_comments(comments, budget), [], 0.0
    for p in picked:
        size = comment_size(p)
        if used + size > chars and (kept or chars < 0):
            break
        kept.append(p)
        used += size
    return kept


def pick_comments(comments: list[PlacementData], budget: int = SELECTION) -> list[PlacementData]:
    """A bounded, representative choice of a card's comments.

    Featured comments come first (at most FEATURED). The other places are shared
    between the quadrants people placed the card in, in proportion to how many
    comments each quadrant has but at least one each while places last, so a
    minority view is heard; within a quadrant the comments nearest to its
    average placement come first (the typical ones). Deterministic.
    """
    chosen, rest = distinct_comments(comments)
    places = budget - len(chosen)
    if places <= 0 or not rest:
        return chosen
    order = quadrant_buckets(rest)
    for bucket, share in zip(order, quadrant_shares(places, order), strict=True):
        chosen += bucket[:share]
    return chosen


def distinct_comments(
    comments: list[PlacementData],
) -> tuple[list[PlacementData], list[PlacementData]]:
    """The featured comments (at most FEATURED) and the rest, the same words
    twice ("Top!", or a comment kept into the next round) once."""
    chosen, seen = [], set()
    for p in comments:
        text = " ".join(p.comment.split()).casefold()
        if p.featured and text not in seen and len(chosen) < FEATURED:
            seen.add(text)
            chosen.append(p)
    rest = []
    for p in comments:
        text = " ".join(p.comment.split()).casefold()
        if not p.featured and text not in seen:
            seen.add(text)
            rest.append(p)
    return chosen, rest


def quadrant_buckets(comments: list[PlacementData]) -> list[list[PlacementData]]:
    """The comments by the quadrant they were placed in, the fullest quadrant
    first; in each the comments nearest its average placement first."""
    buckets: dict[tuple[bool, bool], list[PlacementData]] = {}
    for p in comments:
        buckets.setdefault((p.x >= 0, p.y >= 0), []).append(p)
    for bucket in buckets.values():
        cx = sum(p.x for p in bucket) / len(bucket)
        cy = sum(p.y for p in bucket) / len(bucket)
        bucket.sort(key=lambda p: (math.dist((p.x, p.y), (cx, cy)), len(p.comment)))
    return sorted(buckets.values(), key=len, reverse=True)


def quadrant_shares(places: int, order: list[list[PlacementData]]) -> list[int]:
    """How many of `places` each bucket gets: one each while places last, the
    rest in proportion to the buckets' sizes (largest remainders first)."""
    shares = [0] * len(order)
    for i in range(min(places, len(order))):
        shares[i] = 1
    left = places - sum(shares)
    if left <= 0:
        return shares
    total = sum(len(b) for b in order)
    exact = [left * len(b) / total for b in order]
    extra = [int(e) for e in exact]
    for i in sorted(range(len(order)), key=lambda i: exact[i] - extra[i], reverse=True)[
        : left - sum(extra)
    ]:
        extra[i] += 1
    return [s + e for s, e in zip(shares, extra, strict=True)]


def role_comparison(data: SessionData) -> list[dict]:
    """Cards both compared roles placed (each at least MIN_GROUP times, so shown
    apart), with how sure their difference is (workshop.lib.compare), the largest
    difference between their means first."""
    rows = []
    for card in data.cards:
        means = words.role_means(card)
        if None in means:
            continue
        points = [m[0] for m in means]
        found = words.groups_compared(card)
        rows.append(
            {
                "card": card,
                "means": [
                    {"point": m, "count": n, "quadrant": data.quadrant_name(m),
                     "figures": f"{words.figure(m[0])} · {words.figure(m[1])}"}
                    for m, n in means
                ],
                # Distance between the two means, as a share of the grid's width (2).
                "difference": math.dist(*points) / 2,
                "clear": found.differs,
                "verdict": _("clear") if found.differs
                else _("could be chance") if found.enough else _("too few"),
            }
        )  # fmt: skip
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


def cut_out_card(data: SessionData, card: CardData, correction: Correction | None = None) -> dict:
    """A cut-out card with its type sizes (printables/fit.py) and its footer line:
    the join code and the picture's credit, whole."""
    foot = data.join_code
    if card.image_credit:
        foot += f" · {_('Image:')} {isolate(card.image_credit)}"
    fit = card_fit(card.title, card.description, foot, card.image_uri, data.language, correction)
    return {
        "card": card,
        "credit": isolate(card.image_credit) if card.image_credit else "",
        # Numbers for CSS, never localised ("8,5pt" is no size).
        "title_size": f"{fit.title:g}pt",
        "description_size": f"{fit.description:g}pt",
        "foot_size": f"{fit.foot:g}pt",
        "words_height": f"{fit.words_height:g}mm",
    }


def cards_context(data: SessionData, corrections: dict[int, Correction] | None = None) -> dict:
    per_page = 18  # 3 × 6 cards of 63 × 45 mm on A4
    corrections = corrections or {}
    cards = [
        cut_out_card(data, card, corrections.get(index)) for index, card in enumerate(data.cards)
    ]
    return {"pages": [cards[i : i + per_page] for i in range(0, len(cards), per_page)]}


CARD_TRIES = 4  # layouts at most; each corrects only the cards the last one showed crowded


def cards_pdf(data: SessionData, cache: dict | None = None) -> bytes:
    return fitted_cards(data, cache)[1]


def fitted_cards(data: SessionData, cache: dict | None = None) -> tuple[str, bytes]:
    """The cut-out cards' HTML as finally set, and its PDF, checked in the PDF's
    own layout: fit.py's estimate sets each card's type, and a card whose words
    the layout shows over the footer or past their box is set again, smaller,
    with the footer's real height. Nearly always the first layout is taken."""
    label = f"cards of session {data.id}"
    corrections: dict[int, Correction] = {}
    for _try in range(CARD_TRIES):
        crowded: dict[int, float] = {}

        def uncrowded(laid_out, crowded=crowded) -> bool:
            crowded.update(crowded_cards(laid_out))
            return not crowded

        page = html(data, "cards", cards_context(data, corrections))
        pdf = html_to_pdf(page, cache=cache, label=label, accept=uncrowded)
        if pdf is not None:
            return page, pdf
        for index, foot_height in crowded.items():
            smaller = corrections.get(index, Correction()).smaller + 1
            corrections[index] = Correction(foot_height, smaller)
    page = html(data, "cards", cards_context(data, corrections))
    return page, html_to_pdf(page, cache=cache, label=label)


def crowded_cards(laid_out) -> dict[int, float]:
    """The cut-out cards (by their index) whose words end past their box or
    below the top of the footer, each with its footer's height in mm: read
    from WeasyPrint's laid-out boxes (the page's box tree has no public name)."""
    cards = [box for page in laid_out.pages for box in descendants(page._page_box)
             if box.element_tag == "div" and "cut-card" in box_classes(box)]  # fmt: skip
    crowded = {}
    for index, card in enumerate(cards):
        words = next(b for b in card.children if "words" in box_classes(b))
        foot = next(b for b in card.children if "foot" in box_classes(b))
        bottom = words.content_box_y() + words.height
        ink = max(
            (b.position_y + b.margin_height() for b in descendants(words)
             if type(b).__name__ in ("TextBox", "InlineReplacedBox", "BlockReplacedBox")),
            default=0,
        )  # fmt: skip
        if ink > bottom + LAYOUT_SLACK or foot.position_y < bottom - LAYOUT_SLACK:
            crowded[index] = foot.margin_height() * PX_MM
    return crowded


PX_MM = 25.4 / 96  # WeasyPrint lays out in CSS pixels
LAYOUT_SLACK = 0.01 / PX_MM  # a hundredth of a millimetre


def descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from descendants(child)


def box_classes(box) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


# The A3 grid for the cut-out cards: how many cards of 63 × 45 mm fit without
# overlap, and the scale at which the grid is printed for more.
def worksheet_context(data: SessionData) -> dict:
    return {"grid": blank_grid_uri(data), "roles": Role.choices}


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


# The chart numbers at 9 pt in the handout and the summary (a 92 mm chart draws them at 6.8 pt).
HANDOUT_NUMBERS = 1.35
HANDOUT_PAGES = 2  # one sheet printed on both sides, for up to BUDGET_CARDS cards


def handout_pdf(data: SessionData, cache: dict | None = None) -> bytes:
    """The handout, one sheet printed on both sides for up to BUDGET_CARDS cards:
    its first page ends with the results' heading and In short, as many of its
    sentences as the page holds (found by laying the handout out: no estimate to
    drift from the type), the chart, the table and the organiser's contact fill the
    second. Where the first page has no room for the heading, the results start
    on the second and the contact stays on the first. With more cards the results
    run on, In short whole."""
    label = f"handout of session {data.id}"
    with translation.override(data.language):  # its sentences are made here
        context = handout_context(data)
    if len(data.cards) > BUDGET_CARDS:
        return html_to_pdf(html(data, "handout", context), cache=cache, label=label)
    sentences = context["in_short"]

    def with_sentences(count: int) -> bytes | None:
        page = html(data, "handout", context | {"in_short": sentences[:count]})
        return html_to_pdf(
            page, cache=cache, label=label, accept=lambda laid: len(laid.pages) <= HANDOUT_PAGES
        )

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
        page = html(data, "handout", context | {"in_short": [], "results_second": True})
        best = html_to_pdf(page, cache=cache, label=label)
    return best


def overview_rows(data: SessionData) -> list[dict]:
    """The overview table's rows: each card with where and how its placements lie."""
    rows = []
    for card in data.cards:
        where, agreement = words.table_cells(card) if card.placements else ("", "")
        rows.append({"card": card, "where": where, "agreement": agreement})
    return rows


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
BUDGET_CARDS = 12  # the summary of this many cards keeps to 16 pages (issue 13)
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


def featured_rounds(card: CardData) -> dict[PlacementData, int]:
    """Comments the facilitator chose in the card's earlier rounds -> their round."""
    return {p: r.round for r in card.earlier for p in r.comments if p.featured}


def round_label(round_: int | None) -> str:
    """ "(round 1)" after a quote from an earlier round, isolated; "" for this round's."""
    return isolate(_("(round %(round)s)") % {"round": round_}) if round_ else ""


COMPARED_IN_CHART = 12
ZOOMS = (5, 2)  # enlarged so where every mean lies this close to the middle (edges at ±20, ±50)


def comparison_zoom(pairs: list[tuple]) -> int:
    """How many times larger the comparison chart is drawn: 5 or 2 when every
    mean in it lies within a fifth or half of the way to the edges (with room
    for its dot), else 1. Means near the middle tangled into one knot."""
    furthest = max((abs(c) for p in pairs for point in (p[1], p[3]) for c in point), default=1)
    return next((z for z in ZOOMS if furthest * z <= 0.9), 1)


def summary_context(data: SessionData) -> dict:
    placed = placed_cards(data)
    # A card's line names how artists and community workers differ only where
    # they do (words.short_roles); In short says on how many cards that is.
    shorts = [words.short_finding(card) for card in placed]
    # The budget is for 12 cards; with more, the opening grows with them and nothing is cut.
    free = opening_room(data, shorts) if len(placed) <= BUDGET_CARDS else math.inf
    # The findings alone run well into a third page: In short and the rest follow them there.
    if free < -OVER_TWO_PAGES:
        free += OPENING_CHARS / 2
    in_short, told = fitting(words.in_short(placed), free)
    leads, quoted = lead_quotes(placed, min(OPENING_QUOTES_CHARS, free - told))
    notes = min(SUMMARY_NOTES_CHARS - quoted, free - told - quoted)
    sections = []
    for card in placed:
        visible = card.comments
        earlier = sum(len(r.comments) for r in card.earlier)
        rounds = featured_rounds(card)
        # A comment chosen in an earlier round is chosen still: among the featured.
        finding = words.finding(card)
        room = comment_room(card, len(" ".join(finding)))
        shown = select_comments(visible + list(rounds), chars=room)
        sections.append(
            {
                "card": card,
                "finding": finding,
                "short": shorts[len(sections)],
                "lead": leads.get(card.number),
                "featured": [
                    {"placement": p, "round": round_label(rounds.get(p))}
                    for p in shown
                    if p.featured
                ],  # fmt: skip
                "selection": [p for p in shown if not p.featured],
                "more": len(visible) - sum(1 for p in shown if p not in rounds),
                "earlier_comments": earlier,
                "legend": card_legend(card),
                "scatter": scatter_uri(data, card),
                "alt": scatter_alt(card),
            }
        )
    comparison = role_comparison(data)
    # The chart the largest clear differences only: a long line reads as a
    # difference (workshop.lib.compare), and 36 pairs of dots and lines hid each other.
    pairs = [
        (str(row["card"].number), row["means"][0]["point"], COMPARED_ROLES[0],
         row["means"][1]["point"], COMPARED_ROLES[1])
        for row in [row for row in comparison if row["clear"]][:COMPARED_IN_CHART]
    ]  # fmt: skip
    zoom = comparison_zoom(pairs)
    return {
        "overview": overview_uri(data, marker_scale=HANDOUT_NUMBERS),
        "overview_key": overview_key(data),
        "overview_alt": overview_alt(data),
        "overview_rows": overview_rows(data),
        "comparison_chart": svg_data_uri(
            charts.comparison_svg(
                data.axes,
                pairs,
                embed_style=True,
                bare=True,
                zoom=zoom,
                marker_scale=HANDOUT_NUMBERS,
            )
        ),
        "comparison_zoom": zoom if zoom > 1 else 0,
        "comparison_edge": round(100 / zoom),
        "comment_count": data.comments,
        "sections": sections,
        "in_short": in_short,
        "chosen_quotes": bool(leads),
        "unplaced": [card for card in data.cards if not card.placements],
        "legend": role_legend(data),
        "comparison": comparison,
        "compared_in_chart": len(pairs),
        "chart_has_all": len(pairs) == len(comparison),
        "compared_roles": [{"role": role, "label": Role(role).label} for role in COMPARED_ROLES],
        "comparison_legend": legend(
            [(f"role:{role}", Role(role).label) for role in COMPARED_ROLES]
            + [("marker", _("card number, halfway"))]
        ),
        "paper": any(card.paper_count for card in placed),
        "earlier_rounds": any(card.earlier for card in placed),
        "min_group": MIN_GROUP,
        "min_compared": compare.MIN_COMPARED,
        # The summary prints the notes' beginning only (the template reads data.notes).
        "data": replace(data, notes=notes_beginning(data.notes, round(notes))),
    }


def comments_context(data: SessionData) -> dict:
    """Every visible comment of every card and round, rounds in the order they
    were held: the summary's appendix. Cards without a comment are named at the end."""
    cards, silent = [], []
    for card in data.cards:
        rounds = [
            {"round": r.round, "groups": comments_by_role(r.comments), "count": len(r.comments)}
            for r in [*card.earlier, card]
        ]
        rounds = [r for r in rounds if r["count"]]
        if rounds:
            cards.append(
                {"card": card, "rounds": rounds, "several": len(rounds) > 1 or card.round > 1}
            )
        else:
            silent.append(str(card.number))
    return {
        "cards": cards,
        "silent": words.joined(silent) if cards and silent else "",
        "silent_count": len(silent),
        "featured": any(
            p.featured for card in data.cards for r in [card, *card.earlier] for p in r.comments
        ),
        "comment_count": data.comments,
        "notes": data.notes.strip(),
    }


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
    name: str
    label: str
    template: str
    page_size: str = "A4"
    public: bool = False  # offered to anyone with the join link once the session is closed
    extra_context: Callable[[SessionData], dict] = field(default=lambda data: {})
    subject: str = ""  # the PDF's Subject: what it is for

    def filename(self, join_code: str) -> str:
        return f"assenkruis-{join_code.lower()}-{self.name}.pdf"


MATERIALS = [
    Material("poster-a4", _("QR poster (A4)"), "printables/poster.html", "A4", extra_context=poster_context,
             subject=_("Poster with the QR code and join code of the session")),
    Material("poster-a3", _("QR poster (A3)"), "printables/poster.html", "A3", extra_context=poster_context,
             subject=_("Poster with the QR code and join code of the session")),
    Material("table-tent", _("Table tent"), "printables/table_tent.html", extra_context=poster_context,
             subject=_("Table tent with the QR code and join code of the session")),
    Material("worksheet", _("Grid worksheet"), "printables/worksheet.html", extra_context=worksheet_context,
             subject=_("Worksheet: the empty grid and the cards, to fill in on paper")),
    Material("cards", _("Cut-out cards"), "printables/cards.html", extra_context=cards_context,
             subject=_("The session's cards to cut out")),
    Material("grid-a3", _("Grid for the cut-out cards (A3)"), "printables/grid_large.html", "A3",
             extra_context=grid_context, subject=_("The grid to lay the cut-out cards on")),
    Material("handout", _("Participant handout"), "printables/handout.html", public=True,
             extra_context=handout_context, subject=_("The model and the results, for participants")),
    Material("summary", _("Session summary"), "printables/summary.html", extra_context=summary_context,
             subject=_("What the group found: the session's results for organisers and policy makers")),
    Material("comments", _("All comments"), "printables/comments.html", extra_context=comments_context,
             subject=_("Every comment of the session, by card, round and role")),
]  # fmt: skip
BY_NAME = {m.name: m for m in MATERIALS}


def language_of(data: SessionData, material: Material) -> str:
    """The handout speaks every room language; the other materials Dutch or English only."""
    if material.public or data.language in dict(settings.LANGUAGES):
        return data.language
    return settings.LANGUAGE_CODE


def html(data: SessionData, name: str, extra: dict | None = None) -> str:
    """The material's HTML; `extra` in place of its own context (handout_pdf)."""
    material = BY_NAME[name]
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


def render(data: SessionData, name: str, cache: dict | None = None) -> bytes:
    """PDF bytes of one material. Pure (no database): safe in the worker process.

    Pass one `cache` dict when rendering several materials of a batch.
    """
    if name == "handout":
        return handout_pdf(data, cache)
    if name == "cards":
        return cards_pdf(data, cache)
    return html_to_pdf(html(data, name), cache=cache, label=f"{name} of session {data.id}")
