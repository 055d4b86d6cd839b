"""The participant's phone: the join link shows the live placing page while the
session runs, and the results page once it is closed.

The session's language decides the page's language; `?lang=` on the link is
the participant's own choice (the language links in the page's footer), kept
in a cookie for the next visit and handed on to the handout's link.
"""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from workshop import participation, throttle
from workshop.lib import findings, stats
from workshop.lib.charts import Dot, grid_svg
from workshop.lib.findings import quadrant_of, strength_of
from workshop.live import strings as live_strings
from workshop.models import (
    Participant,
    Placement,
    Role,
    Session,
    normalise_join_code,
)
from workshop.pages.forms import JoinCodeForm
from workshop.pages.views import _reverse_or_none, _socket_path, _throttled


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


def service_worker(request):
    """The phone page's service worker, served under /j/ so its scope covers every join page."""
    response = render(request, "workshop/sw.js", content_type="text/javascript")
    response["Cache-Control"] = "no-cache"  # a new version reaches phones at their next visit
    return response


def result_words(request, language: str):
    """The words of a room's result (workshop.lib.findings.texts) in one room language,
    fetched by the phone with static/js/findings.js once a card's result is shown:
    neither weighs on the page's first load."""
    if language not in dict(settings.ROOM_LANGUAGES):
        raise Http404
    with translation.override(language):
        response = JsonResponse(findings.texts())
    response["Cache-Control"] = "public, max-age=3600"
    return response


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


def _where(name: str, point) -> str:
    """One position (a person's, or the agreed one) in words: its quadrant's
    name, and how far from the middle."""
    strength = strength_of(*point)
    if strength == "weak":
        return _("%(quadrant)s, close to the middle") % {"quadrant": name}
    if strength == "strong":
        return _("%(quadrant)s, far from the middle") % {"quadrant": name}
    return name


def result_card(number: int, card, axes: dict, said: dict, points: list, mine, agreed) -> dict:
    """One card on the results page: where the group's placements lie in the
    words every output uses (workshop.lib.findings), this phone's place, the agreed one."""
    dots = [Dot(*mine, css_class="ak-dot ak-dot-mine", title=_("You"))] if mine else []
    mean = stats.of_points(points)[0]
    core = findings.core(points)
    return {
        "number": number,
        "title": card.title,
        "n": len(points),
        "room": findings.sentence(findings.shape(points), axes.get, said) if points else "",
        "mine": _where(axes[quadrant_of(*mine)], mine) if mine else "",
        "agreed": _where(axes[quadrant_of(*agreed)], agreed) if agreed else "",
        "ring": bool(core),
        "chart": grid_svg(
            axes,
            dots=dots,
            mean=mean,
            ring=core[1] if core else None,
            agreed=agreed,
            css_class="ak-grid ak-grid-result",
            title=_("Where the group placed “%(card)s”") % {"card": card.title},
            dot_radius=26,
        ),
    }


def results_page(request, session: Session, common: dict):
    """After the session: where the room placed each card, where this phone did, and the agreed place."""
    token = request.COOKIES.get(participation.TOKEN_COOKIE % session.join_code, "")
    participant = (
        Participant.objects.filter(session=session, token=token).first() if token else None
    )
    removed_on = session.answers_removed_on  # retention: nobody's places are left to show
    cards = [] if removed_on else list(session.cards.all())
    # Per card the placements of its latest round that anybody placed (a round
    # the facilitator started at the very end may be empty), and this phone's latest place.
    placed = Placement.objects.filter(card__session=session)
    rounds: dict[int, tuple[int, list]] = {}
    for card_id, round_, x, y in placed.order_by("card_id", "round", "id").values_list(
        "card_id", "round", "x", "y"
    ):
        if rounds.get(card_id, (round_,))[0] != round_:
            del rounds[card_id]  # a later round: the earlier one is history
        rounds.setdefault(card_id, (round_, []))[1].append((x, y))
    room = {card_id: points for card_id, (_round, points) in rounds.items()}
    own = {}
    if participant is not None:
        for pl in placed.filter(participant=participant).order_by("round"):
            own[pl.card_id] = (pl.x, pl.y)
    axes = session.axes()
    said = findings.texts()
    shown = []
    for number, card in enumerate(cards, start=1):
        points, mine, agreed = room.get(card.pk, []), own.get(card.pk), card.agreed_position
        if points or mine or agreed:
            shown.append(result_card(number, card, axes, said, points, mine, agreed))
    context = {
        **common,
        "removed_on": removed_on,
        "cards": shown,
        "took_part": participation.counts(session.pk).took_part,
        "placed_any": bool(own),
        "any_result": any(card["n"] for card in shown),
        "any_ring": any(card["ring"] for card in shown),
        "any_agreed": any(card["agreed"] for card in shown),
        "is_participant": participant is not None,
    }
    return render(request, "workshop/join_results.html", context)
