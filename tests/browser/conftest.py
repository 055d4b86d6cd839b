"""Playwright with Debian's Chromium against the real Daphne of tests/conftest.py.

Never `playwright install`: the browser is /usr/bin/chromium.
"""

import gc
import os
import signal
import threading
import time
import traceback
import warnings
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.helpers import require, session_cookie_for

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True}


# A Playwright call without a timeout of its own (closing a context, evaluate, a
# DevTools command) waits for Chromium forever; a full run hung in one now and
# then (three times in two sessions, always closing test_phone's contexts).
# The watchdog kills Chromium instead: the call then fails at once, and the run
# goes on, rather than waiting for pytest-timeout to end all of it.
KILLED = threading.Event()  # set when a watchdog killed this test's browser
TEST_LIMIT = 240  # seconds a browser test may take (the slowest takes well under a minute)
CLOSE_LIMIT = 30  # seconds closing a context or the browser may take


def browser_processes(names: frozenset[str]) -> list[int]:
    """Processes this test process started whose program is one of `names`:
    Chromium, and Playwright's driver (node)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile
        children.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [], [os.getpid()]
    while todo:
        for pid in children.get(todo.pop(), []):
            todo.append(pid)
            try:
                if os.path.basename(os.readlink(f"/proc/{pid}/exe")) in names:
                    found.append(pid)
            except OSError:
                continue
    return found


@contextmanager
def watchdog(seconds: float, doing: str, kill_driver: bool = False):
    """Kill this test's Chromium (and Playwright's driver, with `kill_driver`) if
    the block takes longer than `seconds`; warn if it did."""
    fired = threading.Event()
    waiting_in: list[str] = []

    def kill() -> None:
        fired.set()
        KILLED.set()
        waiting_in.extend(lines_waiting())
        for pid in browser_processes(
            frozenset({"chromium", "node"} if kill_driver else {"chromium"})
        ):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    timer = threading.Timer(seconds, kill)
    timer.daemon = True
    timer.start()
    try:
        yield fired
    finally:
        timer.cancel()
        if fired.is_set():
            where = f", waiting in {' < '.join(waiting_in)}" if waiting_in else ""
            warnings.warn(f"Chromium killed: {doing} took over {seconds} s{where}", stacklevel=3)


def lines_waiting() -> list[str]:
    """The test-code lines a paused Playwright call waits in, innermost first.

    Playwright's sync API parks the test in a greenlet, whose frames no thread
    dump shows; the greenlets are found among the live objects.
    """
    here = str(Path(__file__).resolve().parent.parent)
    lines = []
    for thing in gc.get_objects():
        if type(thing).__name__ != "greenlet" or getattr(thing, "gr_frame", None) is None:
            continue
        for frame in traceback.extract_stack(thing.gr_frame)[::-1]:
            if frame.filename.startswith(here):
                lines.append(f"{Path(frame.filename).name}:{frame.lineno} {frame.line}")
    return lines[:4]


@contextmanager
def running_chromium(monkeypatch):
    """A headless Debian Chromium, watched: see `watchdog`.

    Playwright's sync API keeps an event loop in this thread, which makes
    Django refuse ORM calls from the test body; the test's own ORM calls are
    plain sync code, so allow them for this test only (not suite-wide).
    """
    require(os.path.exists(CHROMIUM), "Debian's chromium is not installed (/usr/bin/chromium)")
    from playwright.sync_api import Error, sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    KILLED.clear()
    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    with watchdog(TEST_LIMIT, "the test"):
        yield browser
    # Stopping the driver waits for it too: past the limit, it goes with Chromium.
    with watchdog(CLOSE_LIMIT, "closing the browser", kill_driver=True):
        try:
            browser.close()
        except Error:
            if not KILLED.is_set():
                raise
        finally:
            pw.stop()


def close_quietly(context) -> None:
    """Close a browser context; if Chromium hangs on it, kill Chromium (with a warning)."""
    from playwright.sync_api import Error

    if KILLED.is_set():
        return  # nothing is left to close
    pages = ", ".join(page.url for page in context.pages)  # known here, no round trip
    with watchdog(CLOSE_LIMIT, f"closing a browser context ({pages})"):
        try:
            context.close()
        except Error:
            if not KILLED.is_set():
                raise


@pytest.fixture
def chromium(daphne_server, monkeypatch):
    """A headless Chromium for one test."""
    with running_chromium(monkeypatch) as browser:
        yield browser


class PageErrors(list):
    """JavaScript errors of a page; a test fails if any were thrown.

    A refused websocket connection is logged by the browser, not thrown: that
    is the reconnect path working, not an error.
    """

    def watch(self, page):
        page.on("pageerror", lambda exc: self.append(str(exc)))
        page.on("console", self.console)
        return page

    def console(self, msg):
        if msg.type == "error" and not msg.text.startswith("WebSocket connection to"):
            self.append(msg.text)


@pytest.fixture
def js_errors():
    errors = PageErrors()
    yield errors
    assert not errors, f"JavaScript errors: {errors}"


@contextmanager
def pages_on(chromium, server, js_errors, timeout_ms: int = 10000):
    """make(user=None, **context_options): pages of `server` on fresh browser contexts,
    logged in as `user` if given; every context is closed afterwards."""
    contexts = []

    def make(user=None, **options):
        options.setdefault("locale", "nl-NL")  # the browser's Accept-Language picks the page's
        context = chromium.new_context(base_url=server.url, **options)
        contexts.append(context)
        if user is not None:
            name, value = session_cookie_for(user).split("=", 1)
            host = urlsplit(server.url).hostname
            context.add_cookies([{"name": name, "value": value, "domain": host, "path": "/"}])
        context.set_default_timeout(timeout_ms)
        return js_errors.watch(context.new_page())

    try:
        yield make
    finally:
        for context in contexts:
            close_quietly(context)


@pytest.fixture
def new_page(chromium, daphne_server, js_errors):
    """new_page(user=None, **context_options): a page on a fresh browser context."""
    with pages_on(chromium, daphne_server, js_errors) as make:
        yield make


def wait_for(predicate, timeout: float = 10.0, message: str = "condition not met in time"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.05)


def grid_point(page, selector: str, x: float, y: float) -> tuple[float, float]:
    """Client pixel coordinates of data point (x, y) on the grid SVG `selector`."""
    return page.eval_on_selector(
        selector,
        """(svg, [x, y]) => {
            const x0 = Number(svg.dataset.plotX0), y0 = Number(svg.dataset.plotY0);
            const size = Number(svg.dataset.plotSize);
            const p = new DOMPoint(x0 + (x + 1) / 2 * size, y0 + (1 - (y + 1) / 2) * size)
                .matrixTransform(svg.getScreenCTM());
            return [p.x, p.y];
        }""",
        [x, y],
    )


def join_and_skip_role(page, session):
    """A phone joins the session and skips the role question."""
    page.goto(f"/j/{session.join_code}/")
    page.get_by_role("button", name="Overslaan").click()
    page.locator(".ak-chip").first.wait_for()


def place_with_keys(page, card, arrow: str = "ArrowLeft"):
    """Place `card` from its chip by keyboard: choose it, move the cursor once, Enter."""
    chip = page.locator(f'.ak-chip[data-card="{card.pk}"]')
    chip.click()
    chip.focus()
    page.keyboard.press(arrow)
    page.keyboard.press("Enter")


def touch_drag(page, start, end, steps: int = 12, hold: float = 0.3):
    """A real finger drag (touch events through the DevTools protocol, touch-action honoured).

    The finger rests `hold` seconds on the spot first, as a person picking a card up does;
    a quick swipe (hold=0) up or down scrolls the page instead.
    """
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Input.dispatchTouchEvent",
        {"type": "touchStart", "touchPoints": [dict(x=start[0], y=start[1])]},
    )
    if hold:
        page.wait_for_timeout(hold * 1000)
    for i in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * i / steps
        y = start[1] + (end[1] - start[1]) * i / steps
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [dict(x=x, y=y)]})
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def touch_tap(page, point):
    """One finger tap at `point` (client pixels)."""
    cdp = page.context.new_cdp_session(page)
    for kind, points in (("touchStart", [dict(x=point[0], y=point[1])]), ("touchEnd", [])):
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
    cdp.detach()
