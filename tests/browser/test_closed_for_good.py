"""The browser client stops reconnecting on 4403/4404 and says what happened.

A Daphne of each test's own, so it can be stopped and started again: the
pages reconnect to it the way they do after a venue's wifi drop, and find
their login or their session gone.
"""

import time

import pytest
from django.contrib.sessions.models import Session as LoginSession

from tests.browser.conftest import PHONE, pages_on
from workshop.models import Session

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server(own_daphne):
    return own_daphne


@pytest.fixture
def open_page(chromium, server, js_errors):
    with pages_on(chromium, server, js_errors, timeout_ms=15000) as make:

        def open_watched(user=None, **options):
            page = make(user, **options)
            page.sockets = []
            page.on("websocket", lambda ws: page.sockets.append(ws.url))
            return page

        yield open_watched


def wait_for(page, predicate, what: str, timeout: float = 25.0):
    """Poll through Playwright, which delivers the page's events while it waits."""
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        assert time.monotonic() < deadline, f"not within {timeout:.0f} s: {what}"
        page.wait_for_timeout(100)
    return value


def stays_closed(page, seconds: float = 4.0) -> None:
    """No new socket for longer than the client's first backoff steps."""
    before = len(page.sockets)
    page.wait_for_timeout(seconds * 1000)
    assert len(page.sockets) == before, f"reconnected after a final close: {page.sockets}"


@pytest.mark.parametrize("kind", ["screen", "control"])
def test_after_a_logout_the_projector_and_control_page_stop_and_ask_for_a_new_login(
    kind, server, open_page, session, alice
):
    page = open_page(alice, viewport={"width": 1366, "height": 768})
    path = f"/facilitator/sessions/{session.pk}/" + ("screen/" if kind == "screen" else "")
    page.goto(path)
    wait_for(page, lambda: len(page.sockets) == 1, "the page's socket")
    status = page.locator("#ak-status")
    status.wait_for(state="hidden")

    server.stop(kill=True)
    LoginSession.objects.all().delete()  # logged out (or the login expired) meanwhile
    status.wait_for(state="visible")
    server.start()

    wait_for(page, lambda: "Log opnieuw in als begeleider" in status.inner_text(), "the message")
    assert status.is_visible()
    stays_closed(page)
    page.screenshot(path=str(server.log_path.parent / f"closed-4403-{kind}.png"))


def test_a_phone_whose_session_was_deleted_stops_and_says_so(server, open_page, session):
    page = open_page(**PHONE)
    page.goto(f"/j/{session.join_code}/")
    page.get_by_role("button", name="Overslaan").click()
    page.locator(".ak-chip").first.wait_for()

    server.stop(kill=True)
    Session.objects.filter(pk=session.pk).delete()
    server.start()

    gone = page.locator("#ak-step-gone")
    gone.wait_for(state="visible", timeout=25000)
    assert "Deze sessie bestaat niet" in gone.inner_text()
    assert page.get_by_role("link", name="Typ een andere code").is_visible()
    stays_closed(page)


def test_a_projector_whose_session_was_deleted_stops_and_says_so(server, open_page, session, alice):
    page = open_page(alice, viewport={"width": 1366, "height": 768})
    page.goto(f"/facilitator/sessions/{session.pk}/screen/")
    wait_for(page, lambda: len(page.sockets) == 1, "the page's socket")

    server.stop(kill=True)
    Session.objects.filter(pk=session.pk).delete()
    server.start()

    status = page.locator("#ak-status")
    wait_for(page, lambda: "Deze sessie bestaat niet (meer)" in status.inner_text(), "the message")
    stays_closed(page)
    page.screenshot(path=str(server.log_path.parent / "closed-4404-screen.png"))
