"""Pages: the participant's join and place page, and the facilitator's screens.

Everything live (placing, counts, card controls) goes over the websockets in
docs/protocol.md; these views only render the first page and the forms.
"""

from functools import wraps

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from workshop import throttle
from workshop.lib import role_colours, typeface
from workshop.lib.charts import grid_svg
from workshop.lib.links import absolute, join_url
from workshop.lib.qr import qr_data_uri
from workshop.live import publish
from workshop.live import strings as live_strings
from workshop.models import LibraryCard, Session
from workshop.pages.forms import (
    CardFormSet,
    JoinCodeForm,
    LibraryFormSet,
    LoginForm,
    SessionCreateForm,
    SessionForm,
)


def facilitator_required(view):
    """Login, then the session from the URL; 404 for anyone not facilitating it."""

    @login_required
    @wraps(view)
    def wrapper(request, session_id: int, *args, **kwargs):
        session = get_object_or_404(Session, pk=session_id)
        if not session.is_facilitator(request.user):
            raise Http404
        return view(request, session, *args, **kwargs)

    return wrapper


def _reverse_or_none(name: str, *args) -> str | None:
    """Links into the printables app, which may not be installed in every build."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _materials(session: Session) -> list[dict]:
    """The printables offered on the control page. workshop does not import the
    printables app: an installed app that lists materials (`material_list()` on its
    AppConfig) supplies them."""
    links = []
    for config in apps.get_app_configs():
        for material in getattr(config, "material_list", lambda: ())():
            url = _reverse_or_none("printable", session.pk, material.name)
            if url:
                links.append({"label": material.label, "url": url})
    return links


def _socket_path(kind: str, key) -> str:
    return f"/ws/{kind}/{key}/?lang={get_language() or 'nl'}"


# Participants -------------------------------------------------------------


def home(request):
    return render(request, "workshop/home.html", {"form": JoinCodeForm()})


def _throttled(request):
    form = JoinCodeForm()
    return render(request, "workshop/join_throttled.html", {"form": form}, status=429)


def join_by_code(request):
    data = request.POST if request.method == "POST" else request.GET
    if "code" not in data:
        return redirect("home")
    if not throttle.check_join_attempt(request):
        return _throttled(request)
    form = JoinCodeForm(data)
    if form.is_valid():
        return redirect("join", form.cleaned_data["code"])
    if form.unknown_code:
        throttle.record_failed_join(request)
    return render(request, "workshop/home.html", {"form": form})


# Facilitators -------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's login page; guessing is throttled by the form, and a refusal answers 429."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="throttled"):
            response.status_code = 429
            response["Retry-After"] = str(throttle.login_window())
        return response


@login_required
def dashboard(request):
    if request.user.is_superuser:
        sessions = Session.objects.all()
    else:
        sessions = request.user.workshop_sessions.all()
    rows = [{"session": s, "materials": _materials(s)} for s in sessions]
    return render(request, "workshop/dashboard.html", {"rows": rows})


@login_required
def session_create(request):
    form = SessionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = Session.create_from_library(request.user, **form.cleaned_data)
        messages.success(request, _("Session created. Check the axes and the cards, then save."))
        return redirect("session_edit", session.pk)
    return render(request, "workshop/session_create.html", {"form": form})


@facilitator_required
def session_edit(request, session: Session):
    form = SessionForm(request.POST or None, instance=session)
    cards = CardFormSet(
        request.POST or None, request.FILES or None, instance=session, prefix="cards"
    )
    if request.method == "POST":
        if form.is_valid() and cards.is_valid():
            with transaction.atomic():
                Session.lock([session.pk])  # as every writing transaction (Session.lock)
                form.save()
                cards.save()
            publish.session_edited(session.pk)  # open phones, projectors and control pages
            messages.success(request, _("Saved."))
            return redirect("control", session.pk)
        messages.error(request, _("Not saved: please correct the errors below."))
    return render(
        request, "workshop/session_edit.html", {"session": session, "form": form, "cards": cards}
    )


@facilitator_required
@require_POST
def session_duplicate(request, session: Session):
    copy = session.duplicate(request.user)
    messages.success(request, _("Copy made with a new code. Check it and save."))
    return redirect("session_edit", copy.pk)


@facilitator_required
def control(request, session: Session):
    handout = _reverse_or_none("public_handout", session.join_code)
    context = {
        "session": session,
        "join_url": join_url(session, request),
        "grid": grid_svg(
            session.axes(), element_id="ak-control-grid", css_class="ak-grid ak-grid-control"
        ),
        "socket_path": _socket_path("control", session.pk),
        "strings": live_strings.control(),
        "materials": _materials(session),
        "handout_url": handout and absolute(handout, request),
        # After the close the join link is the participants' results page (workshop/pages/phone.py).
        "results_url": join_url(session, request),
    }
    return render(request, "workshop/control.html", context)


@facilitator_required
def screen(request, session: Session):
    url = join_url(session, request)
    context = {
        "session": session,
        "join_url": url,
        "join_url_short": url.split("://", 1)[-1],
        "qr": qr_data_uri(url),
        "grid": grid_svg(session.axes(), element_id="ak-screen-grid", css_class="ak-grid"),
        "socket_path": _socket_path("screen", session.pk),
        "strings": live_strings.screen(),
        "role_colours": role_colours.for_browser(),
    }
    return render(request, "workshop/screen.html", context)


@login_required
def library(request):
    """Every facilitator's cards, in order; each changes the cards they made (staff: all)."""
    LibraryCard.ensure_defaults()
    formset = LibraryFormSet(
        request.POST or None,
        queryset=LibraryCard.objects.select_related("created_by"),
        form_kwargs={"user": request.user},
    )
    if request.method == "POST":
        if formset.refused_rows():
            raise PermissionDenied
        if formset.is_valid():
            formset.save()
            messages.success(request, _("Card library saved."))
            return redirect("library")
        messages.error(request, _("Not saved: please correct the errors below."))
    return render(request, "workshop/library.html", {"formset": formset})


@facilitator_required
@require_http_methods(["GET", "POST"])
def session_delete(request, session: Session):
    """Confirm, then delete the session with its cards, participants, placements and history."""
    if request.method == "POST":
        title, session_id = session.title, session.pk
        with transaction.atomic():
            # First, as every writing transaction: a live commit under way finishes
            # before the rows it writes go (no deadlock between the two).
            Session.lock([session_id])
            session.delete()
            publish.session_deleted(session_id)  # on commit: its open sockets close
        messages.success(
            request,
            _("Session “%(title)s” deleted, with all its participants and placements.")
            % {"title": title},
        )
        return redirect("dashboard")
    participants = session.participants.count()
    return render(
        request,
        "workshop/session_confirm_delete.html",
        {"session": session, "participants": participants},
    )


# The typeface on screen (workshop/lib/typeface.py) ------------------------------


@require_safe
def typeface_css(request):
    """@font-face rules for the projector: Noto Sans as on paper."""
    css = typeface.face_rules(lambda name: reverse("typeface_file", args=[name]))
    return HttpResponse(
        css,
        content_type="text/css; charset=utf-8",
        headers={"Cache-Control": "public, max-age=3600"},
    )


@require_safe
def typeface_file(request, name: str):
    """A web face; its name carries the font's version, so it may be kept for good."""
    path = typeface.web_face_file(name)
    if path is None:
        raise Http404
    return FileResponse(
        path.open("rb"),
        content_type="font/woff2",
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
    )
