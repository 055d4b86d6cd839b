"""Nobody in where they don't belong: control needs a logged-in facilitator of that session,
a participant acts only as itself, websocket Origins are checked, every form needs CSRF.

Personas: alice facilitates `session`; bob facilitates another session; charlie
is logged in and facilitates nothing.
"""

import re

import pytest
import websockets
from asgiref.sync import sync_to_async
from django.test import Client as HttpClient
from django.urls import reverse

from tests.helpers import Client, phone, screen, session_cookie_for
from workshop.models import Card, Participant, Placement, Session

pytestmark = pytest.mark.django_db(transaction=True)

FACILITATOR_PAGES = ["control", "session_edit", "screen"]


def logged_in(user) -> HttpClient:
    client = HttpClient()
    if user is not None:
        client.force_login(user)
    return client


# HTTP -----------------------------------------------------------------------


@pytest.mark.parametrize("page", FACILITATOR_PAGES)
def test_facilitator_pages_need_a_login(page, session):
    response = logged_in(None).get(reverse(page, args=[session.pk]))

    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("page", FACILITATOR_PAGES)
@pytest.mark.parametrize("persona", ["bob", "charlie"])
def test_facilitator_pages_are_not_found_for_someone_who_does_not_facilitate_the_session(
    page, persona, session, request
):
    user = request.getfixturevalue(persona)

    assert logged_in(user).get(reverse(page, args=[session.pk])).status_code == 404


@pytest.mark.parametrize("page", FACILITATOR_PAGES)
def test_facilitator_pages_open_for_the_sessions_facilitator(page, session, alice):
    assert logged_in(alice).get(reverse(page, args=[session.pk])).status_code == 200


def test_another_facilitator_cannot_edit_or_duplicate_the_session(session, bob):
    client = logged_in(bob)
    edit = client.post(reverse("session_edit", args=[session.pk]), {"title": "Overgenomen"})
    duplicate = client.post(reverse("session_duplicate", args=[session.pk]))

    assert (edit.status_code, duplicate.status_code) == (404, 404)
    assert Session.objects.get(pk=session.pk).title == "Kunst in de wijk"
    assert Session.objects.count() == 1


@pytest.mark.parametrize("persona", [None, "bob", "charlie"])
def test_printables_are_only_for_the_sessions_facilitators(persona, session, request):
    user = request.getfixturevalue(persona) if persona else None
    response = logged_in(user).get(reverse("printable", args=[session.pk, "summary"]))

    if user is None:
        assert response.status_code == 302 and reverse("login") in response["Location"]
    else:
        assert response.status_code in (403, 404)


# Websockets -------------------------------------------------------------------


async def close_code(path: str, cookie: str | None = None) -> int:
    client = Client(path, cookie=cookie)
    assert (await client.connect())[0]
    output = await client.comm.receive_output(timeout=3)
    assert output["type"] == "websocket.close", output
    return output["code"]


@pytest.mark.parametrize("kind", ["control", "screen"])
async def test_control_and_projector_sockets_refuse_anyone_but_the_sessions_facilitator(
    kind, session, bob, charlie
):
    path = f"/ws/{kind}/{session.pk}/"
    assert await close_code(path) == 4403
    assert await close_code(path, await sync_to_async(session_cookie_for)(bob)) == 4403
    assert await close_code(path, await sync_to_async(session_cookie_for)(charlie)) == 4403


async def test_a_facilitator_cannot_open_the_socket_of_a_session_that_does_not_exist(alice):
    cookie = await sync_to_async(session_cookie_for)(alice)
    assert await close_code("/ws/control/987654/", cookie) == 4404


async def test_a_facilitator_of_one_session_cannot_act_on_another_sessions_card(
    session, bob, bobs_session
):
    bobs_control, _ = await screen(
        bobs_session, await sync_to_async(session_cookie_for)(bob), "control"
    )
    alices_card = await sync_to_async(session.cards.first)()

    reply = await bobs_control.request({"type": "card", "card": alices_card.pk, "action": "lock"})

    assert reply["code"] == 2001
    assert not (await sync_to_async(Card.objects.get)(pk=alices_card.pk)).locked
    await bobs_control.close()


async def test_a_phone_cannot_send_facilitator_actions(session):
    card = await sync_to_async(session.cards.first)()
    client, _, _ = await phone(session)
    for message in [
        {"type": "card", "card": card.pk, "action": "reveal"},
        {"type": "session", "action": "close"},
        {"type": "notes", "text": "overgenomen"},
        {"type": "hide_comment", "card": card.pk, "participant": 1, "hidden": True},
        {"type": "agreed", "card": card.pk, "x": 0, "y": 0},
    ]:
        assert (await client.request(message))["code"] == 3000, message
    await client.close()
    session_now = await sync_to_async(Session.objects.get)(pk=session.pk)
    assert (session_now.state, session_now.notes) == (Session.State.OPEN, "")


async def test_a_participant_acts_only_as_itself(session, bobs_session):
    card = await sync_to_async(lambda: session.cards.filter(is_open=True).first())()
    alice_phone, first, _ = await phone(session)
    await alice_phone.request({"type": "place", "card": card.pk, "x": 0.5, "y": 0.5})
    other, second, _ = await phone(session)

    # No message names a participant: the socket's own hello decides who it is.
    as_first = await other.request(
        {"type": "place", "card": card.pk, "x": -1, "y": -1, "participant": first["participant"]}
    )
    assert as_first["code"] == 1002
    await other.request({"type": "place", "card": card.pk, "x": -0.5, "y": -0.5})

    # A token from another (open) session, or a made-up one, gets a new participant.
    bobs_session.state = Session.State.OPEN
    await sync_to_async(bobs_session.save)()
    bobs_phone, in_bobs, _ = await phone(bobs_session, token=first["token"])
    guessed, made_up, _ = await phone(session, token="A" * 32)
    assert in_bobs["participant"] not in (first["participant"], second["participant"])
    assert made_up["participant"] not in (first["participant"], second["participant"])
    assert made_up["token"] != "A" * 32

    stored = await sync_to_async(
        lambda: dict(Placement.objects.filter(card=card).values_list("participant", "x"))
    )()
    assert stored == {first["participant"]: 0.5, second["participant"]: -0.5}
    assert await sync_to_async(Participant.objects.filter(session=bobs_session).count)() == 1
    for client in (alice_phone, other, bobs_phone, guessed):
        await client.close()


async def test_a_websocket_from_another_origin_is_refused(daphne_server, session):
    url = f"{daphne_server.ws_url}/ws/phone/{session.join_code}/"
    with pytest.raises(websockets.InvalidStatus) as refused:
        await websockets.connect(url, origin="https://evil.example")
    assert refused.value.response.status_code == 403
    with pytest.raises(websockets.InvalidStatus) as no_origin:
        await websockets.connect(url)  # no Origin header at all
    assert no_origin.value.response.status_code == 403

    async with websockets.connect(url, origin=daphne_server.origin) as ws:
        await ws.send('{"type": "sync", "id": "s"}')
        assert '"code":1005' in await ws.recv(), "the right origin gets in"


# CSRF -------------------------------------------------------------------------


def test_every_form_that_posts_carries_a_csrf_token(session, alice):
    client = logged_in(alice)
    pages = [
        reverse("home"),
        reverse("join", args=[session.join_code]),
        reverse("dashboard"),
        reverse("session_create"),
        reverse("session_edit", args=[session.pk]),
        reverse("control", args=[session.pk]),
        reverse("library"),
    ]
    checked = 0
    for page in pages:
        html = client.get(page).content.decode()
        for form in re.findall(r"<form\b[^>]*>.*?</form>", html, flags=re.S | re.I):
            if re.search(r'method="post"', form, flags=re.I):
                assert "csrfmiddlewaretoken" in form, f"a form on {page} has no CSRF token"
                checked += 1
    assert checked >= 5


@pytest.mark.parametrize(
    "name, args, data",
    [
        ("session_create", [], {"title": "Nieuw"}),
        ("session_edit", ["pk"], {"title": "Anders"}),
        ("session_duplicate", ["pk"], {}),
        ("library", [], {}),
        ("logout", [], {}),
    ],
)
def test_posting_a_form_without_the_csrf_token_is_refused(name, args, data, session, alice):
    client = HttpClient(enforce_csrf_checks=True)
    client.force_login(alice)
    url = reverse(name, args=[session.pk if a == "pk" else a for a in args])

    assert client.post(url, data).status_code == 403
    assert Session.objects.count() == 1 and Session.objects.get().title == "Kunst in de wijk"


def test_logging_in_without_the_csrf_token_is_refused(alice):
    client = HttpClient(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "alice", "password": "alice-password-1"})

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


async def test_saying_hello_again_on_one_socket_does_not_make_more_participants(session):
    client, first, _ = await phone(session)
    again = [await client.request({"type": "hello", "token": None}) for _ in range(5)]

    assert {a["participant"] for a in again} == {first["participant"]}
    assert {a["token"] for a in again} == {first["token"]}
    assert await sync_to_async(Participant.objects.filter(session=session).count)() == 1
    await client.close()
