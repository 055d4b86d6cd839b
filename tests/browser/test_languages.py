"""The phone in the room's languages, on a small touch phone (issue 22, point 7).

Screenshots of every language at 320 px go to var/screenshots/languages/ with
ASSENKRUIS_SCREENSHOTS=1 (to look at).
"""

import os
from pathlib import Path

import pytest

from tests.browser.conftest import PHONE, grid_point, touch_tap, wait_for
from tests.browser.test_accessibility import blocking_violations
from workshop.models import Placement, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "languages"
SMALL = {**PHONE, "viewport": {"width": 320, "height": 568}}
# What each language says on the role step and after the first placement.
WORDS = {
    "tr": ("Geç", "Sen kimsin?", "şimdi burada"),
    "ar": ("تخط", "من أنت؟", "الآن في"),
    "pl": ("Pomiń", "Kim jesteś?", "jest teraz tu"),
}


def shot(page, name: str) -> None:
    if os.environ.get("ASSENKRUIS_SCREENSHOTS") != "1":
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(400)
    page.screenshot(path=str(SHOTS / f"{name}-320.png"), full_page=True)


def label_box(phone, text_start: str) -> dict:
    """The on-screen box of the grid's axis label that starts with `text_start`."""
    return phone.eval_on_selector(
        "#ak-grid",
        """(svg, start) => {
            const t = [...svg.querySelectorAll("text")].find(
                (el) => el.textContent.trim().startsWith(start));
            const r = t.getBoundingClientRect(), s = svg.getBoundingClientRect();
            return {left: r.left - s.left, right: s.right - r.right, width: s.width};
        }""",
        text_start,
    )


@pytest.mark.parametrize("code", list(WORDS))
def test_a_participant_places_a_card_in_her_own_language(new_page, session, code):
    skip, question, placed = WORDS[code]
    card = session.cards.order_by("position", "id").first()
    phone = new_page(**SMALL)
    phone.goto(f"/j/{session.join_code}/?lang={code}")
    phone.get_by_role("heading", name=question).wait_for()
    html = phone.evaluate("[document.documentElement.lang, document.documentElement.dir]")
    assert html == [code, "rtl" if code == "ar" else ""]
    shot(phone, f"{code}-1-role")
    phone.get_by_role("button", name=skip).click()
    phone.locator(".ak-chip").first.wait_for()

    # The axes do not mirror: "← Hulpverlening" stays at the left, "Activering →"
    # at the right, and a tap on the right half is a placement towards Activering.
    left, right = label_box(phone, "← Hulpverlening"), label_box(phone, "Activering")
    assert left["left"] < left["width"] / 4 and right["right"] < right["width"] / 4
    touch_tap(phone, grid_point(phone, "#ak-grid", 0.5, -0.5))
    stored = wait_for(lambda: Placement.objects.filter(card=card).first())
    assert (stored.x, stored.y) == (pytest.approx(0.5, abs=0.04), pytest.approx(-0.5, abs=0.04))
    phone.locator("#ak-announce", has_text=placed).wait_for()
    # Card titles and quadrant names stay as the facilitator wrote them.
    assert "Individuele activering" in phone.locator("#ak-announce").inner_text()
    shot(phone, f"{code}-2-placed")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    assert blocking_violations(phone) == []

    # The choice is kept: the plain link opens in the same language.
    phone.goto(f"/j/{session.join_code}/")
    phone.get_by_role("link", name=code_name(code)).wait_for()
    assert phone.evaluate("document.documentElement.lang") == code


def code_name(code: str) -> str:
    return {"tr": "Türkçe", "ar": "العربيّة", "pl": "Polski"}[code]


def test_a_session_in_arabic_opens_in_arabic_and_links_the_arabic_handout(new_page, session):
    Session.objects.filter(pk=session.pk).update(language="ar")
    phone = new_page(**SMALL)
    phone.goto(f"/j/{session.join_code}/")
    phone.get_by_role("button", name="تخط").wait_for()
    Session.objects.filter(pk=session.pk).update(state=Session.State.CLOSED)
    phone.goto(f"/j/{session.join_code}/")
    link = phone.get_by_role("link", name="نزل النشرة (PDF)")
    assert link.get_attribute("href").endswith("handout.pdf?lang=ar")
    shot(phone, "ar-3-results")
    # A Polish reader of the same session switches on the results page.
    phone.get_by_role("link", name="Polski").click()
    phone.get_by_role("link", name="Pobierz broszurę (PDF)").wait_for()
