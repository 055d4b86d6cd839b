"""The PDFs' typeface comes with the project.

Noto Sans and Noto Sans Arabic are pip packages (fontpkg-noto-sans…), served as
static/fonts/… and loaded by print.css with @font-face. The fetcher reads them
there and still refuses every other file.
"""

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import fontpkg
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from printables.render import LocalFetcher, RefusedFetch, html_to_pdf, is_local, local_file
from tests.printables.conftest import flat, pdf_text

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "static"
NOTO = fontpkg.path("Noto Sans")
NOTO_ARABIC = fontpkg.path("Noto Sans Arabic")
ARABIC = "الفن في الحي والعمل معا"
EMOJI = "🎨🏘️👩‍🎨"
PAGE = (
    '<html lang="nl"><link rel="stylesheet" href="printables/print.css">'
    f"<h1>Muurschildering</h1><p>Met de buurt {EMOJI} <b>samen</b> en {ARABIC}</p></html>"
)


def embedded_fonts(pdf: bytes) -> dict[str, TTFont]:
    """BaseFont name without the subset tag -> the embedded font file."""
    found = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            data = descriptor["/FontFile2"].get_object().get_data()
            found[str(font["/BaseFont"]).split("+")[-1]] = TTFont(io.BytesIO(data))
    return found


def text_of(pdf: bytes) -> str:
    return flat(pdf_text(pdf).replace("\u2066", "").replace("\xa0", " "))


# The fetcher ---------------------------------------------------------------


def test_the_font_files_are_static_files_the_fetcher_allows():
    as_served = STATIC / "fonts" / "noto-sans" / NOTO.name  # where print.css asks for it
    assert local_file(as_served.as_uri()) == NOTO.resolve()
    assert is_local(NOTO.as_uri())  # the package's own path is under a static dir too
    assert is_local((STATIC / "fonts" / "noto-sans-arabic" / NOTO_ARABIC.name).as_uri())
    response = LocalFetcher().fetch(as_served.as_uri())
    try:
        assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
    finally:
        response.close()


def test_files_beside_and_outside_the_font_dirs_are_still_refused():
    package = NOTO.parent.parent  # fontpkg_noto_sans/: its Python code is not a static file
    refused = [
        package / "__init__.py",
        Path(fontpkg.__file__),
        STATIC / "fonts" / "noto-sans" / ".." / ".." / ".." / "workshop" / "settings.py",
        STATIC / "fonts" / "noto-sans" / ".." / ".." / "__init__.py",
        STATIC / "fonts" / "noto-sans" / "missing.ttf",
        STATIC / "fonts" / "noto-sans" / "__init__.py",  # the prefix maps to files/ only
        Path("/etc/passwd"),
    ]
    for path in refused:
        assert not is_local(path.as_uri()), path
    with pytest.raises(RefusedFetch):
        LocalFetcher().fetch((package / "__init__.py").as_uri())


# The typeface --------------------------------------------------------------


def test_every_pdf_is_set_in_noto_sans_from_the_package_bold_as_bold():
    found = embedded_fonts(html_to_pdf(PAGE))
    assert {"Noto-Sans", "Noto-Sans-Bold", "Noto-Sans-Arabic"} <= set(found)
    revision = TTFont(NOTO, lazy=True)["head"].fontRevision
    arabic_revision = TTFont(NOTO_ARABIC, lazy=True)["head"].fontRevision
    # The package's release (2.015), not Debian's fonts-noto-core (2.004).
    assert found["Noto-Sans"]["head"].fontRevision == pytest.approx(revision)
    assert found["Noto-Sans-Arabic"]["head"].fontRevision == pytest.approx(arabic_revision)
    # The variable font is embedded as a static instance of the weight used.
    assert "fvar" not in found["Noto-Sans-Bold"]
    assert found["Noto-Sans-Bold"]["OS/2"].usWeightClass == 700
    assert found["Noto-Sans"]["OS/2"].usWeightClass == 400

    def advance_of_e(font: TTFont) -> int:
        return font["hmtx"][font.getBestCmap()[ord("e")]][0]

    assert advance_of_e(found["Noto-Sans-Bold"]) > advance_of_e(found["Noto-Sans"])  # wider


NO_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def test_on_a_machine_without_fonts_the_pdf_is_set_in_the_same_fonts(tmp_path):
    """A fontconfig that knows no font at all (a fresh machine, at its worst)."""
    (tmp_path / "fonts.conf").write_text(NO_FONTS.format(cache=tmp_path / "cache"))
    script = textwrap.dedent(
        f"""
        import django, sys
        django.setup()
        from printables.render import html_to_pdf
        sys.stdout.buffer.write(html_to_pdf({PAGE!r}))
        """
    )
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(tmp_path / "fonts.conf"),
        "DJANGO_SETTINGS_MODULE": "workshop.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    found = embedded_fonts(done.stdout)
    assert {"Noto-Sans", "Noto-Sans-Bold", "Noto-Sans-Arabic"} <= set(found)
    assert "samen" in text_of(done.stdout)
