"""The project's typeface, on paper and on the projector: Noto Sans, Noto Sans Arabic and Heebo.

Noto Sans sets Dutch and other Latin, Greek and Cyrillic text; Noto Sans Arabic
Arabic; Heebo Hebrew (no Noto Sans Hebrew is packaged for pip; Heebo's Hebrew
is drawn to sit with a sans like Noto's). pip installs them (fontpkg-noto-sans,
fontpkg-noto-sans-arabic, fontpkg-heebo; SIL OFL 1.1, the licence is inside
each wheel), so the PDFs and the projector look the same
on every machine. The packages hold variable fonts. WeasyPrint 70 can print
those, but it makes a static instance on every render (+0.06 s per weight and
PDF), and variable faces make fontconfig and shaping slower too. So `faces()`
pins them once to static Regular and Bold files with HarfBuzz's instancer
(uharfbuzz: 15 ms a face; fontTools' instancer takes 10 s and more), kept in
FONT_DIR and named by package version; printables/fonts.py gives them to
every PDF. `web_face_file()` makes the projector's WOFF2 files from those: each
family cut down to its script (about 1/10 of the size), which the projector
loads by unicode-range (`face_rules`). The OFL allows such modified versions;
Noto and Heebo reserve no font name, so they keep theirs.
"""

import io
import os
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

import fontpkg
import uharfbuzz
from django.conf import settings
from fontTools.ttLib import TTFont

# font-family in print.css and screen.css, in that order; pip packages
FAMILIES = ["Noto Sans", "Noto Sans Arabic", "Heebo"]
WEIGHTS = {"normal": 400, "bold": 700}  # what the pages use (a 600 shows as bold)
RECIPE = 1  # part of the faces' file names: count up when `pinned` changes what it makes
WEB_RECIPE = 1  # the same for `web_face`
# What each family draws on the projector: Dutch and other Latin text with its
# punctuation, and Arabic. The browser fetches a family only for text in its range.
SCRIPTS = {
    "Noto Sans": "U+0000-024F, U+0300-036F, U+1E00-1EFF, U+2000-206F, U+20A0-20CF, U+2100-214F",
    "Noto Sans Arabic": "U+0600-06FF, U+0750-077F, U+0870-08FF, U+200C-200F, U+FB50-FDFF, U+FE70-FEFF",
    "Heebo": "U+0590-05FF, U+20AA, U+FB1D-FB4F",
}


def keeping_all(*kinds: str) -> uharfbuzz.SubsetInput:
    """A HarfBuzz subset input that keeps everything of each of these kinds."""
    keep = uharfbuzz.SubsetInput()
    for kind in kinds:
        every = keep.sets(getattr(uharfbuzz.SubsetInputSets, kind))
        every.clear()  # some sets start with HarfBuzz's defaults: the inverse of none is all
        every.invert()
    return keep


def pinned(name: str, weight: int) -> bytes:
    """The family's variable font as a static font of that weight (normal width),
    every glyph and OpenType feature kept."""
    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(fontpkg.path(name))))
    keep = keeping_all(
        "UNICODE", "GLYPH_INDEX", "NAME_ID", "LAYOUT_FEATURE_TAG", "LAYOUT_SCRIPT_TAG"
    )
    keep.flags = (
        uharfbuzz.SubsetFlags.RETAIN_GIDS
        | uharfbuzz.SubsetFlags.NAME_LEGACY
        | uharfbuzz.SubsetFlags.NOTDEF_OUTLINE
        | uharfbuzz.SubsetFlags.GLYPH_NAMES
        | uharfbuzz.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
    )
    keep.pin_axis_location(face, "wght", weight)
    keep.pin_axis_location(face, "wdth", 100)
    return uharfbuzz.subset(face, keep).blob.data


def code_points(ranges: str) -> set[int]:
    points = set()
    for part in ranges.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


def web_face(name: str, weight: int) -> bytes:
    """The pinned face cut down to its script (SCRIPTS), every layout feature
    kept (Arabic joins, kerning), as WOFF2."""
    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(pinned_face(name, weight))))
    keep = keeping_all("LAYOUT_FEATURE_TAG", "LAYOUT_SCRIPT_TAG")
    keep.sets(uharfbuzz.SubsetInputSets.UNICODE).update(code_points(SCRIPTS[name]))
    # The same bytes on every machine and run (no save time stamped in), so the
    # cache-busting file name (web_file_name) names one file.
    font = TTFont(io.BytesIO(uharfbuzz.subset(face, keep).blob.data), recalcTimestamp=False)
    font.flavor = "woff2"  # Brotli-compressed
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def kept(path: Path, make: Callable[[], bytes]) -> Path:
    """`path`, made by `make()` if it is missing (first use, or a temp cleaner passed)."""
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: another worker may be reading it.
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as part:
            part.write(make())
        os.chmod(part.name, 0o644)  # as a font installed by pip
        os.replace(part.name, path)
    return path


def pinned_face(name: str, weight: int) -> Path:
    version = fontpkg.family(name).version
    path = Path(settings.FONT_DIR) / f"{fontpkg.slugify(name)}-{version}-{weight}-r{RECIPE}.ttf"
    return kept(path, lambda: pinned(name, weight))


def faces() -> list[tuple[str, str, Path]]:
    """(family, CSS weight, static font file) for each face the pages use."""
    return [
        (name, keyword, pinned_face(name, weight))
        for name in FAMILIES
        for keyword, weight in WEIGHTS.items()
    ]


def web_file_name(name: str, weight: int) -> str:
    """The URL name of a web face; it changes with the package's version."""
    version = fontpkg.family(name).version
    return f"{fontpkg.slugify(name)}-{version}-{weight}-w{WEB_RECIPE}.woff2"


def web_face_file(file_name: str) -> Path | None:
    """The WOFF2 file of that URL name (made on first use), or None if no face has it."""
    for name in FAMILIES:
        for weight in WEIGHTS.values():
            if web_file_name(name, weight) == file_name:
                path = Path(settings.FONT_DIR) / "web" / file_name
                return kept(path, partial(web_face, name, weight))
    return None


def face_rules(url_of: Callable[[str], str]) -> str:
    """@font-face rules for the web faces; `url_of(file name)` gives each one's URL."""
    return "\n".join(
        f'@font-face {{ font-family: "{name}"; font-weight: {weight}; font-display: swap;'
        f' src: url("{url_of(web_file_name(name, weight))}") format("woff2");'
        f" unicode-range: {SCRIPTS[name]}; }}"
        for name in FAMILIES
        for weight in WEIGHTS.values()
    )
