"""HTML to PDF with WeasyPrint, locked down, and off the event loop.

Two rules hold for every PDF:

- Nothing is fetched from the network. `LocalFetcher` serves data: URIs and
  the site's own static files and refuses everything else, so a card title
  holding `<img src=http://…>` (escaped by the templates anyway) or a stray
  stylesheet URL cannot make the server call out. The static files include
  the fonts under static/fonts/ (STATICFILES_DIRS entries with a prefix, which
  point into the font packages): print.css loads them with @font-face.
- Rendering never runs on the live server's event loop or in Django's one
  shared sync thread (the websocket consumers use it for the database): the
  async views hand the work to a separate process with `arender`.
"""

import asyncio
import os
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from printables.fonts import printable_html


class RefusedFetch(FatalURLFetchingError):
    """A PDF asked for something that is not local; rendering stops (fatal, so
    WeasyPrint does not just log it and carry on)."""


class RenderRefused(ValueError):
    """What `html_to_pdf` raises for a RefusedFetch: an ordinary exception, as
    Django and the worker pool expect (RefusedFetch is a BaseException)."""


def static_dirs() -> list[tuple[str, Path]]:
    """(prefix, directory) of every static dir, as Django's staticfiles finder
    reads STATICFILES_DIRS: "" for a plain entry, "fonts/noto-sans" for a
    ("fonts/noto-sans", dir) one. STATIC_ROOT comes last, without a prefix."""
    dirs = []
    for entry in settings.STATICFILES_DIRS:
        prefix, directory = entry if isinstance(entry, tuple) else ("", entry)
        dirs.append((prefix.strip("/"), Path(directory).resolve()))
    if settings.STATIC_ROOT:
        dirs.append(("", Path(settings.STATIC_ROOT).resolve()))
    return dirs


def static_roots() -> list[Path]:
    return [directory for _, directory in static_dirs()]


def local_file(url: str) -> Path | None:
    """The file a file: URL stands for, if it is one of the site's static files.

    A file under a static dir is one. So is a path under a plain static dir
    that a prefixed entry serves: print.css (in static/printables/) asks for
    `../fonts/noto-sans/NotoSans[wdth,wght].ttf`, which is
    static/fonts/noto-sans/… as the site serves it, and the file in the font
    package's dir on disk. Anything else is None.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()  # resolves ../ and symlinks
    dirs = static_dirs()
    candidates = [path]
    for root in (directory for prefix, directory in dirs if not prefix):
        if path.is_relative_to(root):
            name = path.relative_to(root).as_posix()
            candidates += [
                (directory / name.removeprefix(prefix + "/")).resolve()
                for prefix, directory in dirs
                if prefix and name.startswith(prefix + "/")
            ]
    roots = [directory for _, directory in dirs]
    for candidate in candidates:
        if candidate.is_file() and any(candidate.is_relative_to(root) for root in roots):
            return candidate
    return None


def is_local(url: str) -> bool:
    """A data: URI, or one of the site's static files (`local_file`)."""
    return urlsplit(url).scheme.lower() == "data" or local_file(url) is not None


class LocalFetcher(URLFetcher):
    """WeasyPrint url_fetcher that refuses everything `is_local` does not allow."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)

    def fetch(self, url: str, headers=None):
        if urlsplit(url).scheme.lower() == "data":
            return super().fetch(url, headers)
        path = local_file(url)
        if path is None:
            raise RefusedFetch(f"refused to fetch {url[:100]!r}: printables use local files only")
        return super().fetch(path.as_uri(), headers)


def base_url() -> str:
    """Relative URLs in the print templates resolve against the static dir."""
    return Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"


def html_to_pdf(
    html: str, *, stylesheets: list[str] | None = None, cache: dict | None = None
) -> bytes:
    """Render one HTML document; `stylesheets` are URLs or paths, fetched locally.

    A stylesheet passed here goes through `LocalFetcher` too (WeasyPrint 70
    closed the hole where it did not); the tests check that a remote one is
    refused.
    """
    html = printable_html(html)  # emoji as text where no font prints them
    fetcher = LocalFetcher()
    fonts = FontConfiguration()  # print.css's @font-face rules land here
    try:
        css = [
            CSS(url=s, url_fetcher=fetcher, base_url=base_url(), font_config=fonts)
            for s in stylesheets or ()
        ]
        document = HTML(string=html, base_url=base_url(), url_fetcher=fetcher)
        # presentational_hints stays off: HTML attributes in user text must not style the page.
        # Tagged PDF/UA: a structure tree with the charts' alternative texts, the
        # document's language and title, for screen readers.
        return document.write_pdf(
            stylesheets=css,
            font_config=fonts,
            cache={} if cache is None else cache,
            pdf_variant="pdf/ua-1",
        )
    except RefusedFetch as refused:
        raise RenderRefused(str(refused)) from None


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
