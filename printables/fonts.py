"""The PDFs' typefaces, and what happens to emoji.

Typeface: Noto Sans and Noto Sans Arabic, pinned to static faces by
workshop/lib/typeface.py (shared with the projector); `face_css()` is the
@font-face rules for them, which `render.html_to_pdf` gives every PDF.
print.css only names the families.

Emoji: printed in colour where the machine has an emoji font, as a bracketed
name where it has none, never as an empty box. No emoji font is packaged for
pip under a licence the PDFs can carry without an attribution line, so
WeasyPrint takes emoji from whatever fontconfig offers: Noto Color Emoji on CI
and on servers set up by docs/deploy.md (Debian's fonts-noto-color-emoji).
Without one, each emoji cluster the project's faces cannot draw is replaced
before rendering by its Unicode name in brackets: "Top 👍🏽" prints as
"Top [thumbs up sign]". PRINT_EMOJI (setting, from the environment) chooses:
"auto" asks fontconfig once per process, "font" and "text" force either way
(tests, or a server whose fontconfig answer is wrong).
"""

import base64
import re
import shutil
import subprocess
import unicodedata
from functools import cache

import fontpkg
from django.conf import settings
from fontTools.ttLib import TTFont

from printables.marks import marks_face, marks_faces
from workshop.lib.typeface import FAMILIES, faces


def face_css() -> str:
    """@font-face rules for the pinned faces and the marks (printables/marks.py),
    as file URLs (render.py's fetcher allows them)."""
    return "\n".join(
        f'@font-face {{ font-family: "{name}"; font-weight: {weight}; src: url("{path.as_uri()}"); }}'
        for name, weight, path in faces() + marks_faces()
    )


# Pictographic code points a text font may lack: the symbol and dingbat blocks,
# the few emoji among arrows, technical and geometric shapes, and the
# supplementary planes' emoji blocks (mahjong tiles up to symbols and
# pictographs extended-A).
PICTOGRAPHIC = (
    "\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328\u23cf\u23e9-\u23fa"
    "\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe\u2600-\u27bf\u2934\u2935\u2b05-\u2b07"
    "\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001f1e5\U0001f200-\U0001faff"
)
# What may follow an emoji inside its cluster: variation selectors, skin tones, tags.
MODIFIERS = "\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
ZWJ = "\u200d"
CLUSTER = re.compile(
    "[\U0001f1e6-\U0001f1ff]{2}"  # a flag: two regional indicators
    "|[0-9#*]\ufe0f?\u20e3"  # a keycap
    f"|[{PICTOGRAPHIC}][{MODIFIERS}]*(?:{ZWJ}[{PICTOGRAPHIC}][{MODIFIERS}]*)*"
)
SVG_URI = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")


@cache
def emoji_font_installed() -> bool:
    """Whether fontconfig (what WeasyPrint's Pango asks) has a font with 😀.
    No fc-list (Debian's fontconfig package) counts as no."""
    if shutil.which("fc-list") is None:
        return False
    try:
        found = subprocess.run(
            ["fc-list", ":charset=1f600", "family"], capture_output=True, text=True, timeout=20
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(found.strip())


def print_emoji_as_text() -> bool:
    choice = settings.PRINT_EMOJI
    if choice == "auto":
        return not emoji_font_installed()
    return choice == "text"


@cache
def drawable() -> frozenset[int]:
    """The code points the project's own faces (print.css) have glyphs for:
    Noto Sans and Arabic, and the marks (✂ is among the emoji, yet prints)."""
    points = set()
    for path in [*map(fontpkg.path, FAMILIES), marks_face(400)]:
        points.update(TTFont(path, lazy=True)["cmap"].getBestCmap())
    return frozenset(points)


def name_of(cluster: str) -> str:
    """ "[artist palette]", "[NL]" for a flag, "[1]" for a keycap; between
    LEFT-TO-RIGHT ISOLATE and POP DIRECTIONAL ISOLATE, so that in an Arabic
    title the brackets stay around the English words."""
    if "\u20e3" in cluster:
        name = cluster[0]
    elif "\U0001f1e6" <= cluster[0] <= "\U0001f1ff":  # a flag: its country code
        name = "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in cluster)
    else:
        names = []
        for char in cluster:
            if char == ZWJ or re.match(f"[{MODIFIERS}]", char):
                continue
            word = unicodedata.name(char, "emoji").lower()
            if word not in names:
                names.append(word)
        name = " ".join(names)
    # No-break spaces: a line break inside the isolate would leave the second
    # line's bracket to the Arabic paragraph, which mirrors it.
    return "\u2066[" + name.replace(" ", "\u00a0") + "]\u2069"


def emoji_as_text(text: str) -> str:
    """Each emoji cluster that the project's faces cannot draw, as its name in
    brackets. The names hold letters, digits, no-break spaces, hyphens,
    brackets and the two isolate marks only: safe in HTML and SVG source alike."""
    faces = drawable()

    def replace(match: re.Match) -> str:
        cluster = match.group()
        if all(ord(c) in faces for c in cluster if c != ZWJ and c != "\ufe0f"):
            return cluster  # ✓-like symbols the text face has
        return name_of(cluster)

    return CLUSTER.sub(replace, text)


# Bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO) typed into a title or
# comment: dropped from the page. They make printed words read otherwise than
# typed (the "Trojan Source" trick), and WeasyPrint breaks an overridden line
# otherwise than the cut-out cards' fitting measures it. Isolates stay: the
# project's own bidi control (print_text.isolate).
BIDI_OVERRIDES = re.compile("[\u202a-\u202e]")


def printable_html(html: str) -> str:
    """The HTML as the PDF prints it: without bidi overrides; unchanged beyond
    that where an emoji font prints the emoji, else `emoji_as_text` on it and on
    the charts inside it (SVG data URIs, whose labels hold axis and quadrant
    names the facilitator typed)."""
    html = BIDI_OVERRIDES.sub("", html)
    if not print_emoji_as_text():
        return html

    def svg(match: re.Match) -> str:
        source = base64.b64decode(match.group(1)).decode("utf-8")
        changed = emoji_as_text(source)
        if changed == source:
            return match.group()
        return "data:image/svg+xml;base64," + base64.b64encode(changed.encode()).decode("ascii")

    return emoji_as_text(SVG_URI.sub(svg, html))
