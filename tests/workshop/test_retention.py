"""Retention (AVG): a closed session keeps what each participant did for RETENTION_DAYS, then
`manage.py retention` removes it, keeping only the figures per card when so chosen."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.helpers import place
from workshop import exports, retention
from workshop.lib import stats
from workshop.models import Participant, Placement, PlacementEvent, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(settings):
    settings.RETENTION_DAYS = 90
    settings.RETENTION_KEEP = "results"
    return settings


def close(session: Session) -> Session:
    session.state = Session.State.CLOSED
    session.save()
    return session


def room(session: Session) -> None:
    first, second = session.cards.all()[:2]
    for i in range(4):
        place(session, first, -0.5 + 0.1 * i, 0.5, role="artist", comment=f"kans {i}")
    place(session, second, 0.3, -0.2, role="resident")


def participant_data(session: Session) -> tuple[int, int, int]:
    return (
        Participant.objects.filter(session=session).count(),
        Placement.objects.filter(card__session=session).count(),
        PlacementEvent.objects.filter(card__session=session).count(),
    )


def test_closing_starts_the_clock_and_reopening_stops_it(session):
    assert session.closed_at is None
    close(session)
    assert session.closed_at is not None
    session.state = Session.State.OPEN
    session.save(update_fields=["state"])
    session.refresh_from_db()
    assert session.closed_at is None


def test_participant_data_stays_until_the_period_is_over_then_only_the_figures_remain(
    session, bobs_session, policy
):
    room(session)
    room(bobs_session)  # not closed: never touched
    before = exports.placement_rows(session)
    figures = [stats.result(row) for row in stats.moments(
        Placement.objects.filter(card__session=session), "card_id").order_by("card__position")]  # fmt: skip
    closed_at = close(session).closed_at

    assert retention.run(now=closed_at + timedelta(days=89)) == 0
    assert participant_data(session) == (5, 5, 5) and len(exports.placement_rows(session)) == 5

    assert retention.run(now=closed_at + timedelta(days=90, minutes=1)) == 1
    assert participant_data(session) == (0, 0, 0)
    assert participant_data(bobs_session) == (5, 5, 5)
    session.refresh_from_db()
    assert session.cards.count() >= 2 and session.title, "the session and its cards stay"
    kept = session.kept_results
    assert [{k: c[k] for k in ("n", "mean", "spread")} for c in kept["cards"]] == figures
    assert kept["participation"]["joined"] == 5 and kept["participation"]["took_part"] == 5
    assert "kans" not in str(kept), "no comment is kept"
    assert exports.as_json(session, [])["kept_results"] == kept
    assert before and exports.placement_rows(session) == []

    assert retention.run(now=closed_at + timedelta(days=200)) == 0, "once"


def test_keeping_nothing_keeps_no_figures_either(session, policy):
    policy.RETENTION_KEEP = "nothing"
    room(session)
    closed_at = close(session).closed_at

    assert retention.run(now=closed_at + timedelta(days=91)) == 1
    session.refresh_from_db()
    assert participant_data(session) == (0, 0, 0) and session.kept_results is None
    assert session.participant_data_removed_at is not None


def test_without_a_period_nothing_is_removed(session, settings):
    settings.RETENTION_DAYS = 0
    room(session)
    closed_at = close(session).closed_at

    assert retention.run(now=closed_at + timedelta(days=3650)) == 0
    assert participant_data(session) == (5, 5, 5)


def test_the_daily_command_removes_it_when_the_clock_has_moved_on(session, policy):
    room(session)
    later = close(session).closed_at + timedelta(days=91)

    call_command("retention")
    assert participant_data(session) == (5, 5, 5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("retention")
    assert participant_data(session) == (0, 0, 0)
    assert timezone.now() < later


def removed_room(session: Session) -> Session:
    room(close(session))
    retention.remove_participant_data(session.pk, timezone.now())
    session.refresh_from_db()
    return session


def test_the_phones_results_page_says_the_answers_were_removed_not_that_nobody_placed(
    session, policy, client
):
    session.cards.filter(pk=session.cards.first().pk).update(agreed_x=0.2, agreed_y=0.4)
    removed_room(session)
    text = " ".join(client.get(f"/j/{session.join_code}/").content.decode().split())
    assert "De antwoorden van de deelnemers zijn op" in text
    assert "Ruit:" not in text  # no legend for cards the page no longer shows
    assert "staan hier dus niet meer" in text
    for claim in ("Niemand heeft deze kaart geplaatst", "Je hebt deze kaart niet geplaatst",
                  "0 mensen deden mee", "In deze sessie is geen kaart geplaatst"):  # fmt: skip
        assert claim not in text


def test_the_control_page_tells_the_facilitator_what_retention_removed(session, policy, client):
    client.force_login(session.facilitators.first())
    before = client.get(f"/facilitator/sessions/{session.pk}/").content.decode()
    assert "ak-removed" not in before
    removed_room(session)
    text = " ".join(client.get(f"/facilitator/sessions/{session.pk}/").content.decode().split())
    assert "De antwoorden van de deelnemers zijn op" in text
    assert "laten hun plaatsingen en opmerkingen dus niet meer zien" in text


def test_the_admin_cannot_open_a_session_whose_answers_were_removed(session, policy, client):
    """The admin's form validates the model: state "open" is refused with why."""
    from django.contrib.auth import get_user_model

    removed_room(session)
    staff = get_user_model().objects.create_superuser("beheer", "beheer@example.nl", "x-Geheim-42")
    client.force_login(staff)
    url = f"/admin/workshop/session/{session.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(state="open", facilitators=[u.pk for u in session.facilitators.all()])
    data.update({"cards-TOTAL_FORMS": 0, "cards-INITIAL_FORMS": 0})
    page = client.post(url, data)
    assert page.status_code == 200  # the form again, with the error
    assert "Daarom kan ze niet meer open." in page.content.decode()
    session.refresh_from_db()
    assert session.state == Session.State.CLOSED
