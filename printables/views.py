"""PDF downloads. Async: the data is loaded in a quick sync step, the PDF is
rendered in the worker process (printables.render), so neither the event loop
nor Django's shared sync thread waits for WeasyPrint."""

import dataclasses
import hashlib
import pickle
from collections.abc import Awaitable, Callable

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from printables import materials
from printables.data import SessionData, snapshot
from printables.render import arender, once
from workshop import throttle
from workshop.models import Session, normalise_join_code

# How long a handout may lag behind an edit that changes neither the session's
# seq nor its updated_at (say, a card title fixed after closing).
HANDOUT_CACHE_SECONDS = 300


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


async def pdf_or_busy(
    key: str, make: Callable[[], Awaitable[bytes]], filename: str
) -> HttpResponse:
    """One render per key at a time; 503 when the worker is too busy to finish in time."""
    try:
        pdf = await once(key, make)
    except TimeoutError:
        response = HttpResponse(_("The printables are busy; try again in a minute."), status=503)
        response["Retry-After"] = "60"
        return response
    return pdf_response(pdf, filename)


@require_GET
async def printable(request: HttpRequest, session_id: int, name: str) -> HttpResponse:
    """Any material, for the facilitators of the session."""
    user = await request.auser()
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    material = materials.BY_NAME.get(name)
    if material is None:
        raise Http404("no such printable")

    def check_and_load() -> SessionData:
        session = get_object_or_404(Session, pk=session_id)
        if not session.is_facilitator(user):
            raise PermissionDenied
        return snapshot(session, request)

    data = await sync_to_async(check_and_load)()
    # Same data, same material: a double click or a second tab shares the render.
    key = "printable:" + hashlib.sha256(pickle.dumps((name, data))).hexdigest()
    return await pdf_or_busy(
        key, lambda: arender(materials.render, data, name), material.filename(data.join_code)
    )


@require_GET
async def public_handout(request: HttpRequest, join_code: str) -> HttpResponse:
    """The participant handout, for anyone with the join link, once the session is closed.

    When a session closes the whole room may tap "download" at once: a cheap
    key (one small query) finds a cached copy, and requests that arrive while
    it renders wait for that one render.
    """
    # The join code is the key to this link as to the session: guessing is throttled alike.
    if not await sync_to_async(throttle.check_join_attempt)(request):
        return HttpResponse(_("Too many unknown codes; try again later."), status=429)
    code = normalise_join_code(join_code)
    sessions = Session.objects.filter(join_code=code)
    found = await sessions.values("pk", "seq", "updated_at", "state").afirst()
    if found is None:
        await sync_to_async(throttle.record_failed_join)(request)
    if found is None or found["state"] != Session.State.CLOSED:
        raise Http404("no closed session with this code")
    closed = sessions.filter(state=Session.State.CLOSED)
    # The participant's language (the phone's results page links with ?lang=), else the session's.
    lang = request.GET.get("lang", "")
    lang = lang if lang in dict(settings.ROOM_LANGUAGES) else ""
    key = (
        f"handout:{found['pk']}:{found['seq']}:{found['updated_at'].timestamp()}"
        f":{request.get_host()}:{lang}"
    )
    filename = materials.BY_NAME["handout"].filename(code)
    pdf = await cache.aget(key)
    if pdf is not None:
        return pdf_response(pdf, filename)

    async def make() -> bytes:
        data = await sync_to_async(lambda: snapshot(closed.get(pk=found["pk"]), request))()
        data = dataclasses.replace(data, language=lang or data.language)
        pdf = await arender(materials.render, data, "handout")
        await cache.aset(key, pdf, HANDOUT_CACHE_SECONDS)
        return pdf

    return await pdf_or_busy(key, make, filename)
