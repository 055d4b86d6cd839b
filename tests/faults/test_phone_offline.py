"""The phone never shows as saved what the server has not acknowledged.

Real Daphne, real Chromium: the browser set offline (Playwright), the server
frozen (SIGSTOP: the connection stays open but nothing answers, as on venue
wifi that stops passing traffic), a reload without a connection (the service
worker keeps the page), and what waited sent exactly once when it is back.
"""

import os
import signal
import time

import pytest

from tests.browser.conftest import PHONE, grid_point, touch_tap
from tests.browser.test_phone import shot
from tests.faults.test_browser_reconnect import browser, join, open_page, server, wait_for
from workshop.models import PlacementEvent

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.django_db(transaction=True)]
__all__ = ["browser", "server"]  # fixtures

NO_CONNECTION = "Geen verbinding"
OFFLINE = "Je telefoon is offline"


def banner_in_view(page) -> str:
    """The connection banner's words if it is on screen where the person scrolled, else ""."""
    return page.eval_on_selector(
        "#ak-status",
        """el => { if (el.hidden) return "";
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight && r.height > 0 ? el.innerText : ""; }""",
    )


def scrolled_down(page) -> None:
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    wait_for(lambda: page.evaluate("window.scrollY") > 100, "the page scrolled down")


def chip_status(page, card) -> str:
    return page.locator(f'.ak-chip[data-card="{card.pk}"] .ak-chip-status').inner_text()


def kept_for_offline(page) -> bool:
    """The service worker runs this page and has kept the page itself."""
    return page.evaluate(
        """async () => Boolean(navigator.serviceWorker.controller)
        && Boolean(await (await caches.open("ak-phone-1")).match(location.href, {ignoreVary: true}))"""
    )


def test_a_quiet_phone_sees_within_3_s_that_the_server_stopped_answering(browser, server, session):
    _, phone = open_page(browser, server, **PHONE)
    join(phone, session)
    scrolled_down(phone)
    wait_for(lambda: phone.locator("#ak-status").is_hidden(), "connected")
    phone.wait_for_timeout(2500)  # idle: nothing to send, nothing coming

    os.kill(server.proc.pid, signal.SIGSTOP)  # the socket stays open; nothing answers
    try:
        frozen = time.monotonic()
        wait_for(lambda: NO_CONNECTION in banner_in_view(phone), "the banner", timeout=6)
        noticed = time.monotonic() - frozen
    finally:
        os.kill(server.proc.pid, signal.SIGCONT)
    assert noticed <= 3.0, f"noticed after {noticed:.1f} s"
    wait_for(lambda: phone.locator("#ak-status").is_hidden(), "connected again")


def test_offline_a_placement_is_sent_not_saved_survives_a_reload_and_arrives_once(
    browser, server, session
):
    card = session.cards.filter(is_open=True).order_by("position", "id").first()
    context, phone = open_page(browser, server, **PHONE)
    join(phone, session)
    wait_for(lambda: kept_for_offline(phone), "the service worker kept the page")

    scrolled_down(phone)
    context.set_offline(True)
    went = time.monotonic()
    wait_for(lambda: OFFLINE in banner_in_view(phone), "the offline banner", timeout=3)
    assert time.monotonic() - went <= 3.0

    phone.evaluate("window.scrollTo(0, 0)")
    touch_tap(phone, grid_point(phone, "#ak-grid", 0.4, 0.4))
    wait_for(lambda: chip_status(phone, card).startswith("wordt verstuurd"), "the waiting look")
    assert "geplaatst" not in chip_status(phone, card)
    assert phone.locator("#ak-grid .ak-dot-sending").count() == 1
    shot(phone, "12-offline-waiting")

    # A reload without a connection: the page, its state, and what waits.
    phone.reload()
    wait_for(lambda: OFFLINE in banner_in_view(phone), "the offline banner after the reload")
    wait_for(lambda: chip_status(phone, card).startswith("wordt verstuurd"), "still waiting")
    assert not PlacementEvent.objects.filter(card=card).exists()
    shot(phone, "13-offline-after-reload")

    context.set_offline(False)
    wait_for(lambda: chip_status(phone, card).startswith("geplaatst"), "placed once it is back")
    wait_for(lambda: phone.locator("#ak-status").is_hidden(), "connected again")
    events = list(PlacementEvent.objects.filter(card=card).values_list("x", "y"))
    assert events == [(pytest.approx(0.4, abs=0.04), pytest.approx(0.4, abs=0.04))]
    # Once: a later reload online sends nothing again.
    phone.reload()
    phone.locator(".ak-chip").first.wait_for()
    wait_for(lambda: chip_status(phone, card).startswith("geplaatst"), "placed after reload")
    assert PlacementEvent.objects.filter(card=card).count() == 1
