"""The projector's typeface files (workshop/lib/typeface.py): Noto Sans as on paper,
cut down to its script, as WOFF2 the browser may keep for good."""

import io
import re
import time

import pytest
from fontTools.ttLib import TTFont

from workshop.lib import typeface

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_font_dir(settings, tmp_path):
    settings.FONT_DIR = tmp_path


def test_the_rules_name_each_family_and_weight_with_its_script(client):
    response = client.get("/fonts/faces.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    rules = re.findall(r"@font-face \{([^}]*)\}", response.content.decode())
    found = {
        (re.search(r'font-family: "([^"]+)"', r)[1], re.search(r"font-weight: (\d+)", r)[1])
        for r in rules
    }
    assert found == {(f, str(w)) for f in typeface.FAMILIES for w in typeface.WEIGHTS.values()}
    arabic = [r for r in rules if "Arabic" in r]
    assert all("U+0600-06FF" in r and "U+0000" not in r for r in arabic)


def test_each_face_is_a_small_woff2_that_draws_its_script(client):
    css = client.get("/fonts/faces.css").content.decode()
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert len(urls) == 2 * len(typeface.FAMILIES)  # Noto Sans, Arabic, Heebo (Hebrew)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "font/woff2"
        assert "immutable" in response["Cache-Control"]
        data = b"".join(response.streaming_content)
        assert data[:4] == b"wOF2"
        assert len(data) < 120_000  # the whole static face is 630 kB
        cmap = TTFont(io.BytesIO(data)).getBestCmap()
        if "arabic" in url:
            assert {ord(c) for c in "الفن في الحي"} - {32} <= set(cmap)
            assert ord("Ĳ") not in cmap  # Latin is the other face's
        elif "heebo" in url:
            assert {ord(c) for c in "אמנות בשכונה"} - {32} <= set(cmap)
            assert ord("a") not in cmap  # Latin is Noto Sans'
        else:
            assert {ord(c) for c in "Ĳsselmeer, officiële “idee” € 12½ — Łódź"} <= set(cmap)


def test_an_unknown_face_is_not_found(client):
    assert client.get("/fonts/noto-sans-1.0-400-w1.woff2").status_code == 404
    assert client.get("/fonts/..%2F..%2Fsettings.py").status_code == 404
    assert client.post("/fonts/faces.css").status_code == 405


def test_a_web_face_is_the_same_bytes_every_time_it_is_made():
    first = typeface.web_face("Noto Sans", 400)
    time.sleep(1.1)  # the font format stamps whole seconds
    assert typeface.web_face("Noto Sans", 400) == first
