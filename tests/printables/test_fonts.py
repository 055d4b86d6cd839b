"""The PDFs' typeface comes with the project, and emoji never print as empty boxes.

Noto Sans and Noto Sans Arabic are pip packages (fontpkg-noto-sans…), pinned
once to static regular and bold faces in FONT_DIR, which every PDF gets
with @font-face. The fetcher reads them there and still refuses every other file. Emoji print with the machine's emoji
font, or as [name] without one (printables/fonts.py).
"""

import base64
import io
import logging
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import fontpkg
import pytest
import uharfbuzz
from fontTools.pens.areaPen import AreaPen
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from printables import fonts
from printables.render import LocalFetcher, RefusedFetch, font_config, html_to_pdf, is_local
from tests.helpers import require
from tests.printables.conftest import flat, pdf_text
from workshop.lib import typeface

ROOT = Path(__file__).resolve().parents[2]
NOTO = fontpkg.path("Noto Sans")
NOTO_ARABIC = fontpkg.path("Noto Sans Arabic")
ARABIC = "الفن في الحي والعمل معا"
HEBREW = "אמנות בשכונה עם התושבים"
CYRILLIC = "Искусство в районе"
GREEK = "Τέχνη στη γειτονιά"
LINEAR_B = "\U00010000"  # LINEAR B SYLLABLE B008 A: in none of the project's faces
EMOJI = "🎨🏘️👩‍🎨"
PAGE = (
    '<html lang="nl"><link rel="stylesheet" href="printables/print.css">'
    f"<h1>Muurschildering</h1><p>Met de buurt {EMOJI} <b>samen</b> en {ARABIC}</p>"
    "<p>← Hulpverlening · Activering → ↑ ↓ ◆ <b>← Afgesproken →</b></p><p>✂ Knip</p></html>"
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


def test_the_faces_are_files_the_fetcher_allows():
    for _, _, path in typeface.faces():
        assert is_local(path.as_uri()), path
        response = LocalFetcher().fetch(path.as_uri())
        try:
            assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
        finally:
            response.close()


def test_files_beside_and_outside_the_font_dir_are_still_refused(settings):
    face = typeface.faces()[0][2]
    package = NOTO.parent.parent  # fontpkg_noto_sans/
    refused = [
        NOTO,  # the variable font itself: the PDFs use the faces made from it
        package / "__init__.py",
        Path(fontpkg.__file__),
        face.parent / ".." / "media" / "x.png",
        face.parent / ".." / ".." / "workshop" / "settings.py",
        face.parent / "missing.ttf",
        Path("/etc/passwd"),
    ]
    for path in refused:
        assert not is_local(path.as_uri()), path
    with pytest.raises(RefusedFetch):
        LocalFetcher().fetch((package / "__init__.py").as_uri())


def test_faces_are_made_once_and_again_when_removed(settings, tmp_path):
    settings.FONT_DIR = tmp_path
    made = typeface.faces()
    assert [(name, weight) for name, weight, _ in made] == [
        ("Noto Sans", "normal"), ("Noto Sans", "bold"),
        ("Noto Sans Arabic", "normal"), ("Noto Sans Arabic", "bold"),
        ("Heebo", "normal"), ("Heebo", "bold"),
    ]  # fmt: skip
    stamp = made[1][2].stat().st_mtime_ns
    made[0][2].unlink()  # a temp cleaner passed
    again = typeface.faces()
    assert again == made and again[0][2].is_file()
    assert made[1][2].stat().st_mtime_ns == stamp  # the others were kept
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for *_, p in made)
    bold = TTFont(made[1][2])
    assert "fvar" not in bold and bold["OS/2"].usWeightClass == 700
    assert len(bold.getBestCmap()) == len(TTFont(NOTO, lazy=True).getBestCmap())  # all kept


def test_each_face_shapes_text_as_the_variable_font_does_at_its_weight():
    """Same glyphs, same advances and mark positions: Arabic dots included."""
    texts = [
        ARABIC,
        "مشروع فني مع سكان الحي",
        "Langetermijnsamenwerking, officiële “AV” Tá 12½ € —",
        HEBREW,
    ]

    def shape(path, text, weight=None):
        font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(path))))
        if weight:
            font.set_variations({"wght": weight, "wdth": 100})
        buffer = uharfbuzz.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        uharfbuzz.shape(font, buffer, {})
        return [
            (glyph.codepoint, at.x_advance, at.x_offset, at.y_offset)
            for glyph, at in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)
        ]

    for name, weight, path in typeface.faces():
        for text in texts:
            variable = shape(fontpkg.path(name), text, typeface.WEIGHTS[weight])
            assert shape(path, text) == variable, (name, weight, text)


def test_each_thread_keeps_one_font_configuration_from_pdf_to_pdf():
    first = font_config()
    html_to_pdf(PAGE)
    assert font_config() is first
    other = []
    thread = threading.Thread(target=lambda: other.append(font_config()))
    thread.start()
    thread.join()
    assert other[0] is not first


# The typeface --------------------------------------------------------------


MARKS = {"Assenkruis-Marks", "Assenkruis-Marks-Bold"}


def test_every_pdf_is_set_in_noto_sans_from_the_package_bold_as_bold():
    found = embedded_fonts(html_to_pdf(PAGE))
    # Arrows and ◆ from the project's marks, not from the machine (DejaVu Sans).
    assert (
        set(found) - {"Noto-Color-Emoji"}
        == {"Noto-Sans", "Noto-Sans-Bold", "Noto-Sans-Arabic"} | MARKS
    )
    revision = TTFont(NOTO, lazy=True)["head"].fontRevision
    arabic_revision = TTFont(NOTO_ARABIC, lazy=True)["head"].fontRevision
    # The package's release (2.015), not Debian's fonts-noto-core (2.004).
    assert found["Noto-Sans"]["head"].fontRevision == pytest.approx(revision)
    assert found["Noto-Sans-Arabic"]["head"].fontRevision == pytest.approx(arabic_revision)
    assert "fvar" not in found["Noto-Sans-Bold"]
    assert found["Noto-Sans-Bold"]["OS/2"].usWeightClass == 700
    assert found["Noto-Sans"]["OS/2"].usWeightClass == 400

    def advance_of_e(font: TTFont) -> int:
        return font["hmtx"][font.getBestCmap()[ord("e")]][0]

    assert advance_of_e(found["Noto-Sans-Bold"]) > advance_of_e(found["Noto-Sans"])  # wider


@pytest.mark.django_db
def test_every_material_is_set_in_the_projects_own_faces_only(busy_rendered):
    """Nothing from the machine's fonts, the cut-out sheet's ✂ included."""
    for name, pdf in busy_rendered.pdfs.items():
        found = set(embedded_fonts(pdf)) - {"Noto-Color-Emoji"}
        assert found and found <= {"Noto-Sans", "Noto-Sans-Bold", "Noto-Sans-Arabic"} | MARKS, name
    assert "Assenkruis-Marks" in embedded_fonts(busy_rendered.pdfs["cards"])  # the scissors


NO_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def test_on_a_machine_without_fonts_the_pdf_is_the_same_and_emoji_print_as_names(tmp_path):
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
        "PRINT_EMOJI": "auto",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert ".notdef" not in done.stderr.decode()
    found = embedded_fonts(done.stdout)
    assert set(found) == {"Noto-Sans", "Noto-Sans-Bold", "Noto-Sans-Arabic"} | MARKS
    text = text_of(done.stdout)
    assert "[artist palette][house buildings][woman artist palette]" in text
    assert "samen" in text
    assert "← Hulpverlening · Activering → ↑ ↓ ◆" in text  # arrows and ◆ from the marks
    assert "✂ Knip" in text  # not "[black scissors]": the marks draw it


SCRIPTS_PAGE = (
    '<html lang="nl"><link rel="stylesheet" href="printables/print.css">'
    f'<p>Kunst {CYRILLIC} en {GREEK}</p><p dir="rtl">{HEBREW}</p><p dir="rtl">{ARABIC}</p></html>'
)
# A missing glyph spoils its font's text in the PDF (WeasyPrint writes it a
# broken ToUnicode entry): a page of its own.
MISSING_PAGE = f'<html lang="nl"><p>Een teken dat geen letter heeft: {LINEAR_B}.</p></html>'

FACES = {
    "Noto-Sans", "Noto-Sans-Bold", "Noto-Sans-Arabic", "Noto-Sans-Arabic-Bold", "Heebo", "Heebo-Bold"
} | MARKS  # fmt: skip


def test_every_script_the_forms_accept_prints_from_the_projects_faces_on_a_bare_machine(tmp_path):
    """Hebrew, Cyrillic, Greek and Arabic print from the faces pip installs, on
    a machine whose fontconfig knows no font at all; a character no font has
    (Linear B there) is named in the render log, not left as a silent box."""
    (tmp_path / "fonts.conf").write_text(NO_FONTS.format(cache=tmp_path / "cache"))
    script = textwrap.dedent(
        f"""
        import django, sys
        django.setup()
        from printables.render import html_to_pdf
        html_to_pdf({MISSING_PAGE!r}, label="scripts test")
        sys.stdout.buffer.write(html_to_pdf({SCRIPTS_PAGE!r}))
        """
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(tmp_path / "fonts.conf"),
           "DJANGO_SETTINGS_MODULE": "workshop.settings"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert set(embedded_fonts(done.stdout)) <= FACES
    assert {"Noto-Sans", "Noto-Sans-Arabic", "Heebo"} <= set(embedded_fonts(done.stdout))
    text = text_of(done.stdout)
    for words in (CYRILLIC, GREEK):
        assert words in text
    log = done.stderr.decode()
    assert "scripts test: no installed font has 1 character(s)" in log
    assert "U+10000 LINEAR B SYLLABLE B008 A (1×)" in log
    assert ".notdef glyph" not in log  # one record, not WeasyPrint's one a glyph


def test_hebrew_is_set_in_heebo_from_the_package_right_to_left():
    pdf = html_to_pdf(SCRIPTS_PAGE)
    heebo = embedded_fonts(pdf)["Heebo"]
    assert heebo["head"].fontRevision == pytest.approx(
        TTFont(fontpkg.path("Heebo"), lazy=True)["head"].fontRevision
    )
    # Right to left: the first word at the right margin, the last at the left.
    from tests.printables.test_robust import words_of

    _w, _h, found = words_of(pdf)[0]
    first, last = HEBREW.split()[0], HEBREW.split()[-1]
    by_word = {w[4][::-1]: w for w in found}  # pdftotext gives each word in reading order reversed
    if first not in by_word:
        by_word = {w[4]: w for w in found}
    assert by_word[first][0] > by_word[last][2], "Hebrew not right to left"
    assert by_word[first][2] > 150 * 72 / 25.4, "Hebrew paragraph not at the right margin"


def test_a_character_no_font_has_is_named_in_the_render_log(caplog):
    with caplog.at_level(logging.WARNING):
        html_to_pdf(
            '<html lang="nl"><link rel="stylesheet" href="printables/print.css">'
            "<p>\U000f0001 en \U000f0001 en \U000f0002</p></html>",  # private use: no font has them
            label="summary of session 7",
        )
    [record] = [r for r in caplog.records if r.name == "printables.render"]
    assert record.levelno == logging.WARNING
    assert record.getMessage().startswith("summary of session 7: no installed font has 2 character")
    assert "U+F0001 unnamed (2×)" in record.getMessage()
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]


# Emoji ---------------------------------------------------------------------


def test_emoji_clusters_become_bracketed_names_and_text_stays():
    def plain(text):
        return fonts.emoji_as_text(text).replace("\u2066", "").replace("\u2069", "")

    assert plain("Top 👍🏽!") == "Top [thumbs\xa0up\xa0sign]!"
    assert plain(EMOJI) == ("[artist\xa0palette][house\xa0buildings][woman\xa0artist\xa0palette]")
    assert plain("🇳🇱 1️⃣ ❤️") == "[NL] [1] [heavy\xa0black\xa0heart]"
    # What Noto Sans draws stays: letters, Arabic, ™ and the like.
    kept = f"Café – “{ARABIC}” ™ € 3 × 4"
    assert fonts.emoji_as_text(kept) == kept
    # Isolated: in an Arabic title the brackets stay around the name.
    assert fonts.emoji_as_text("🎨") == "\u2066[artist\xa0palette]\u2069"


def test_the_charts_inside_the_html_get_names_too(settings):
    settings.PRINT_EMOJI = "text"
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>Buurt 🏘️</text></svg>'
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    png = "data:image/png;base64,iVBORw0KGgo="
    html = fonts.printable_html(f'<p>🎨</p><img src="{uri}"><img src="{png}">')
    assert "🎨" not in html and "[artist\xa0palette]" in html
    inner = html.split("base64,")[1].split('"')[0]
    assert "[house\xa0buildings]" in base64.b64decode(inner).decode()
    assert png in html
    settings.PRINT_EMOJI = "font"
    assert fonts.printable_html(f'<p>🎨</p><img src="{uri}">') == f'<p>🎨</p><img src="{uri}">'


def test_auto_asks_fontconfig_once_and_follows_its_answer(settings, monkeypatch):
    calls = []
    run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a) or run(*a, **k))
    fonts.emoji_font_installed.cache_clear()
    assert fonts.emoji_font_installed() == fonts.emoji_font_installed()
    assert len(calls) <= 1  # none where fc-list is missing
    settings.PRINT_EMOJI = "auto"
    monkeypatch.setattr(fonts, "emoji_font_installed", lambda: False)
    assert fonts.print_emoji_as_text()
    monkeypatch.setattr(fonts, "emoji_font_installed", lambda: True)
    assert not fonts.print_emoji_as_text()
    settings.PRINT_EMOJI = "text"
    assert fonts.print_emoji_as_text()


def test_without_an_emoji_font_emoji_print_as_names_not_as_boxes(settings, caplog):
    settings.PRINT_EMOJI = "text"  # as on a machine without one
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = html_to_pdf(PAGE)
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]
    assert "Noto-Color-Emoji" not in embedded_fonts(pdf)
    assert "Met de buurt [artist palette][house buildings][woman artist palette] samen" in (
        text_of(pdf)
    )


def test_with_an_emoji_font_emoji_print_in_colour(settings, caplog):
    require(
        fonts.emoji_font_installed(),
        "no emoji font (apt install fonts-noto-color-emoji)",
    )
    settings.PRINT_EMOJI = "auto"
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = html_to_pdf(PAGE)
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]
    assert "Noto-Color-Emoji" in embedded_fonts(pdf)
    assert "[artist palette]" not in text_of(pdf)


# The marks -----------------------------------------------------------------


def test_the_marks_are_drawn_to_noto_sans_measures_and_the_same_every_time():
    from printables import marks

    for weight in (400, 700):
        font = TTFont(io.BytesIO(marks.marks_font(weight)))
        noto = TTFont(typeface.pinned_face("Noto Sans", weight))
        minus = BoundsPen(noto.getGlyphSet())
        noto.getGlyphSet()[noto.getBestCmap()[ord("−")]].draw(minus)
        minus_middle = (minus.bounds[1] + minus.bounds[3]) / 2
        # Noto Sans' vertical measures: a line with an arrow is as tall as one without.
        for table, field in [("hhea", "ascent"), ("hhea", "descent"),
                             ("OS/2", "usWinAscent"), ("OS/2", "usWinDescent")]:  # fmt: skip
            assert getattr(font[table], field) == getattr(noto[table], field), field
        assert set(font.getBestCmap()) == {
            0x20, 0xA0, 0x2190, 0x2191, 0x2192, 0x2193, 0x25C6, 0x2702
        }  # fmt: skip
        assert font["OS/2"].usWeightClass == weight
        glyphs = font.getGlyphSet()
        for name in ("arrowleft", "arrowright", "arrowup", "arrowdown", "diamond", "scissors"):
            bounds = BoundsPen(glyphs)
            glyphs[name].draw(bounds)
            x0, y0, x1, y1 = bounds.bounds
            # Centred where Noto Sans' own − is, inside its advance.
            assert (y0 + y1) / 2 == pytest.approx(minus_middle, abs=1)
            assert 0 <= x0 and x1 <= font["hmtx"][name][0]
            area = AreaPen(glyphs)
            glyphs[name].draw(area)
            assert area.value < 0  # clockwise: TrueType fills it
        # The scissors' finger holes run the other way, so they stay empty.
        points, ends, _flags = font["glyf"]["scissors"].getCoordinates(font["glyf"])
        starts = [0, *(end + 1 for end in ends[:-1])]
        outlines = [list(points[a : b + 1]) for a, b in zip(starts, ends, strict=True)]
        turns = [
            sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(o, o[1:] + o[:1], strict=True))
            for o in outlines
        ]
        assert (
            sum(t < 0 for t in turns) == 4 and sum(t > 0 for t in turns) == 2
        )  # rings, blades; holes
        left, right = (font["glyf"][n].coordinates for n in ("arrowleft", "arrowright"))
        shaft = [y for x, y in left if x == max(x for x, _ in left)]  # the tail end
        assert max(shaft) - min(shaft) == pytest.approx(minus.bounds[3] - minus.bounds[1], abs=1)
        assert min(x for x, _ in left) < 100 and max(x for x, _ in right) > 700  # they point out
    assert marks.marks_font(700) == marks.marks_font(700)  # no date of making in it
