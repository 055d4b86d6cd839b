"""Type sizes that make a cut-out card's words fit its 63 × 45 mm, from the faces' own widths.

A cut-out card has a fixed size and holds what the forms allow: a title of 80
characters, a description of 300, a picture and its credit of 120. Which type
size fits depends on the letters (80 capitals W take three times the room of 80
letters i), so `card_fit` measures the words with the advance widths of the
faces the PDF prints them in (workshop/lib/typeface.py: Noto Sans, Arabic, Hebrew)
and sets the lines as WeasyPrint will: word by word, beside the picture while
they are level with it, a word longer than a line broken inside it. It takes the
largest sizes (TYPE_STEPS) whose lines fit above the footer. The estimate errs
on the long side (a picture counts at its largest, hyphens as whole words);
materials.cards.cards_pdf reads the PDF's own layout and corrects a card the
estimate got wrong (`Correction`); tests/printables/test_robust.py renders the
longest and widest inputs and checks every word stands above the footer.

print.css lays the card out (`.cut-card`); the sizes and the room below are
this module's, passed to the template per card (`cards_context`).
"""

import base64
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pyphen
import uharfbuzz
from PIL import Image, UnidentifiedImageError

from printables.marks import marks_face
from printables.templatetags.print_text import direction
from workshop.lib.typeface import faces

PT = 25.4 / 72  # mm

# The card (print.css .cut-card), in mm.
CARD_WIDTH, CARD_HEIGHT = 63.3, 45.5
BORDER = 0.25
PADDING_TOP, PADDING_SIDE, PADDING_BOTTOM = 3.0, 3.5, 1.5
TEXT_WIDTH = CARD_WIDTH - 2 * BORDER - 2 * PADDING_SIDE
NUMBER_ROOM = 7.5  # the title's indent beside the numbered circle (5.5 mm and a gap)
NUMBER_HEIGHT = 5.5
PICTURE = (16.0, 12.0)  # a picture's largest box (print.css .thumb) …
PICTURE_GAP = 2.0  # … and the gap beside and under it
TITLE_GAP = 1.0  # under the title
FOOT_GAP = 1.0  # between the words and the footer
SAFETY = 0.3  # mm the estimate keeps free: it is exact to a tenth for Dutch text
# (title, description) in pt, largest first; the first that fits is taken.
TYPE_STEPS = [
    (11, 8.5), (10.5, 8), (10, 7.5), (9.5, 7), (9, 6.6), (8.5, 6.2), (8, 5.8), (7.5, 5.5),
    (7, 5.2), (6.5, 5),
    (6, 4.7), (5.5, 4.4), (5, 4),  # only for texts of the widest letters, as "WMWM …"
]  # fmt: skip
TITLE_LEADING, DESCRIPTION_LEADING, FOOT_LEADING = 1.2, 1.3, 1.25
FOOT_SIZES = (6, 5.5, 5, 4.5)  # pt, the footer's (join code and credit) largest first …
FOOT_LINES = 2  # … on at most this many lines
UNKNOWN_WIDTH = 1.3  # em: a character no face of the project has (an emoji, in the machine's font)


@dataclass(frozen=True)
class Face:
    points: frozenset[int]
    font: uharfbuzz.Font  # at its units per em
    # How far its line box stands above the baseline beyond the first face's,
    # in em: Pango centres each face's ascent and descent in the line height,
    # so a line with Arabic in it stands 0.07 em taller than a Dutch one.
    rise: float


@cache
def face_list(bold: bool) -> list[Face]:
    """The faces the PDF's text is set in, in print.css's order: the first
    face that has a character sets it."""
    paths = [path for _, weight, path in faces() if (weight == "bold") == bold]
    found = []
    for path in [*paths, marks_face(700 if bold else 400)]:
        face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(path)))
        font = uharfbuzz.Font(face)
        extents = font.get_font_extents("ltr")
        middle = (extents.ascender + extents.descender) / 2 / face.upem  # descender < 0
        found.append(Face(frozenset(face.unicodes), font, middle))
    first = found[0].rise
    return [Face(f.points, f.font, f.rise - first) for f in found]


def face_of(char: str, bold: bool) -> int | None:
    """The index of the face that sets `char`; None where no face has it."""
    for index, face in enumerate(face_list(bold)):
        if ord(char) in face.points:
            return index
    return None


@cache
def measured(word: str, bold: bool) -> tuple[float, float, float]:
    """The word's width in em, shaped as the PDF shapes it (Arabic letters
    joined, pairs kerned), each run of characters in the face that has them;
    and the lowest and highest rise of its faces (Face.rise, 0 for the first
    face: the line has it anyway). A character no face has (an emoji, from the
    machine's font) counts UNKNOWN_WIDTH and rises UNKNOWN_RISE either way;
    marks and format characters on their own count nothing."""
    total, low, high, run, run_face = 0.0, 0.0, 0.0, "", None
    for char in word + "\0":
        index = face_of(char, bold) if char != "\0" else -1
        if index == run_face and char != "\0":
            run += char
            continue
        if run:
            total += shaped(run, run_face, bold)
            if run_face is None:
                low, high = min(low, -UNKNOWN_RISE), max(high, UNKNOWN_RISE)
            else:
                rise = face_list(bold)[run_face].rise
                low, high = min(low, rise), max(high, rise)
        run, run_face = char, index
    return total, low, high


UNKNOWN_RISE = 0.1  # em


def shaped(run: str, index: int | None, bold: bool) -> float:
    if index is None:
        return sum(
            0.0 if unicodedata.category(c) in ("Mn", "Me", "Cf") else UNKNOWN_WIDTH for c in run
        )
    font = face_list(bold)[index].font
    buffer = uharfbuzz.Buffer()
    buffer.add_str(run)
    buffer.guess_segment_properties()
    uharfbuzz.shape(font, buffer, {})
    return sum(p.x_advance for p in buffer.glyph_positions) / font.face.upem


def width(text: str, size: float, bold: bool = False) -> float:
    """The text's width in mm at `size` pt, on one line."""
    ems = sum(measured(word, bold)[0] for word in text.split(" "))
    return (ems + text.count(" ") * measured(" ", bold)[0]) * size * PT


# Hyphenation as print.css asks it of WeasyPrint (`hyphenate-limit-chars: 12 4 4`).
HYPHEN_WORD, HYPHEN_SIDE = 12, 4


@dataclass
class Lines:
    """Lines set one under the other, each as wide as the room beside the
    picture at its height: `room(top)` in mm. `language` hyphenates (pyphen's
    dictionaries, as WeasyPrint's)."""

    room: Callable[[float], float]
    language: str = "nl"
    top: float = 0.0  # mm, where the next line starts

    def set(self, text: str, size: float, leading: float, bold: bool = False) -> None:
        """Set `text` word by word: a word that does not fit is hyphenated or
        goes to the next line; a word wider than a whole line with no place to
        hyphenate is broken inside it (overflow-wrap does that in the PDF)."""
        height, space = size * leading * PT, width(" ", size, bold)
        start = self.top
        used, low, high = 0.0, 0.0, 0.0  # mm on the current line (0 before its first word); em

        def next_line() -> None:
            nonlocal used, low, high
            self.top += height + (high - low) * size * PT
            used, low, high = 0.0, 0.0, 0.0

        def rises(part: str) -> None:
            nonlocal low, high
            _width, part_low, part_high = measured(part, bold)
            low, high = min(low, part_low), max(high, part_high)

        for word in text.split():
            while True:
                # With a space after it: WeasyPrint measures a line with its last space.
                room = self.room(self.top) - used - (space if used else 0) - space
                if width(word, size, bold) <= room:
                    used += width(word, size, bold) + (space if used else 0)
                    rises(word)
                    break
                head = self.head(word, room, size, bold, first=not used)
                if head:
                    rises(head)
                    word = word[len(head) :]
                next_line()
        if used or not text.split():
            next_line()
        if direction(text) == "rtl" and self.top - start > 1.5 * height:
            # WeasyPrint 70 sometimes leaves a right-to-left line short (one
            # word on it, the next word on the line after): a line in reserve.
            next_line()

    def head(self, word: str, room: float, size: float, bold: bool, first: bool) -> str:
        """The start of `word` that goes on this line ("": none of it): hyphenated,
        or, first on its line and wider than a line, as much as fits here."""
        head = self.hyphenated(word, room, size, bold)
        if head or not first:
            return head
        head = word[:1]
        while width(word[: len(head) + 1], size, bold) <= room:
            head = word[: len(head) + 1]
        return head

    def hyphenated(self, word: str, room: float, size: float, bold: bool) -> str:
        """The longest start of `word` that fits in `room` with its hyphen, or ""."""
        dictionary = hyphenator(self.language)
        if len(word) < HYPHEN_WORD or dictionary is None:
            return ""
        for head, _tail in dictionary.iterate(word):  # longest first
            if len(head) >= HYPHEN_SIDE and len(word) - len(head) >= HYPHEN_SIDE:
                if width(head + "-", size, bold) <= room:
                    return head
        return ""


@cache
def hyphenator(language: str) -> pyphen.Pyphen | None:
    """The dictionary WeasyPrint takes for the language (None: no hyphens)."""
    found = pyphen.language_fallback(language) if language else None
    return pyphen.Pyphen(lang=found) if found else None


@dataclass(frozen=True)
class CardFit:
    """Sizes for one cut-out card (pt) and its room for words (mm)."""

    title: float
    description: float
    foot: float
    words_height: float  # the box title and description must stay inside


def foot_fit(foot_text: str) -> tuple[float, float]:
    """The footer's size and height: the largest of FOOT_SIZES whose text takes
    FOOT_LINES lines or fewer (the credit printed whole; the smallest size for anything longer)."""
    for size in FOOT_SIZES:
        lines = Lines(lambda _top: TEXT_WIDTH, language="")  # not hyphenated (print.css)
        lines.set(foot_text, size, FOOT_LEADING)
        if lines.top <= FOOT_LINES * size * FOOT_LEADING * PT + 0.01:
            break
    return size, lines.top


def picture_size(uri: str) -> tuple[float, float]:
    """The picture's size on the card in mm: its shape within PICTURE (print.css
    .thumb); PICTURE itself where its shape cannot be read (it counts the most room)."""
    try:
        with Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))) as image:
            wide, high = image.size
            if image.getexif().get(ORIENTATION) in (5, 6, 7, 8):  # turned a quarter
                wide, high = high, wide
    except (ValueError, IndexError, OSError, UnidentifiedImageError):
        return PICTURE
    scale = min(PICTURE[0] / wide, PICTURE[1] / high)
    return wide * scale, high * scale


ORIENTATION = 0x0112  # the EXIF tag


def words_height(
    title: str,
    description: str,
    sizes: tuple[float, float],
    picture: tuple[float, float] | None,
    language: str = "nl",
) -> float:
    """How high the title and description stand at `sizes` (pt), in mm, beside a
    picture of that size (mm) while they are level with it."""
    aside, beside = (picture[0] + PICTURE_GAP, picture[1] + PICTURE_GAP) if picture else (0, 0)

    def room(indent: float) -> Callable[[float], float]:
        return lambda top: TEXT_WIDTH - indent - (aside if top < beside else 0)

    lines = Lines(room(NUMBER_ROOM), language)
    lines.set(title, sizes[0], TITLE_LEADING, bold=True)
    lines.top = max(lines.top, NUMBER_HEIGHT) + TITLE_GAP
    if description:
        lines.room = room(0)
        lines.set(description, sizes[1], DESCRIPTION_LEADING)
    return lines.top


@dataclass(frozen=True)
class Correction:
    """What the PDF's own layout showed the estimate got wrong for one card
    (materials.cards.cards_pdf): the footer's height as laid out (mm) and how many
    TYPE_STEPS smaller the words must be."""

    foot_height: float = 0.0
    smaller: int = 0


def card_fit(
    title: str,
    description: str,
    foot_text: str,
    picture_uri: str = "",
    language: str = "nl",
    correction: Correction | None = None,
) -> CardFit:
    """The largest type that sets the title and description above the footer."""
    correction = correction or Correction()
    foot_size, foot_height = foot_fit(foot_text)
    foot_height = max(foot_height, correction.foot_height)
    room = CARD_HEIGHT - 2 * BORDER - PADDING_TOP - PADDING_BOTTOM - foot_height - FOOT_GAP
    picture = picture_size(picture_uri) if picture_uri else None
    largest = next(
        (step for step, sizes in enumerate(TYPE_STEPS)
         if words_height(title, description, sizes, picture, language) <= room - SAFETY),
        len(TYPE_STEPS) - 1,
    )  # fmt: skip
    sizes = TYPE_STEPS[min(largest + correction.smaller, len(TYPE_STEPS) - 1)]
    return CardFit(*sizes, foot_size, round(room, 2))
