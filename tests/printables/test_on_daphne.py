"""PDFs from a real Daphne process: the worker starts under Daphne, and the
server keeps answering while a summary renders."""

import concurrent.futures
import time
import urllib.request

import pytest
from django.urls import reverse

from tests.helpers import session_cookie_for
from tests.printables.conftest import pdf_text
from workshop.models import Session

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def get(url: str, cookie: str = "") -> tuple[int, bytes, float]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.read(), time.perf_counter() - started


def test_daphne_serves_pdfs_and_stays_responsive_while_rendering(
    daphne_server, alice, busy_session
):
    cookie = session_cookie_for(alice)
    summary = daphne_server.url + reverse("printable", args=[busy_session.pk, "summary"])
    poster = daphne_server.url + reverse("printable", args=[busy_session.pk, "poster-a4"])
    page = daphne_server.url + reverse("join", args=[busy_session.join_code])
    get(poster, cookie)  # the first render also starts the worker process

    with concurrent.futures.ThreadPoolExecutor() as pool:
        rendering = pool.submit(get, summary, cookie)
        time.sleep(0.1)
        pages = [get(page) for _ in range(5)]  # a phone opening the join page meanwhile
        status, pdf, took = rendering.result()
    assert status == 200
    assert "Verslag van de sessie" in pdf_text(pdf)
    assert all(s == 200 for s, _, _ in pages)
    # Rendering in Django's shared sync thread would hold the page until the PDF is done.
    assert took > 0.5
    assert max(seconds for _, _, seconds in pages) < took / 2

    handout = daphne_server.url + reverse("public_handout", args=[busy_session.join_code])
    status, pdf, _ = get(handout)
    assert status == 200 and "Resultaten van deze sessie" in pdf_text(pdf)
    Session.objects.filter(pk=busy_session.pk).update(state=Session.State.OPEN)
    with pytest.raises(urllib.error.HTTPError) as refused:
        get(handout)
    assert refused.value.code == 404
