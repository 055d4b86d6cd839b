"""The cut-out cards: each card's type fitted to its box (printables/fit.py),
checked in the PDF's own layout and set again smaller where crowded."""

from django.utils.translation import gettext_lazy as _

from printables.data import CardData, SessionData
from printables.fit import Correction, card_fit
from printables.materials.material import Material
from printables.render import html_to_pdf
from printables.templatetags.print_text import isolate


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

        page = CARDS.html(data, cards_context(data, corrections))
        pdf = html_to_pdf(page, cache=cache, label=label, accept=uncrowded)
        if pdf is not None:
            return page, pdf
        for index, foot_height in crowded.items():
            smaller = corrections.get(index, Correction()).smaller + 1
            corrections[index] = Correction(foot_height, smaller)
    page = CARDS.html(data, cards_context(data, corrections))
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


CARDS = Material(
    "cards",
    _("Cut-out cards"),
    "printables/cards.html",
    extra_context=cards_context,
    subject=_("The session's cards to cut out"),
    pdf=cards_pdf,
)
