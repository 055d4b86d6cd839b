"""The facilitator's toolkit: card decks, card images, exports and co-hosts.

Pages around a session rather than in its live round. Every view checks the
login and then that the user facilitates the session (or may see the deck);
anyone else gets a 404, as in workshop/pages/views.py.
"""

import asyncio
import base64
import json
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from workshop import exports
from workshop.lib import images
from workshop.lib.charts import Marker, grid_svg
from workshop.lib.findings import strength_of
from workshop.live import publish
from workshop.models import Deck, Session
from workshop.pages.forms import DeckNameForm, FacilitatorAddForm, SessionCreateForm
from workshop.pages.views import facilitator_required

# Decks --------------------------------------------------------------------


def visible_decks(user):
    """Decks the user made, and decks of sessions the user facilitates; every deck for
    whoever looks after the library (organisers: workshop/accounts.py)."""
    if user.has_perm("workshop.look_after_library"):
        return Deck.objects.all()
    return Deck.objects.filter(Q(owner=user) | Q(sessions__facilitators=user)).distinct()


def _deck_for(user, deck_id: int) -> Deck:
    return get_object_or_404(visible_decks(user), pk=deck_id)


def _deck_to_change(user, deck_id: int) -> Deck:
    """A deck the user sees (else 404) and may change (else 403): co-hosts of its
    sessions use a deck but do not rename or delete the owner's deck."""
    deck = _deck_for(user, deck_id)
    if not deck.may_be_changed_by(user):
        raise PermissionDenied
    return deck


def _my_sessions(user, deck: Deck):
    sessions = deck.sessions.all()
    if not user.is_superuser:
        sessions = sessions.filter(facilitators=user)
    return sessions


@facilitator_required
def deck_save(request, session: Session):
    """Keep the session's cards as a deck (GET shows the form, POST saves)."""
    form = DeckNameForm(request.POST or None, initial={"name": session.title})
    if request.method == "POST" and form.is_valid():
        # Sessions of one deck are compared; a session of no deck is its new deck's first.
        deck = session.save_as_deck(request.user, form.cleaned_data["name"])
        messages.success(request, _("Deck saved. Start a new session from it here."))
        return redirect("deck_detail", deck.pk)
    return render(request, "workshop/toolkit/deck_save.html", {"session": session, "form": form})


@login_required
def deck_list(request):
    decks = visible_decks(request.user).prefetch_related("cards")
    rows = [
        {"deck": d, "cards": len(d.cards.all()), "sessions": _my_sessions(request.user, d).count()}
        for d in decks
    ]
    return render(request, "workshop/toolkit/deck_list.html", {"rows": rows})


@login_required
def deck_detail(request, deck_id: int):
    """The deck's cards and sessions, and a new session started from it."""
    deck = _deck_for(request.user, deck_id)
    form = SessionCreateForm(request.POST or None, initial={"title": deck.name})
    if request.method == "POST" and form.is_valid():
        session = Session.create_from_deck(request.user, deck, **form.cleaned_data)
        messages.success(request, _("Session created from the deck. Check it, then save."))
        return redirect("session_edit", session.pk)
    context = {
        "deck": deck,
        "cards": deck.cards.all(),
        "sessions": _my_sessions(request.user, deck),
        "form": form,
        "may_change": deck.may_be_changed_by(request.user),
    }
    return render(request, "workshop/toolkit/deck_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def deck_rename(request, deck_id: int):
    deck = _deck_to_change(request.user, deck_id)
    form = DeckNameForm(request.POST or None, initial={"name": deck.name})
    if request.method == "POST" and form.is_valid():
        deck.name = form.cleaned_data["name"]
        deck.save(update_fields=["name"])
        messages.success(request, _("Deck renamed."))
        return redirect("deck_detail", deck.pk)
    return render(request, "workshop/toolkit/deck_rename.html", {"deck": deck, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def deck_delete(request, deck_id: int):
    """Confirm, then delete the deck and its cards; sessions started from it stay whole.

    Session.deck is SET_NULL: those sessions keep their own copies of the
    cards (pictures included) and all results, and only leave the comparison.
    """
    deck = _deck_to_change(request.user, deck_id)
    if request.method == "POST":
        name = deck.name
        deck.delete()
        messages.success(request, _("Deck “%(name)s” deleted.") % {"name": name})
        return redirect("deck_list")
    context = {"deck": deck, "cards": deck.cards.count(), "sessions": deck.sessions.count()}
    return render(request, "workshop/toolkit/deck_confirm_delete.html", context)


def describe_position(session: Session, point) -> str:
    """A mean in words, as the phone and control page say it (static/js/grid.js)."""
    x, y = point
    strength = {
        "weak": _("close to the middle"),
        "medium": _("clearly"),
        "strong": _("strongly"),
    }[strength_of(x, y)]
    return _("%(quadrant)s, %(strength)s") % {
        "quadrant": session.quadrant_name(x, y),
        "strength": strength,
    }


@login_required
def deck_compare(request, deck_id: int):
    """Each played card of the deck across the sessions that placed it, as a table and grids.

    Only sessions the user facilitates are shown: a deck owner does not see
    the results of someone else's session that started from their deck.
    Sessions with nobody's placement yet are named apart, not shown as n = 0, and
    so are sessions whose answers retention removed (not "not played yet");
    cards no session placed are named in one line, not drawn as empty grids.
    Sessions whose axes differ are never drawn on one grid: each set of axes
    gets its own, so a marker never sits under another session's quadrant name.
    """
    deck = _deck_for(request.user, deck_id)
    mine = list(_my_sessions(request.user, deck).order_by("date", "created_at"))
    hidden = deck.sessions.count() - len(mine)
    comparison = exports.deck_comparison(deck)
    placed_in = {e["session"] for card in comparison["cards"] for e in card["sessions"] if e["n"]}
    shown = [s for s in mine if s.pk in placed_in]
    # Without placements: not played yet, or played and emptied by retention.
    empty = [s for s in mine if s.pk not in placed_in]
    numbers = {s.pk: i for i, s in enumerate(shown, start=1)}
    groups = _sessions_by_axes(shown)
    cards, unplayed = [], []
    for card in comparison["cards"]:
        entries = {e["session"]: e for e in card["sessions"]}
        if not any(entries[s.pk]["n"] for s in shown):
            unplayed.append(card["title"])
            continue
        rows = [_comparison_row(s, numbers[s.pk], entries[s.pk]) for s in shown]
        charts = [
            _comparison_chart(card["title"], axes, [r for r in rows if r["session"] in members])
            for axes, members in groups
        ]
        cards.append({"title": card["title"], "rows": rows, "charts": [c for c in charts if c]})
    context = {
        "deck": deck,
        "cards": cards,
        "unplayed": unplayed,
        "legend": [{"number": numbers[s.pk], "session": s} for s in shown],
        "not_yet_played": [s for s in empty if not s.participant_data_removed_at],
        "answers_removed": [s for s in empty if s.participant_data_removed_at],
        "axes_differ": len(groups) > 1,
        "hidden": hidden,
    }
    return render(request, "workshop/toolkit/deck_compare.html", context)


def _sessions_by_axes(sessions: list[Session]) -> list[tuple[dict, list[Session]]]:
    """Sessions grouped by identical axis labels and quadrant names, in their order."""
    groups: dict[tuple, tuple[dict, list[Session]]] = {}
    for session in sessions:
        axes = session.axes()
        groups.setdefault(tuple(axes.items()), (axes, []))[1].append(session)
    return list(groups.values())


def _comparison_row(session: Session, number: int, entry: dict) -> dict:
    row = {**entry, "number": number, "session": session}
    if entry["mean"]:
        row["words"] = describe_position(session, entry["mean"])
    return row


def _comparison_chart(title: str, axes: dict, rows: list[dict]) -> dict | None:
    """One grid with these rows' means, numbered as in the list of sessions."""
    markers = [Marker(*r["mean"], label=str(r["number"])) for r in rows if r["mean"]]
    if not markers:
        return None
    numbers = ", ".join(m.label for m in markers)
    sessions = ngettext("Session %(numbers)s", "Sessions %(numbers)s", len(markers)) % {
        "numbers": numbers
    }
    alt = _("Grid with the average position of “%(card)s”: %(sessions)s.") % {
        "card": title,
        "sessions": sessions,
    }
    # An <img>, so the chart carries its own style under the page's CSP.
    chart = grid_svg(axes, markers=markers, embed_style=True)
    return {"src": _data_uri(chart), "alt": alt, "caption": sessions}


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


# Card images --------------------------------------------------------------

IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


def _card_picture(name: str) -> Path:
    """The uploaded picture called `name`: only a picture file in MEDIA_ROOT/cards/."""
    suffix = PurePosixPath(name).suffix.lower()
    if name.startswith(".") or "/" in name or "\\" in name or suffix not in IMAGE_TYPES:
        raise Http404
    folder = (Path(settings.MEDIA_ROOT) / "cards").resolve()
    path = (folder / name).resolve()
    if path.parent != folder or not path.is_file():
        raise Http404
    return path


@require_GET
def card_image(request, name: str):
    """A card's picture. Public like the card's title."""
    path = _card_picture(name)
    response = FileResponse(path.open("rb"), content_type=IMAGE_TYPES[path.suffix.lower()])
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
async def card_image_small(request, name: str):
    """The phone-sized copy of a card's picture (made on first request).

    Async, and the picture work in a worker thread: a sync view would run in
    Django's one shared sync thread, which the phones' sockets need for the
    database, and a room opening a card asks for its picture all at once.
    """
    path = _card_picture(name)
    try:
        data = await asyncio.to_thread(images.small_copy_bytes, path)
    except (OSError, ValueError):  # a file that is no longer a picture we can read
        raise Http404 from None
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    return response


# Exports ------------------------------------------------------------------


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@facilitator_required
def export_csv(request, session: Session):
    """?excel=1: ';' and decimal commas for a double-click in Dutch Excel (the control
    page's first link); without it the comma variant, for scripts (docs/export.md)."""
    excel = request.GET.get("excel") == "1"
    # The byte-order mark lets Excel read the accents as UTF-8; the scripts' variant
    # has none, or Python's csv and R read its first field as "\ufeffsession".
    text = ("\ufeff" if excel else "") + exports.as_csv(
        exports.placement_rows(session), excel=excel
    )
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    name = f"assenkruis-{session.join_code}{'-excel' if excel else ''}.csv"
    return _attachment(response, name)


def _json_response(data) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@facilitator_required
def export_json(request, session: Session):
    data = exports.as_json(session, exports.placement_rows(session))
    return _attachment(_json_response(data), f"assenkruis-{session.join_code}.json")


@facilitator_required
def replay_json(request, session: Session):
    """The session's moves in time order, for the projector's replay."""
    data = {
        "schema": exports.SCHEMA_VERSION,
        "join_code": session.join_code,
        "axes": session.axes(),
        "cards": {c.pk: c.title for c in session.cards.all()},
        "events": exports.replay_events(session),
    }
    return _json_response(data)


# Co-hosts -----------------------------------------------------------------


@facilitator_required
def facilitators(request, session: Session):
    """Who runs the session: add an account by username, remove one (never the last)."""
    form = FacilitatorAddForm(session=session)
    if request.method == "POST" and "remove" in request.POST:
        return _remove_facilitator(request, session)
    if request.method == "POST":
        form = FacilitatorAddForm(request.POST, session=session)
        if form.is_valid():
            session.facilitators.add(form.user)
            messages.success(
                request,
                _("%(name)s now also facilitates this session.") % {"name": form.user.username},
            )
            return redirect("session_facilitators", session.pk)
    context = {
        "session": session,
        "form": form,
        "people": session.facilitators.order_by("username"),
    }
    return render(request, "workshop/toolkit/facilitators.html", context)


def _remove_facilitator(request, session: Session):
    raw = request.POST.get("remove", "")
    person = session.facilitators.filter(pk=int(raw)).first() if raw.isdigit() else None
    if person is None:
        messages.error(request, _("That account does not facilitate this session."))
    elif session.facilitators.count() <= 1:
        messages.error(request, _("A session needs at least one facilitator."))
    else:
        session.facilitators.remove(person)
        publish.facilitator_removed(session.pk, person.pk)  # their open sockets close
        messages.success(request, _("%(name)s removed.") % {"name": person.username})
        if person == request.user and not session.is_facilitator(request.user):
            return redirect("dashboard")
    return redirect("session_facilitators", session.pk)
