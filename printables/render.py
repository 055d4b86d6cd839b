"""HTML to PDF with WeasyPrint, locked down, and off the event loop.

Three things hold for every PDF:

- Nothing is fetched from the network. `LocalFetcher` serves data: URIs,
  files under the static directories and the PDFs' own faces (made from the
  font packages into FONT_DIR, printables/fonts.py), and refuses
  everything else, so a card title holding `<img src=http://…>` (escaped by
  the templates anyway) or a stray stylesheet URL cannot make the server call
  out.
- The cyclic garbage collector waits until a render is done
  (`collector_paused`): cheaper, same peak memory.
- A character that no installed font has (the project's faces, then whatever
  fontconfig finds) prints as an empty box; each render names such characters
  in one warning of the "printables.render" log (`missing_glyphs_reported`),
  never silently.
- Rendering never runs on the live server's event loop or in Django's one
  shared sync thread (the websocket consumers use it for the database): the
  async views hand the work to a separate process with `arender`.
"""

import asyncio
import atexit
import gc
import logging
import os
import threading
import unicodedata
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from printables.fonts import face_css, printable_html


class RefusedFetch(FatalURLFetchingError):
    """A PDF asked for something that is not local; rendering stops (fatal, so
    WeasyPrint does not just log it and carry on)."""


class RenderRefused(ValueError):
    """What `html_to_pdf` raises for a RefusedFetch: an ordinary exception, as
    Django and the worker pool expect (RefusedFetch is a BaseException)."""


def local_roots() -> list[Path]:
    """The static dirs, and the dir of the PDFs' faces (printables/fonts.py)."""
    roots = [Path(d).resolve() for d in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    roots.append(Path(settings.FONT_DIR).resolve())
    return roots


def is_local(url: str) -> bool:
    """A data: URI, or an existing file under one of `local_roots`."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return True
    if scheme == "file" and parts.netloc in ("", "localhost"):
        path = Path(unquote(parts.path)).resolve()  # resolves ../ and symlinks
        return path.is_file() and any(path.is_relative_to(root) for root in local_roots())
    return False


class LocalFetcher(URLFetcher):
    """WeasyPrint url_fetcher that refuses everything `is_local` does not allow."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)

    def fetch(self, url: str, headers=None):
        if not is_local(url):
            raise RefusedFetch(f"refused to fetch {url[:100]!r}: printables use local files only")
        return super().fetch(url, headers)


def base_url() -> str:
    """Relative URLs in the print templates resolve against the static dir."""
    return Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"


_thread = threading.local()


def font_config() -> FontConfiguration:
    """This thread's WeasyPrint font configuration, kept from PDF to PDF.

    WeasyPrint copies every @font-face file into a temp folder of its
    FontConfiguration and has fontconfig scan it; a kept one does that once,
    not for every PDF (0.03 s a PDF), and Pango's font caches stay warm. One
    per thread: Pango is not thread-safe. The folder goes when the process ends.
    """
    config = getattr(_thread, "fonts", None)
    if config is None:
        config = _thread.fonts = FontConfiguration()
        atexit.register(config.__del__)  # its __del__ removes the folder; at exit too
    return config


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block; after it, one collection
    of the objects it made (unless the collector was off already: then that is
    left to whoever turned it off).

    WeasyPrint's boxes point at their parents, so a PDF leaves its whole box
    tree as cyclic garbage (some 90 000 objects for a big summary), and while
    the tree grows Python's collector walks it again and again. With the
    collector off they all stay in the youngest generation, so collecting just
    that one frees them without walking the rest of the process. A big summary
    renders a tenth faster, a small PDF as fast, peak memory the same
    (docs/performance.md, `python bench/pdf_summary.py`).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect(0)  # the youngest generation: everything made inside


log = logging.getLogger("printables.render")


class MissingGlyphs(logging.Filter):
    """Takes WeasyPrint's warning for each glyph no font has, of this thread's
    render, off its log (a Chinese comment would write hundreds) and counts them."""

    def __init__(self) -> None:
        super().__init__()
        self.thread = threading.get_ident()
        self.found: Counter[str] = Counter()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.thread == self.thread and str(record.msg).startswith(".notdef glyph"):
            self.found[str(record.args[0])] += 1
            return False
        return True


@contextmanager
def missing_glyphs_reported(label: str) -> Iterator[None]:
    """One warning on the "printables.render" log naming every character of the
    render that printed as an empty box, and how often."""
    missing, weasyprint_log = MissingGlyphs(), logging.getLogger("weasyprint")
    weasyprint_log.addFilter(missing)
    try:
        yield
    finally:
        weasyprint_log.removeFilter(missing)
    if missing.found:
        named = ", ".join(
            f"{char} U+{ord(char):04X} {unicodedata.name(char, 'unnamed')} ({n}×)"
            for char, n in missing.found.most_common()
        )
        log.warning(
            "%s: no installed font has %d character(s), printed as empty boxes: %s",
            label or "PDF", len(missing.found), named,
        )  # fmt: skip


def html_to_pdf(
    html: str,
    *,
    stylesheets: list[str] | None = None,
    cache: dict | None = None,
    label: str = "",
    accept: Callable[[Document], bool] | None = None,
) -> bytes | None:
    """Render one HTML document; `stylesheets` are URLs or paths, fetched locally.
    `label` names the document in the log (a character no font has). With
    `accept`, None when it refuses the laid-out document (and no PDF is
    written: the layout is most of the work, the caller tries again changed).

    A stylesheet passed here goes through `LocalFetcher` too (WeasyPrint 70
    closed the hole where it did not); the tests check that a remote one is
    refused.
    """
    html = printable_html(html)  # emoji as text where no font prints them
    fetcher = LocalFetcher()
    fonts = font_config()  # the @font-face rules land here
    with collector_paused(), missing_glyphs_reported(label):
        try:
            css = [CSS(string=face_css(), url_fetcher=fetcher, font_config=fonts)] + [
                CSS(url=s, url_fetcher=fetcher, base_url=base_url(), font_config=fonts)
                for s in stylesheets or ()
            ]
            document = HTML(string=html, base_url=base_url(), url_fetcher=fetcher)
            # presentational_hints stays off: HTML attributes in user text must not style the page.
            # Tagged PDF/UA: a structure tree with the charts' alternative texts, the
            # document's language and title, for screen readers.
            return _write(document, css, fonts, {} if cache is None else cache, accept)
        except RefusedFetch as refused:
            raise RenderRefused(str(refused)) from None


def _write(document: HTML, css: list, fonts, cache: dict, accept: Callable | None):
    """Lay out and write, in a frame of its own: the laid-out document (the box
    tree) is garbage once this returns, before `collector_paused` collects."""
    laid_out = document.render(
        stylesheets=css, font_config=fonts, cache=cache, pdf_variant="pdf/ua-1"
    )
    if accept is not None and not accept(laid_out):
        return None
    return laid_out.write_pdf(pdf_variant="pdf/ua-1")


# The worker process -------------------------------------------------------

_executor: ProcessPoolExecutor | None = None


def _init_worker(settings_module: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


def executor() -> ProcessPoolExecutor:
    """One long-lived worker process: PDFs queue instead of eating the server's CPU.

    "spawn" rather than fork: forking a process that runs an event loop and
    threads can copy held locks into the child. The worker is replaced after
    100 renders, so whatever a render leaves behind does not pile up.
    """
    global _executor
    if _executor is None:
        _executor = ProcessPoolExecutor(
            max_workers=settings.PRINTABLES_WORKERS,
            max_tasks_per_child=100,
            mp_context=get_context("spawn"),
            initializer=_init_worker,
            initargs=(os.environ.get("DJANGO_SETTINGS_MODULE", "workshop.settings"),),
        )
    return _executor


async def arender(function: Callable, *args) -> bytes:
    """Run `function(*args)` (picklable, module-level) in the worker process.

    A worker that died (killed, out of memory) is replaced and the call tried
    once more. Raises TimeoutError after PRINTABLES_TIMEOUT seconds, queueing
    included.
    """
    global _executor
    timeout = settings.PRINTABLES_TIMEOUT

    async def run() -> bytes:
        job = asyncio.get_running_loop().run_in_executor(executor(), function, *args)
        return await asyncio.wait_for(job, timeout)

    try:
        return await run()
    except BrokenProcessPool:
        _executor = None
        return await run()


# One render per key --------------------------------------------------------

_in_flight: dict[str, asyncio.Future] = {}


async def once(key: str, make: Callable[[], Awaitable[bytes]]) -> bytes:
    """Await `make()`, unless a call with the same key is already running: then
    wait for its result. When a session closes, every phone in the room may
    ask for the handout at once; they share one render."""
    running = _in_flight.get(key)
    if running is not None:
        return await asyncio.shield(running)
    future = asyncio.get_running_loop().create_future()
    _in_flight[key] = future
    try:
        result = await make()
    except BaseException as error:
        future.set_exception(error)
        future.exception()  # retrieved: no "never retrieved" warning when nobody waits
        raise
    else:
        future.set_result(result)
        return result
    finally:
        del _in_flight[key]
