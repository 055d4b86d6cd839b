"""Downloads: facilitators get every material, anyone with the join link gets
the handout once the session is closed, and rendering leaves the event loop free."""

import asyncio
import contextlib
import os
import signal
import time

import pytest
from asgiref.sync import sync_to_async
from django.urls import reverse

from printables import materials
from printables.data import snapshot
from printables.render import arender
from tests.printables.conftest import pdf_text
from workshop import throttle
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


def test_the_handout_speaks_the_participants_language(client, busy_session):
    """The phone's results page links ?lang=; the other materials stay Dutch for a Polish room."""
    busy_session.state = Session.State.CLOSED
    busy_session.language = "pl"
    busy_session.save()
    handout = reverse("public_handout", args=[busy_session.join_code])
    assert "Broszura dla uczestników" in pdf_text(client.get(handout).content)
    turkish = pdf_text(client.get(handout + "?lang=tr").content)
    assert "Katılımcı bilgi notu" in turkish and "Model" in turkish
    dutch = pdf_text(client.get(handout + "?lang=xx").content)  # unknown: the session's
    assert "Broszura dla uczestników" in dutch
    summary = materials.html(snapshot(busy_session), "summary")
    assert '<html lang="nl">' in summary


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


@contextlib.asynccontextmanager
async def heartbeat():
    """Ticks every 10 ms on the event loop; yields the gaps between ticks and,
    at the end, how long the block took (`gaps.took`)."""
    gaps = Gaps()

    async def beat():
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    task = asyncio.create_task(beat())
    started = time.perf_counter()
    try:
        yield gaps
    finally:
        gaps.took = time.perf_counter() - started
        task.cancel()


class Gaps(list):
    took = 0.0

    def assert_loop_stayed_free(self):
        assert self.took > 0.3  # long enough for the check to mean something
        # Rendering on the loop would make one gap as long as the render; a busy
        # CI machine may still delay a tick now and then.
        assert len(self) > self.took / 0.01 / 3
        assert max(self) < self.took / 3


@pytest.mark.django_db(transaction=True)
async def test_rendering_leaves_the_event_loop_responsive(busy_session):
    """A heartbeat keeps ticking on time while a big summary renders."""
    data = await sync_to_async(snapshot)(busy_session)
    await arender(materials.render, data, "poster-a4")  # start the worker outside the timing
    async with heartbeat() as gaps:
        pdf = await arender(materials.render, data, "summary")
    assert "Kunst in de wijk" in pdf_text(pdf)
    gaps.assert_loop_stayed_free()


@pytest.mark.django_db(transaction=True)
async def test_the_heartbeat_notices_a_blocked_loop(busy_session):
    data = await sync_to_async(snapshot)(busy_session)
    async with heartbeat() as gaps:
        materials.render(data, "summary")  # on the loop, as the views must never do
    with pytest.raises(AssertionError):
        gaps.assert_loop_stayed_free()


@pytest.mark.django_db(transaction=True)
async def test_download_view_leaves_the_event_loop_responsive(async_client, alice, busy_session):
    await async_client.aforce_login(alice)
    await async_client.get(url(busy_session, "poster-a4"))  # start the worker first
    async with heartbeat() as gaps:
        response = await async_client.get(url(busy_session, "summary"))
    assert response.status_code == 200
    gaps.assert_loop_stayed_free()


@pytest.mark.django_db(transaction=True)
async def test_a_room_asking_for_the_handout_at_once_shares_one_render(
    async_client, session, monkeypatch
):
    session.state = Session.State.CLOSED
    await session.asave()
    renders = []

    async def counting_arender(function, *args):
        renders.append(args[-1])
        await asyncio.sleep(0.2)  # long enough for the other requests to arrive
        return materials.render(*args)

    monkeypatch.setattr("printables.views.arender", counting_arender)
    handout = reverse("public_handout", args=[session.join_code])
    responses = await asyncio.gather(*(async_client.get(handout) for _ in range(20)))
    assert {r.status_code for r in responses} == {200}
    assert len({r.content for r in responses}) == 1
    assert renders == ["handout"]
    assert (await async_client.get(handout)).status_code == 200
    assert renders == ["handout"]  # from the cache
    session.title = "Kunst in de wijk, verslag"
    await session.asave()  # a change: the next download renders again
    response = await async_client.get(handout)
    assert renders == ["handout", "handout"]
    assert "verslag" in pdf_text(response.content)


@pytest.mark.django_db(transaction=True)
async def test_a_render_that_takes_too_long_answers_503(
    async_client, alice, busy_session, settings
):
    settings.PRINTABLES_TIMEOUT = 0.01
    await async_client.aforce_login(alice)
    response = await async_client.get(url(busy_session, "summary"))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"


@pytest.mark.django_db(transaction=True)
async def test_a_killed_worker_is_replaced(busy_session):
    data = await sync_to_async(snapshot)(busy_session)
    pid = await arender(os.getpid)
    assert pid != os.getpid()  # it ran in the worker
    os.kill(pid, signal.SIGKILL)
    await asyncio.sleep(0.2)  # let the pool notice
    # The call after the kill gets a new worker and succeeds.
    assert "Kunst in de wijk" in pdf_text(await arender(materials.render, data, "poster-a4"))
    assert await arender(os.getpid) != pid


def test_guessing_handout_links_is_throttled_like_joining(client, session, settings):
    session.state = Session.State.CLOSED
    session.save()
    real = reverse("public_handout", args=[session.join_code])
    for i in range(throttle.JOIN_FAILURES_ALLOWED):
        assert client.get(reverse("public_handout", args=[f"ZZZZ{i:02d}"])).status_code == 404
    assert client.get(real).status_code == 429  # not even a real code, now
