"""The phone for a person with the keyboard and a screen reader, and the page a
mistyped join link shows: read through the accessibility tree and the live region."""

import pytest

from tests.browser.conftest import PHONE, wait_for
from tests.browser.room_helpers import card_action
from tests.browser.test_phone import chip, only_first_card_open, phone_page, skip_role
from tests.browser.test_toolkit_live import control_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(phone, key: str, times: int = 1) -> str:
    """Press `key` on the focused card; the live region's words once they settle."""
    for _ in range(times):
        phone.keyboard.press(key)
    region = phone.locator("#ak-announce")
    last = [None]

    def settled():
        now = region.inner_text()
        same, last[0] = now == last[0] and now != "", now
        phone.wait_for_timeout(60)
        return same and now

    return wait_for(settled)


def test_every_arrow_press_says_where_the_card_is_on_both_axes(new_page, session):
    cards = list(session.cards.order_by("position", "id"))
    phone = new_page(**PHONE)
    skip_role(phone, session)
    chip(phone, cards[0]).focus()

    assert press(phone, "ArrowLeft") == (
        "Op de lijn: 1 van de 10 stappen richting Hulpverlening, "
        "midden tussen Individueel en Collectief"
    )
    assert press(phone, "ArrowUp", 3) == (
        "Collectieve hulpverlening: 1 van de 10 stappen richting Hulpverlening, "
        "3 van de 10 stappen richting Collectief"
    )
    # The same quadrant further out says a different thing: every press is news.
    assert press(phone, "ArrowUp", 7) == (
        "Collectieve hulpverlening: 1 van de 10 stappen richting Hulpverlening, "
        "helemaal naar Collectief, aan de rand"
    )
    # At the edge a press more keeps saying so.
    assert press(phone, "ArrowUp").endswith("helemaal naar Collectief, aan de rand")
    assert press(phone, "ArrowRight") == (
        "Op de lijn: midden tussen Hulpverlening en Activering, "
        "helemaal naar Collectief, aan de rand"
    )
    assert press(phone, "ArrowDown", 10) == "Precies in het midden"


def test_the_grid_names_both_axes_in_the_accessibility_tree(new_page, session):
    phone = new_page(**PHONE)
    skip_role(phone, session)
    name = (
        "Kruis: van Hulpverlening links naar Activering rechts, "
        "van Individueel onder naar Collectief boven"
    )
    assert phone.get_by_role("img", name=name, exact=True).count() == 1
    assert f'img "{name}"' in phone.locator("#ak-grid-wrap").aria_snapshot()


def test_a_new_card_is_marked_otherwise_than_the_focus_ring(new_page, session, alice):
    cards = only_first_card_open(session)
    phone = phone_page(new_page)
    skip_role(phone, session)
    chip(phone, cards[0]).focus()
    phone.keyboard.press("Tab")
    phone.keyboard.press("Shift+Tab")  # a keyboard focus: the ring shows
    ring = chip(phone, cards[0]).evaluate("el => getComputedStyle(el).outlineColor")
    control = control_page(new_page, alice, session)
    card_action(control, cards[1], "open")
    new = chip(phone, cards[1])
    wait_for(lambda: "ak-chip-new" in (new.get_attribute("class") or ""))
    style = new.evaluate(
        """el => { const s = getComputedStyle(el);
        return [s.borderLeftColor, s.borderLeftWidth, s.outlineStyle, s.boxShadow]; }"""
    )
    assert style[0] != ring and style[1] == "10px"
    assert style[2] == "none" and style[3] == "none", "the new card looks focused"
    assert "nieuw" in new.inner_text()


def test_a_mistyped_join_link_keeps_the_code_in_the_field(new_page, session, js_errors):
    phone = new_page(**PHONE)
    response = phone.goto("/j/zq-x7 k/")
    assert response.status == 404
    assert js_errors == [
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]
    js_errors.clear()  # the page's own status, logged by the browser
    field = phone.get_by_label("Code")
    assert field.input_value() == "ZQX7K"
    # The person mends the code instead of typing it all again.
    field.fill(session.join_code)
    phone.get_by_role("button", name="Meedoen").click()
    phone.wait_for_url(f"**/j/{session.join_code}/")
