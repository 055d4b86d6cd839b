"""The browser client (static/js/live.js) in Chromium: offline and back, server gone and back.

The phone and the projector tell the user they are reconnecting, nothing the
phone did meanwhile is lost, and the projector catches up from a snapshot.
Hostile text from participants stays inert in the browser too.
"""

import time
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import PHONE, running_chromium
from tests.helpers import (
    session_cookie_for,
)
from workshop.models import Card, Participant, Placement

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.django_db(transaction=True)]

RECONNECTING = "Verbinding herstellen"


@pytest.fixture
def server(own_daphne):
    return own_daphne


@pytest.fixture
def browser(monkeypatch):
    with running_chromium(monkeypatch) as browser:
        yield browser


def open_page(browser, server, user=None, **options):
    context = browser.new_context(base_url=server.url, locale="nl-NL", **options)
    context.set_default_timeout(15000)
    if user is not None:
        name, value = session_cookie_for(user).split("=", 1)
        host = urlsplit(server.url).hostname
        context.add_cookies([{"name": name, "value": value, "domain": host, "path": "/"}])
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    return context, page


def wait_for(predicate, what: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.1)
    return value


def join(page, session):
    page.goto(f"/j/{session.join_code}/")
    page.get_by_role("button", name="Overslaan").click()
    page.locator(".ak-chip").first.wait_for()


def place_with_keyboard(page, card):
    chip = page.locator(f'.ak-chip[data-card="{card.pk}"]')
    chip.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")


def test_a_phone_that_goes_offline_shows_it_is_reconnecting_and_keeps_what_it_did(
    browser, server, session
):
    card = session.cards.filter(is_open=True).first()
    context, phone = open_page(browser, server, **PHONE)
    join(phone, session)
    status = phone.locator("#ak-status")

    context.set_offline(True)
    place_with_keyboard(phone, card)  # made while offline: waits in the client
    status.wait_for(state="visible")
    assert "Je telefoon is offline" in status.inner_text()
    assert not Placement.objects.filter(card=card).exists()

    context.set_offline(False)
    placement = wait_for(lambda: Placement.objects.filter(card=card).first(), "the queued move")
    assert (placement.x, placement.y) == (0, pytest.approx(-0.1))
    status.wait_for(state="hidden")
    assert Participant.objects.filter(session=session).count() == 1, "the same participant"


def test_the_projector_shows_it_is_reconnecting_and_catches_up_from_a_snapshot(
    browser, server, session, alice
):
    card = session.cards.filter(is_open=True).first()
    Card.objects.filter(pk=card.pk).update(revealed=True)
    _, projector = open_page(browser, server, alice, viewport={"width": 1280, "height": 720})
    projector.goto(f"/facilitator/sessions/{session.pk}/screen/")
    projector.locator("#ak-screen[data-ready]").wait_for()
    status = projector.locator("#ak-status")
    dots = projector.locator("#ak-screen-grid g.ak-dots circle")

    server.stop(kill=True)
    status.wait_for(state="visible")
    assert RECONNECTING in status.inner_text()
    # While the server is away, a placement arrives that no update will ever announce
    # (as from a paper sheet): only a fresh snapshot can show it.
    participant = Participant.objects.create(session=session)
    Placement.objects.create(participant=participant, card=card, x=0.5, y=-0.5)
    assert dots.count() == 0
    server.start()
    status.wait_for(state="hidden", timeout=25000)

    wait_for(lambda: dots.count() == 1, "the projector shows the dot from its new snapshot")
    assert projector.dialogs == []


def test_hostile_text_stays_inert_on_the_projector_the_control_page_and_the_phone(
    browser, server, session, alice
):
    payload = '<img src=x onerror="alert(1)">'
    card = session.cards.filter(is_open=True).first()
    Card.objects.filter(pk=card.pk).update(title=payload, description=payload, revealed=True)
    participant = Participant.objects.create(session=session)
    Placement.objects.create(participant=participant, card=card, x=0.5, y=0.5, comment=payload)
    session.notes = payload
    session.title = payload[:120]
    session.save()

    pages = []
    for path, user, options in [
        (f"/facilitator/sessions/{session.pk}/screen/", alice, {}),
        (f"/facilitator/sessions/{session.pk}/", alice, {}),
        (f"/j/{session.join_code}/", None, PHONE),
    ]:
        _, page = open_page(browser, server, user, **options)
        page.goto(path)
        page.get_by_text(payload).first.wait_for()  # shown, as text
        pages.append(page)

    for page in pages:
        assert page.locator("img[src='x']").count() == 0, page.url
        assert page.dialogs == [], page.url
