"""Downloads: facilitators get every material, anyone with the join link gets
the handout once the session is closed, and rendering leaves the event loop free."""

import asyncio
import time

import pytest
from asgiref.sync import sync_to_async
from django.urls import reverse

from printables import materials
from printables.data import snapshot
from printables.render import arender
from tests.printables.conftest import pdf_text
from workshop.models import Placement, Session

pytestmark = pytest.mark.django_db


def url(session, name="summary"):
    return reverse("printable", args=[session.pk, name])


def test_facilitator_downloads_a_pdf(client, alice, busy_session):
    client.force_login(alice)
    response = client.get(url(busy_session, "poster-a4"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert busy_session.join_code.lower() in response["Content-Disposition"]
    assert "Kunst in de wijk" in pdf_text(response.content)


def test_anonymous_visitor_is_sent_to_login(client, busy_session):
    response = client.get(url(busy_session))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_other_facilitator_is_refused(client, bob, charlie, busy_session):
    for user in (bob, charlie):
        client.force_login(user)
        assert client.get(url(busy_session)).status_code == 403


def test_unknown_material_is_404(client, alice, busy_session):
    client.force_login(alice)
    assert client.get(url(busy_session, "nonsense")).status_code == 404


def test_handout_link_works_only_when_closed(client, session):
    handout = reverse("public_handout", args=[session.join_code])
    assert client.get(handout).status_code == 404  # open
    session.state = Session.State.CLOSED
    session.save()
    response = client.get(handout)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Kunst in de wijk" in pdf_text(response.content)
    # A code typed in lower case with a dash still finds it.
    code = session.join_code.lower()
    assert (
        client.get(reverse("public_handout", args=[code[:3] + "-" + code[3:]])).status_code == 200
    )


def test_public_handout_is_the_only_public_material():
    assert [m.name for m in materials.MATERIALS if m.public] == ["handout"]


def test_handout_link_hides_hidden_comments(client, busy_session):
    Placement.objects.filter(card__session=busy_session).update(
        comment="Geheim", comment_hidden=True
    )
    response = client.get(reverse("public_handout", args=[busy_session.join_code]))
    assert "Geheim" not in pdf_text(response.content)


def test_unknown_code_is_404(client):
    assert client.get(reverse("public_handout", args=["ZZZZZZ"])).status_code == 404


@pytest.mark.django_db(transaction=True)
async def test_rendering_leaves_the_event_loop_responsive(busy_session):
    """A heartbeat keeps ticking on time while a big summary renders."""
    data = await sync_to_async(snapshot)(busy_session)
    await arender(materials.render, data, "poster-a4")  # start the worker outside the timing

    gaps = []

    async def heartbeat():
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    beat = asyncio.create_task(heartbeat())
    started = time.perf_counter()
    pdf = await arender(materials.render, data, "summary")
    took = time.perf_counter() - started
    beat.cancel()
    assert "Kunst in de wijk" in pdf_text(pdf)
    assert took > 0.3  # long enough for the check to mean something
    # Rendering on the loop would make one gap as long as the render; a busy
    # CI machine may still delay a tick now and then.
    assert max(gaps) < took / 3
    assert len(gaps) > took / 0.01 / 3


@pytest.mark.django_db(transaction=True)
async def test_download_view_leaves_the_event_loop_responsive(async_client, alice, busy_session):
    await async_client.aforce_login(alice)
    await async_client.get(url(busy_session, "poster-a4"))  # start the worker first
    gaps = []

    async def heartbeat():
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    beat = asyncio.create_task(heartbeat())
    started = time.perf_counter()
    response = await async_client.get(url(busy_session, "summary"))
    took = time.perf_counter() - started
    beat.cancel()
    assert response.status_code == 200
    assert took > 0.3
    assert max(gaps) < took / 3
