"""The role colours (workshop/lib/role_colours.py): one table for every role, whose
fills keep apart for colour-blind readers and in grey print, and that nothing
else repeats.

Colour-blindness is simulated as Machado, Oliveira and Fernandes (2009) do it, at
full severity: a 3×3 matrix on linear sRGB. Differences are CIEDE2000 in CIELAB
(D65); grey print keeps only the lightness, CIE L*.
"""

import itertools
import math
import re
from pathlib import Path

import pytest

from workshop.lib import charts
from workshop.lib.role_colours import ROLE_COLOURS, WHITE, css_name, for_browser
from workshop.models import Role

ROOT = Path(__file__).resolve().parents[2]

MIN_DIFFERENCE = 15  # CIEDE2000 between any two roles' fills, in every kind of vision
MIN_LIGHTNESS_GAP = 12  # CIE L* between any two roles' fills
MIN_EDGE_CONTRAST = 3  # WCAG 2.1 non-text contrast of each role's outline against white

# Machado et al. 2009, severity 1.0, for linear RGB.
SIMULATIONS = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def linear(hex_colour: str) -> tuple[float, float, float]:
    def one(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return tuple(one(int(hex_colour[i : i + 2], 16) / 255) for i in (1, 3, 5))


def simulate(rgb_linear, vision: str):
    if vision == "normal":
        return rgb_linear
    return tuple(
        min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb_linear, strict=True))))
        for row in SIMULATIONS[vision]
    )


def lab(rgb_linear) -> tuple[float, float, float]:
    r, g, b = rgb_linear
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def ciede2000(lab1, lab2) -> float:
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1 = math.degrees(math.atan2(b1, a1)) % 360 if c1 else 0.0
    h2 = math.degrees(math.atan2(b2, a2)) % 360 if c2 else 0.0
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_big_h = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * c_mean
    s_h = 1 + 0.015 * c_mean * t
    r_t = (
        -math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2))))
        * 2
        * math.sqrt(c_mean**7 / (c_mean**7 + 25**7))
    )
    dl, dc, dhh = (l2 - l1) / s_l, (c2 - c1) / s_c, d_big_h / s_h
    return math.sqrt(dl**2 + dc**2 + dhh**2 + r_t * dc * dhh)


def contrast_with_white(hex_colour: str) -> float:
    r, g, b = linear(hex_colour)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_the_colour_science_agrees_with_published_figures():
    # Sharma, Wu and Dalal (2005), the CIEDE2000 test data's first pairs.
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50, 3.1571, -77.2803), (50, 0, -82.7485)) == pytest.approx(2.8615, abs=1e-4)
    assert lab(linear("#808080"))[0] == pytest.approx(53.585, abs=0.01)
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)
    # Pure red is seen by a protanope as a dark olive, by a tritanope still as red.
    assert lab(simulate(linear("#ff0000"), "protanopia"))[0] < 45
    assert simulate(linear("#ff0000"), "tritanopia")[0] > 0.9


def test_the_table_has_every_role_and_no_role_given():
    assert set(ROLE_COLOURS) == {*Role.values, ""}
    assert set(for_browser()) == {css_name(role) for role in ROLE_COLOURS}


@pytest.mark.parametrize("vision", ["normal", *SIMULATIONS])
def test_every_two_roles_differ_in_every_kind_of_vision(vision):
    seen = {role: lab(simulate(linear(c.fill), vision)) for role, c in ROLE_COLOURS.items()}
    close = [
        (a or "none", b or "none", round(ciede2000(seen[a], seen[b]), 1))
        for a, b in itertools.combinations(seen, 2)
        if ciede2000(seen[a], seen[b]) < MIN_DIFFERENCE
    ]
    assert close == [], f"too alike with {vision}"


def test_every_two_roles_differ_in_grey_print():
    lightness = {role: lab(linear(c.fill))[0] for role, c in ROLE_COLOURS.items()}
    close = [
        (a or "none", b or "none", round(abs(lightness[a] - lightness[b]), 1))
        for a, b in itertools.combinations(lightness, 2)
        if abs(lightness[a] - lightness[b]) < MIN_LIGHTNESS_GAP
    ]
    assert close == []


def test_every_role_has_an_edge_to_see_on_white():
    faint = {
        role or "none": round(contrast_with_white(c.outline), 2)
        for role, c in ROLE_COLOURS.items()
        if contrast_with_white(c.outline) < MIN_EDGE_CONTRAST
    }
    assert faint == {}
    # On screen a dot whose own outline is its fill is ringed in white; a light one keeps its outline.
    assert ROLE_COLOURS["bewoner"].ring == ROLE_COLOURS["bewoner"].outline
    assert ROLE_COLOURS["opbouwwerker"].ring == WHITE


def test_the_charts_use_the_table():
    for role, c in ROLE_COLOURS.items():
        assert f".ak-role-{css_name(role)}{{fill:{c.fill};stroke:{c.outline}}}" in charts.CHART_CSS


def test_no_style_sheet_gives_a_role_a_colour_of_its_own():
    literal = re.compile(r"--role(-outline|-ring)?\s*:\s*(#|rgb|hsl)|\.role-[a-z]+\s*\{[^}]*#")
    sheets = [*ROOT.glob("static/css/*.css"), ROOT / "static/printables/print.css"]
    assert [p.name for p in sheets if literal.search(p.read_text())] == []
