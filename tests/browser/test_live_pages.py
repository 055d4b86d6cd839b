"""A workshop round in real browsers: a phone, the projector and the control page."""

import pytest

from tests import shapes
from tests.browser.conftest import (
    PHONE,
    grid_point,
    join_and_skip_role,
    place_with_keys,
    touch_drag,
    wait_for,
)
from tests.browser.room_helpers import card_action
from workshop.models import Card, Placement, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_cards(session):
    return list(session.cards.filter(is_open=True).order_by("position", "id"))


def stored(card):
    return Placement.objects.filter(card=card).first()


def test_a_phone_drags_a_card_onto_the_grid_and_the_projector_shows_the_dot(
    new_page, session, alice
):
    card = open_cards(session)[0]
    Card.objects.filter(pk=card.pk).update(revealed=True)
    projector = new_page(alice, viewport={"width": 1280, "height": 720})
    projector.goto(f"/facilitator/sessions/{session.pk}/screen/")
    projector.locator("#ak-screen[data-ready]").wait_for()

    phone = new_page(**PHONE)
    join_and_skip_role(phone, session)
    chip = phone.locator(f'.ak-chip[data-card="{card.pk}"]')
    chip.scroll_into_view_if_needed()
    box = chip.bounding_box()
    target = grid_point(phone, "#ak-grid", 0.5, 0.5)
    phone.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    phone.mouse.down()
    phone.mouse.move(*target, steps=12)
    phone.mouse.up()

    placement = wait_for(lambda: stored(card), message="the placement was not stored")
    assert placement.x == pytest.approx(0.5, abs=0.03)
    assert placement.y == pytest.approx(0.5, abs=0.03)
    dot = projector.locator("#ak-screen-grid g.ak-dots circle")
    dot.first.wait_for()
    assert dot.count() == 1
    assert projector.locator("#ak-focus-title").inner_text() == card.title
    # The phone shows its own dot, numbered.
    assert phone.locator("#ak-grid g.ak-dots circle.ak-dot-own").count() == 1


def test_a_card_can_be_placed_with_the_keyboard_only(new_page, session):
    card = open_cards(session)[0]
    phone = new_page(**PHONE)
    join_and_skip_role(phone, session)
    # After the role question, focus is on the card to place.
    assert phone.evaluate("document.activeElement.dataset.card") == str(card.pk)
    for key in ["ArrowRight", "ArrowRight", "ArrowRight", "ArrowUp", "ArrowUp"]:
        phone.keyboard.press(key)
    # The position is announced in words: the quadrant's name.
    phone.locator("#ak-announce", has_text="Collectieve activering").wait_for()
    phone.keyboard.press("Enter")

    placement = wait_for(lambda: stored(card), message="the placement was not stored")
    assert (placement.x, placement.y) == (pytest.approx(0.3), pytest.approx(0.2))
    phone.locator("#ak-announce", has_text="staat nu bij Collectieve activering").wait_for()


def test_revealing_on_the_control_page_shows_the_room_on_the_phone(new_page, session, alice):
    card = open_cards(session)[0]
    phone = new_page(**PHONE)
    join_and_skip_role(phone, session)
    place_with_keys(phone, card)
    wait_for(lambda: stored(card), message="the placement was not stored")
    assert phone.locator("#ak-detail-result").is_hidden()

    control = new_page(alice, viewport={"width": 1366, "height": 768})
    control.goto(f"/facilitator/sessions/{session.pk}/")
    card_action(control, card, "reveal")

    # Placing moved on to the next card; she taps the placed one to see the room.
    phone.locator(f'.ak-chip[data-card="{card.pk}"]').click()
    result = phone.locator("#ak-detail-result")
    result.wait_for(state="visible", timeout=5000)
    # One placement: the projector's words for it (workshop.lib.findings), no ring under three.
    phone.locator("#ak-detail-result", has_text="Maar één persoon zette deze kaart.").wait_for()
    assert phone.locator("#ak-grid .ak-spread").count() == 0
    assert Card.objects.get(pk=card.pk).revealed


@pytest.fixture
def own_server(daphne_server):
    """A Daphne of this test's own, to stop and start without disturbing other tests."""
    from bench.servers import DaphneServer, free_port, server_env
    from tests.helpers import database_url_of_tests

    env = server_env(database_url_of_tests())
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the test process only (see chromium)
    server = DaphneServer(port=free_port(), env=env).start()
    yield server
    server.stop()


def test_the_phone_reconnects_and_resends_what_was_not_acknowledged(new_page, session, own_server):
    card = open_cards(session)[0]
    phone = new_page(**PHONE)
    phone.goto(f"{own_server.url}/j/{session.join_code}/")
    phone.get_by_role("button", name="Overslaan").click()
    chip = phone.locator(f'.ak-chip[data-card="{card.pk}"]')
    chip.wait_for()

    phone.wait_for_function(
        "performance.getEntriesByType('resource').some(e => e.name.endsWith('/keys.js'))"
    )
    own_server.stop(kill=True)
    status = phone.locator("#ak-status")
    status.wait_for(state="visible")
    assert "Geen verbinding" in status.inner_text()
    chip.focus()
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("Enter")  # sent into a dead socket, or queued
    # The page holds the placement, and says it is not sent yet (never "geplaatst").
    phone.locator(f'.ak-chip-sending[data-card="{card.pk}"]').wait_for()
    assert "wordt verstuurd" in chip.inner_text()
    assert not Placement.objects.filter(card=card).exists()
    # Past the moment the offline copy is due (3 s after the load): it waits for the server.
    phone.wait_for_function(
        "() => performance.now() > performance.getEntriesByType('navigation')[0].loadEventEnd + 3500"
    )
    assert phone.evaluate("async () => !(await navigator.serviceWorker.getRegistration())")

    own_server.start()
    placement = wait_for(lambda: stored(card), timeout=15, message="not resent after reconnect")
    assert (placement.x, placement.y) == (0, pytest.approx(-0.1))
    status.wait_for(state="hidden")
    # Same participant after the reconnect: the token was kept.
    assert session.participants.count() == 1
    # The offline copy, due while the server was down, is made once it is back
    # (registering then would fail, and the browser would say so as an error).
    phone.wait_for_function(
        "async () => (await navigator.serviceWorker.ready).active !== null"
        " && !!(await (await caches.open('ak-phone-1')).match(location.href))"
    )
    phone.context.close()  # before its server stops: what it fetches then is not this test's


def test_opening_and_closing_the_session_moves_the_waiting_phone_along(new_page, session, alice):
    from workshop.models import Session

    Session.objects.filter(pk=session.pk).update(state=Session.State.DRAFT)
    phone = new_page(**PHONE)
    phone.goto(f"/j/{session.join_code}/")
    phone.get_by_text("Nog niet begonnen").first.wait_for()

    control = new_page(alice, viewport={"width": 1366, "height": 768})
    control.on("dialog", lambda dialog: dialog.accept())
    control.goto(f"/facilitator/sessions/{session.pk}/")
    control.get_by_role("button", name="Sessie openen").click()
    phone.get_by_role("button", name="Overslaan").wait_for()

    control.get_by_role("button", name="Sessie afsluiten").click()
    # The join link now shows the results page.
    phone.get_by_role("heading", name="Bedankt voor je deelname!").wait_for()
    assert Session.objects.get(pk=session.pk).state == Session.State.CLOSED


def test_a_finger_drags_a_card_by_its_number(new_page, session):
    card = open_cards(session)[1]
    phone = new_page(**PHONE)
    join_and_skip_role(phone, session)
    badge = phone.locator(f'.ak-chip[data-card="{card.pk}"] .ak-chip-num')
    badge.scroll_into_view_if_needed()
    box = badge.bounding_box()
    start = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    touch_drag(phone, start, grid_point(phone, "#ak-grid", -0.5, -0.5))

    placement = wait_for(lambda: stored(card), message="the placement was not stored")
    assert (placement.x, placement.y) == (
        pytest.approx(-0.5, abs=0.03),
        pytest.approx(-0.5, abs=0.03),
    )


def test_the_control_page_records_the_agreed_position_and_notes(new_page, session, alice):
    from workshop.models import Session

    card = open_cards(session)[0]
    control = new_page(alice, viewport={"width": 1366, "height": 768})
    control.goto(f"/facilitator/sessions/{session.pk}/")
    control.locator(f'.ak-card-pick[data-card="{card.pk}"]').click()
    control.locator("#ak-control-grid").scroll_into_view_if_needed()
    control.mouse.click(*grid_point(control, "#ak-control-grid", 0.5, -0.5))
    wait_for(lambda: Card.objects.get(pk=card.pk).agreed_position, message="agreed not stored")
    agreed = Card.objects.get(pk=card.pk).agreed_position
    assert agreed == (pytest.approx(0.5, abs=0.03), pytest.approx(-0.5, abs=0.03))
    control.locator("#ak-agreed-text", has_text="Individuele activering").wait_for()

    control.fill("#ak-notes", "Vervolg in de Vlinderbuurt")
    control.locator("#ak-notes").blur()
    wait_for(
        lambda: Session.objects.get(pk=session.pk).notes == "Vervolg in de Vlinderbuurt",
        message="notes not stored",
    )
    control.locator("#ak-notes-status", has_text="Opgeslagen").wait_for()


def test_views_that_change_no_chip_leave_the_chips_alone(new_page, session):
    """A screen reader should not hear the card list again each time the room moves."""
    card = open_cards(session)[0]
    Card.objects.filter(pk=card.pk).update(revealed=True)
    phone = new_page(**PHONE)
    join_and_skip_role(phone, session)
    phone.locator(f'.ak-chip[data-card="{card.pk}"]').click()
    phone.evaluate("window.markedChip = document.querySelector('.ak-chip')")

    # Another phone places the revealed card: this phone's result changes, its chips do not.
    other = new_page(**PHONE)
    join_and_skip_role(other, session)
    place_with_keys(other, card)
    wait_for(lambda: stored(card), message="the other phone's placement was not stored")
    phone.locator("#ak-detail-result", has_text="Maar één persoon zette deze kaart.").wait_for()

    assert phone.evaluate("window.markedChip === document.querySelector('.ak-chip')")

    # Placing the card itself changes its chip ("geplaatst"): then it is rebuilt.
    place_with_keys(phone, card, "ArrowRight")
    phone.locator(f'.ak-chip[data-card="{card.pk}"].ak-chip-placed').wait_for()
    assert not phone.evaluate("window.markedChip === document.querySelector('.ak-chip')")


def test_the_phone_says_a_revealed_card_in_the_projectors_words(new_page, alice):
    """Rooms built so the right words are known (tests/shapes.py): a phone that opens a
    revealed card reads the sentence the projector and the PDFs say (both camps with
    their counts, every tied quadrant, agreement on the middle), never the quadrant of
    the average, and sees the ring that holds two in three of the placements."""
    session = shapes.build(alice, state=Session.State.OPEN)
    session.cards.update(is_open=True, revealed=True)
    phone = new_page(**PHONE)
    join_and_skip_role(phone, session)
    for card in session.cards.order_by("position", "id"):
        said = shapes.ROOMS[card.title][1]
        phone.locator(f'.ak-chip[data-card="{card.pk}"]').click()
        phone.locator("#ak-detail-result", has_text=said[:20]).wait_for()
        assert phone.locator("#ak-detail-result").inner_text().startswith(said), card.title
        assert phone.locator("#ak-grid .ak-spread").count() == 1
