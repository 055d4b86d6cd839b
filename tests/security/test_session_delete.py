"""A facilitator deletes a session with everything about its participants."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from workshop.models import Card, ControlEvent, Participant, Placement, PlacementEvent, Session

pytestmark = pytest.mark.django_db


def logged_in(user) -> HttpClient:
    client = HttpClient()
    client.force_login(user)
    return client


def fill(session) -> None:
    card = session.cards.first()
    for n in range(3):
        participant = Participant.objects.create(session=session, role="bewoner")
        Placement.objects.create(participant=participant, card=card, x=0.1, y=0.1, comment="hoi")
        PlacementEvent.objects.create(
            participant=participant, card=card, kind="place", x=0.1, y=0.1, client_id=f"c{n}"
        )
    ControlEvent.objects.create(session=session, client_id="k1", action="card:reveal", card=card)


def counts(session_id: int) -> tuple:
    return (
        Session.objects.filter(pk=session_id).count(),
        Card.objects.filter(session_id=session_id).count(),
        Participant.objects.filter(session_id=session_id).count(),
        Placement.objects.filter(participant__session_id=session_id).count(),
        PlacementEvent.objects.filter(participant__session_id=session_id).count(),
        ControlEvent.objects.filter(session_id=session_id).count(),
    )


def test_the_facilitator_confirms_and_the_session_goes_with_all_its_participants_and_placements(
    session, bobs_session, alice
):
    fill(session)
    fill(bobs_session)
    bobs_before = counts(bobs_session.pk)
    client = logged_in(alice)
    url = reverse("session_delete", args=[session.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "3" in confirm.text and 'method="post"' in confirm.text
    assert counts(session.pk)[0] == 1, "showing the confirmation deletes nothing"

    response = client.post(url)

    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert counts(session.pk) == (0, 0, 0, 0, 0, 0)
    assert counts(bobs_session.pk) == bobs_before


@pytest.mark.parametrize("persona", ["bob", "charlie"])
def test_nobody_else_can_delete_the_session(persona, session, request):
    fill(session)
    before = counts(session.pk)
    client = logged_in(request.getfixturevalue(persona))
    url = reverse("session_delete", args=[session.pk])

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert counts(session.pk) == before


def test_deleting_needs_a_login_and_a_csrf_token(session, alice):
    url = reverse("session_delete", args=[session.pk])
    assert reverse("login") in HttpClient().post(url)["Location"]

    client = HttpClient(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(url).status_code == 403
    assert Session.objects.filter(pk=session.pk).exists()
