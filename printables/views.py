"""PDF downloads. Async: the data is loaded in a quick sync step, the PDF is
rendered in the worker process (printables.render), so neither the event loop
nor Django's shared sync thread waits for WeasyPrint."""

from asgiref.sync import sync_to_async
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from printables import materials
from printables.data import SessionData, snapshot
from printables.render import arender
from workshop.models import Session, normalise_join_code


def pdf_response(pdf: bytes, filename: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


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
    pdf = await arender(materials.render, data, name)
    return pdf_response(pdf, material.filename(data))


@require_GET
async def public_handout(request: HttpRequest, join_code: str) -> HttpResponse:
    """The participant handout, for anyone with the join link, once the session is closed."""

    def closed_session() -> SessionData:
        session = get_object_or_404(
            Session, join_code=normalise_join_code(join_code), state=Session.State.CLOSED
        )
        return snapshot(session, request)

    data = await sync_to_async(closed_session)()
    pdf = await arender(materials.render, data, "handout")
    return pdf_response(pdf, materials.BY_NAME["handout"].filename(data))
