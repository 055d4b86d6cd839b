"""The browser tests' watchdog: a Playwright call that would wait for Chromium
forever fails instead, and the rest of the run goes on (see conftest.watchdog)."""

import time

import pytest

from tests.browser.conftest import watchdog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_call_that_would_wait_forever_fails_when_the_watchdog_kills_chromium(new_page):
    from playwright.sync_api import Error

    page = new_page()
    page.set_content("<p>Een pagina</p>")
    started = time.monotonic()
    with pytest.warns(UserWarning, match="Chromium killed: a promise that never settles") as said:
        with watchdog(2, "a promise that never settles"):
            with pytest.raises(Error):
                page.evaluate("new Promise(() => {})")  # evaluate has no timeout of its own
    assert time.monotonic() - started < 20
    assert "test_watchdog.py" in str(said[0].message), "the warning names the line that waited"
    assert not page.context.browser.is_connected()


def test_the_watchdog_leaves_a_call_that_ends_in_time_alone(new_page):
    page = new_page()
    page.set_content("<p>Een pagina</p>")
    with watchdog(20, "a quick call") as fired:
        assert page.evaluate("1 + 1") == 2
    assert not fired.is_set()
    assert page.context.browser.is_connected()


def test_when_the_driver_goes_too_the_call_fails_and_the_browser_closes_cleanly(new_page):
    from playwright.sync_api import Error

    page = new_page()
    page.set_content("<p>Een pagina</p>")
    with pytest.warns(UserWarning, match="Chromium killed"):
        with watchdog(2, "a promise that never settles", kill_driver=True):
            with pytest.raises(Error):
                page.evaluate("new Promise(() => {})")
