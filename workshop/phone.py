"""The participant's phone: the join link shows the live placing page while the
session runs, and the results page once it is closed.

The session's language decides the page's language; `?lang=` on the link is
the participant's own choice (the language links in the page's footer), kept
in a cookie for the next visit and handed on to the handout's link.
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from workshop import participation, stats, throttle
from workshop.charts import Dot, grid_svg
from workshop.forms import JoinCodeForm
from workshop.live import strings as live_strings
from workshop.models import Participant, Placement, Role, Session, normalise_join_code, strength_of
from workshop.views import _reverse_or_none, _socket_path, _throttled


def chosen_language(request) -> str:
    """The participant's own choice: `?lang=` on the link, else the one kept in the cookie."""
    room = dict(settings.ROOM_LANGUAGES)
    for chosen in (
        request.GET.get("lang", ""),
        request.COOKIES.get(settings.PHONE_LANGUAGE_COOKIE),
    ):
        if chosen in room:
            return chosen
    return ""


def page_language(request, session: Session) -> str:
    """The participant's choice, else the session's language."""
    return chosen_language(request) or session.language or settings.LANGUAGE_CODE


def keep_choice(request, response) -> None:
    """Remember a `?lang=` choice for the participant's next page (a year, this site only)."""
    chosen = request.GET.get("lang", "")
    if chosen in dict(settings.ROOM_LANGUAGES):
        response.set_cookie(
            settings.PHONE_LANGUAGE_COOKIE,
            chosen,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )


def join(request, code: str):
    canonical = normalise_join_code(code)
    if canonical != code:
        return redirect("join", canonical)
    if not throttle.check_join_attempt(request):
        return _throttled(request)
    session = Session.objects.filter(join_code=code).first()
    if session is None:
        throttle.record_failed_join(request)
        # Keep what could be read of the code: the person corrects it, not types it all again.
        form = JoinCodeForm(initial={"code": code[: JoinCodeForm.base_fields["code"].max_length]})
        return render(
            request, "workshop/join_unknown.html", {"form": form, "code": code}, status=404
        )
    language = page_language(request, session)
    with translation.override(language):
        common = {
            "session": session,
            "languages": [
                (code, translation.get_language_info(code)) for code, _n in settings.ROOM_LANGUAGES
            ],
            "language": language,
            "handout_url": handout_link(session, language),
        }
        if session.state == Session.State.CLOSED:
            response = results_page(request, session, common)
        else:
            response = live_page(request, session, common)
    response["Content-Language"] = language
    keep_choice(request, response)
    return response


def handout_link(session: Session, language: str) -> str | None:
    """The handout in the page's language."""
    url = _reverse_or_none("public_handout", session.join_code)
    return url and f"{url}?lang={language}"


def live_page(request, session: Session, common: dict):
    context = {
        **common,
        "grid": grid_svg(
            session.axes(),
            element_id="ak-grid",
            css_class="ak-grid ak-grid-phone",
            title=live_strings.grid_name_template() % session.axes(),
        ),
        "roles": Role.choices,
        "socket_path": _socket_path("phone", session.join_code),
        "strings": live_strings.phone(),
    }
    return render(request, "workshop/join.html", context)


def _where(session: Session, point) -> str:
    """A position in words: the quadrant's name, and how far from the middle."""
    x, y = point
    name, strength = session.quadrant_name(x, y), strength_of(x, y)
    if strength == "weak":
        return _("%(quadrant)s, close to the middle") % {"quadrant": name}
    if strength == "strong":
        return _("%(quadrant)s, far from the middle") % {"quadrant": name}
    return name


def results_page(request, session: Session, common: dict):
    """After the session: where the room placed each card, where this phone did, and the agreed place."""
    token = request.COOKIES.get(participation.TOKEN_COOKIE % session.join_code, "")
    participant = (
        Participant.objects.filter(session=session, token=token).first() if token else None
    )
    cards = list(session.cards.all())
    # Per card its latest round that anybody placed (a round the facilitator
    # started at the very end may be empty), and this phone's latest place.
    placed = Placement.objects.filter(card__session=session)
    room = {}
    for row in stats.moments(placed, "card_id", "round").order_by("card_id", "round"):
        room[row["card_id"]] = stats.result(row)
    own = {}
    if participant is not None:
        for pl in placed.filter(participant=participant).order_by("round"):
            own[pl.card_id] = (pl.x, pl.y)
    shown = []
    for number, card in enumerate(cards, start=1):
        result = room.get(card.pk)
        mine = own.get(card.pk)
        agreed = card.agreed_position
        if not (result or mine or agreed):
            continue
        dots = [Dot(*mine, css_class="ak-dot ak-dot-mine", title=_("You"))] if mine else []
        shown.append(
            {
                "number": number,
                "title": card.title,
                "n": result["n"] if result else 0,
                "room": _where(session, result["mean"]) if result else "",
                "mine": _where(session, mine) if mine else "",
                "agreed": _where(session, agreed) if agreed else "",
                "chart": grid_svg(
                    session.axes(),
                    dots=dots,
                    mean=tuple(result["mean"]) if result else None,
                    spread=tuple(result["spread"]) if result else None,
                    agreed=agreed,
                    css_class="ak-grid ak-grid-result",
                    title=_("Where the group placed “%(card)s”") % {"card": card.title},
                    dot_radius=26,
                ),
            }
        )
    context = {
        **common,
        "cards": shown,
        "took_part": participation.counts(session.pk).took_part,
        "placed_any": bool(own),
        "any_result": any(card["n"] for card in shown),
        "any_agreed": any(card["agreed"] for card in shown),
        "is_participant": participant is not None,
    }
    return render(request, "workshop/join_results.html", context)
