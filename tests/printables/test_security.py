"""User text is text, and rendering never reaches out to the network."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings

from printables import materials
from printables.render import LocalFetcher, RefusedFetch, RenderRefused, html_to_pdf, is_local
from tests.printables.conftest import data_of, fill, pdf_pages, pdf_text
from workshop.models import Placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def trap():
    """A local HTTP server that counts every request it gets."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_html_in_titles_and_comments_is_printed_as_text(session, trap):
    url, hits = trap
    fill(session, 3, comment_every=1)
    card = session.cards.first()
    card.title = f"<b>Vet</b> <img src={url}/title.png>"
    card.description = f'<link rel="stylesheet" href="{url}/x.css"><script>alert(1)</script>'
    card.save()
    Placement.objects.filter(card=card).update(comment=f"<img src={url}/comment.png> & <i>hoi</i>")
    session.title = "<h1>Sessie</h1>"
    session.notes = f'<style>@import "{url}/notes.css";</style>'
    session.save()
    data = data_of(session)
    for material in materials.MATERIALS:
        # Lines may break at any space (the cut-out cards set the title in the
        # largest type that fits): compared with the spaces and breaks as one.
        text = " ".join(pdf_text(materials.render(data, material.name)).split())
        assert "<h1>Sessie</h1>" in text, material.name
        if material.name in ("cards", "worksheet", "handout", "summary"):
            assert "<b>Vet</b> <img src=" in text, material.name
    summary = pdf_text(materials.render(data, "summary"))
    assert "<script>alert(1)</script>" in summary
    assert "<i>hoi</i>" in summary
    assert "@import" in summary
    assert hits == []


def test_an_img_tag_that_reaches_the_renderer_is_refused_not_fetched(trap):
    url, hits = trap
    with pytest.raises(RenderRefused):
        html_to_pdf(f'<p>hoi</p><img src="{url}/tracker.png">')
    assert hits == []


def test_a_remote_stylesheet_given_to_the_renderer_is_refused(trap):
    url, hits = trap
    with pytest.raises(RenderRefused):
        html_to_pdf("<p>hoi</p>", stylesheets=[f"{url}/evil.css"])
    with pytest.raises(RenderRefused):
        html_to_pdf(f'<link rel="stylesheet" href="{url}/evil.css"><p>hoi</p>')
    assert hits == []


def test_css_urls_are_refused_too(trap):
    url, hits = trap
    with pytest.raises(RenderRefused):
        html_to_pdf(f'<style>@import url("{url}/a.css");</style><p>hoi</p>')
    with pytest.raises(RenderRefused):
        html_to_pdf(f'<p style="background: url({url}/b.png)">hoi</p>')
    assert hits == []


def test_fetcher_allows_data_uris_and_static_files_only():
    assert is_local("data:text/plain,hoi")
    assert is_local((settings.BASE_DIR / "static" / "printables" / "print.css").as_uri())
    assert not is_local((settings.BASE_DIR / "workshop" / "settings.py").as_uri())
    assert not is_local((settings.BASE_DIR / "static" / ".." / "workshop" / "settings.py").as_uri())
    assert not is_local("file:///etc/passwd")
    assert not is_local("file://example.com/etc/passwd")
    assert not is_local("http://localhost/static/printables/print.css")
    assert not is_local("https://example.com/x.css")
    assert not is_local("ftp://example.com/x.css")
    with pytest.raises(RefusedFetch):
        LocalFetcher().fetch("file:///etc/passwd")


def test_presentational_hints_stay_off():
    # With hints on, the height attribute would push the second paragraph two pages on.
    pdf = html_to_pdf('<table><tr><td height="3000">a</td></tr></table><p>b</p>')
    assert pdf_pages(pdf) == 1


def test_bidi_overrides_typed_in_user_text_are_not_printed(session):
    """A right-to-left override (U+202E) in a title or comment would print words
    in another order than typed; the PDF drops it, and keeps the isolates the
    project sets itself."""
    fill(session, 3, comment_every=1)
    card = session.cards.first()
    card.title = "Buurt\u202ekunst"
    card.save()
    Placement.objects.filter(card=card).update(comment="Samen \u202edoen\u202c goed")
    data = data_of(session)
    for name in ("cards", "summary"):
        text = pdf_text(materials.render(data, name))
        assert "\u202e" not in text and "\u202c" not in text, name
        assert "Buurtkunst" in text, name
    assert "Samen doen goed" in " ".join(pdf_text(materials.render(data, "summary")).split())
