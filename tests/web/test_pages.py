"""The pages around the live round: joining by code, the facilitator's screens and forms."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from workshop.models import Card, LibraryCard, Participant, Placement, Session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch_and_fresh_throttle(settings):
    settings.LANGUAGE_CODE = "nl"
    cache.clear()  # the join throttle counts in the cache
    yield
    cache.clear()


def card_formset_data(session, rows, **session_fields):
    """POST data for the edit page: session fields plus the card formset."""
    data = {
        "title": session.title,
        "date": "",
        "place": session.place,
        "organiser": session.organiser,
        **session.axes_fields(),
        "cards-TOTAL_FORMS": str(len(rows)),
        "cards-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))),
        "cards-MIN_NUM_FORMS": "0",
        "cards-MAX_NUM_FORMS": "1000",
    }
    data.update(session_fields)
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"cards-{i}-{key}"] = "" if value is None else str(value)
    return data


@pytest.fixture(autouse=True)
def axes_fields(monkeypatch):
    def fields(self):
        return {
            f: getattr(self, f)
            for f in [
                "x_from", "x_to", "y_from", "y_to",
                "quadrant_top_left", "quadrant_top_right",
                "quadrant_bottom_left", "quadrant_bottom_right",
            ]
        }  # fmt: skip

    monkeypatch.setattr(Session, "axes_fields", fields, raising=False)


def existing_rows(session):
    return [
        {"id": c.pk, "position": c.position, "title": c.title, "description": c.description}
        for c in session.cards.all()
    ]


# Participants ---------------------------------------------------------------


def test_home_shows_the_code_form_in_dutch(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Typ de code" in response.text
    assert 'name="code"' in response.text


def test_join_by_code_normalises_and_redirects(client, session):
    code = session.join_code.lower()
    response = client.post(reverse("join_by_code"), {"code": f" {code[:3]}-{code[3:]} "})
    assert response.status_code == 302
    assert response["Location"] == f"/j/{session.join_code}/"


def test_join_by_code_with_an_unknown_code_shows_an_error(client, session):
    response = client.post(reverse("join_by_code"), {"code": "QQQQQQ"})
    assert response.status_code == 200
    assert "Er is geen sessie met code QQQQQQ" in response.text


def test_join_by_code_with_an_empty_code_asks_for_one(client):
    response = client.post(reverse("join_by_code"), {"code": " - "})
    assert response.status_code == 200
    assert "Typ de code die je op het scherm ziet" in response.text


def test_join_page_carries_the_socket_and_the_grid(client, session):
    response = client.get(f"/j/{session.join_code}/")
    assert response.status_code == 200
    assert f'data-socket="/ws/phone/{session.join_code}/?lang=nl"' in response.text
    assert 'data-plot-size="820"' in response.text
    assert "Welke kans zie je?" in response.text
    assert 'id="ak-strings"' in response.text


def test_join_page_redirects_a_lower_case_code(client, session):
    response = client.get(f"/j/{session.join_code.lower()}/")
    assert response.status_code == 302
    assert response["Location"] == f"/j/{session.join_code}/"


def test_join_page_for_an_unknown_code_is_a_friendly_404(client, session):
    response = client.get("/j/QQQQQQ/")
    assert response.status_code == 404
    assert "Code niet gevonden" in response.text
    assert 'name="code"' in response.text


def test_join_is_throttled_after_many_wrong_codes(client, session):
    from workshop import throttle

    for _ in range(throttle.JOIN_FAILURES_ALLOWED):
        client.post(reverse("join_by_code"), {"code": "QQQQQQ"})
    response = client.post(reverse("join_by_code"), {"code": session.join_code})
    assert response.status_code == 429
    assert client.get(f"/j/{session.join_code}/").status_code == 429


def test_the_sessions_language_decides_not_the_browsers(client, session):
    # A phone set to English in a Dutch workshop gets Dutch, like the room.
    response = client.get(f"/j/{session.join_code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Welke kans zie je?" in response.text
    assert '<html lang="nl">' in response.text
    assert "?lang=nl" in response.text  # the phone's socket speaks Dutch too
    session.language = "en"
    session.save()
    response = client.get(f"/j/{session.join_code}/", HTTP_ACCEPT_LANGUAGE="nl")
    assert "What opportunity do you see?" in response.text
    assert response["Content-Language"] == "en"


def test_a_participant_can_still_switch_language_on_the_phone(client, session):
    page = client.get(f"/j/{session.join_code}/")
    assert 'href="?lang=en"' in page.text  # the link in the phone's footer
    response = client.get(f"/j/{session.join_code}/?lang=en")
    assert "What opportunity do you see?" in response.text
    assert f"/ws/phone/{session.join_code}/?lang=en" in response.text
    # The choice is kept (a cookie): the plain link, or an unknown code, keeps English.
    assert "What opportunity" in client.get(f"/j/{session.join_code}/").text
    assert "What opportunity" in client.get(f"/j/{session.join_code}/?lang=xx").text
    client.cookies.clear()
    assert "Welke kans" in client.get(f"/j/{session.join_code}/?lang=xx").text


def test_user_text_is_escaped(client, session):
    session.title = "<script>alert(1)</script>"
    session.save()
    response = client.get(f"/j/{session.join_code}/")
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_pages_carry_no_inline_script(client, session, alice):
    client.force_login(alice)
    for url in [
        f"/j/{session.join_code}/",
        reverse("control", args=[session.pk]),
        reverse("screen", args=[session.pk]),
    ]:
        text = client.get(url).text
        for chunk in text.split("<script")[1:]:
            head = chunk.split(">", 1)[0]
            assert "src=" in head or 'type="application/json"' in head, (url, head)
        assert ' style="' not in text, url


# Facilitators: access -------------------------------------------------------


FACILITATOR_PAGES = ["control", "screen", "session_edit"]


@pytest.mark.parametrize("name", FACILITATOR_PAGES)
def test_facilitator_pages_need_a_login(client, session, name):
    response = client.get(reverse(name, args=[session.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", FACILITATOR_PAGES)
def test_facilitator_pages_are_404_for_someone_else(client, session, charlie, name):
    client.force_login(charlie)
    assert client.get(reverse(name, args=[session.pk])).status_code == 404


@pytest.mark.parametrize("name", FACILITATOR_PAGES)
def test_facilitator_pages_open_for_the_facilitator(client, session, alice, name):
    client.force_login(alice)
    assert client.get(reverse(name, args=[session.pk])).status_code == 200


def test_dashboard_lists_only_my_sessions(client, session, bobs_session, alice):
    client.force_login(alice)
    response = client.get(reverse("dashboard"))
    assert session.title in response.text
    assert bobs_session.title not in response.text


def test_dashboard_needs_a_login(client):
    assert client.get(reverse("dashboard")).status_code == 302


def test_screen_shows_the_qr_code_and_the_join_code(client, session, alice):
    client.force_login(alice)
    response = client.get(reverse("screen", args=[session.pk]))
    assert 'src="data:image/svg+xml;base64,' in response.text
    assert session.join_code in response.text
    assert f"/ws/screen/{session.pk}/" in response.text


def test_login_and_logout(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "alice-password-1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.get(reverse("logout")).status_code == 405  # logout is POST only
    client.post(reverse("logout"))
    assert client.get(reverse("dashboard")).status_code == 302


# Facilitators: creating, duplicating, editing -----------------------------------


def test_create_makes_a_session_from_the_default_model(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("session_create"),
        {"title": "Cultuur en zorg", "date": "2026-12-03", "place": "Zaandam"},
    )
    created = Session.objects.get(title="Cultuur en zorg")
    assert response["Location"] == reverse("session_edit", args=[created.pk])
    assert created.is_facilitator(alice)
    assert created.cards.count() == LibraryCard.objects.filter(active=True).count() > 0
    assert created.x_from == "Hulpverlening"


def test_create_with_bad_input_shows_errors_and_saves_nothing(client, alice):
    client.force_login(alice)
    response = client.post(reverse("session_create"), {"title": "", "date": "morgen"})
    assert response.status_code == 200
    assert response.text.count('class="ak-error"') >= 2
    assert not Session.objects.exists()


def test_duplicate_copies_cards_with_a_new_code(client, session, alice):
    client.force_login(alice)
    response = client.post(reverse("session_duplicate", args=[session.pk]))
    copy = Session.objects.exclude(pk=session.pk).get()
    assert response["Location"] == reverse("session_edit", args=[copy.pk])
    assert copy.join_code != session.join_code
    assert copy.state == Session.State.DRAFT
    assert [c.title for c in copy.cards.all()] == [c.title for c in session.cards.all()]


def test_duplicate_is_post_only_and_for_facilitators(client, session, charlie, alice):
    client.force_login(charlie)
    assert client.post(reverse("session_duplicate", args=[session.pk])).status_code == 404
    client.force_login(alice)
    assert client.get(reverse("session_duplicate", args=[session.pk])).status_code == 405
    assert Session.objects.count() == 1


def test_edit_saves_axes_and_reorders_cards(client, session, alice):
    client.force_login(alice)
    rows = existing_rows(session)
    rows[0]["position"], rows[1]["position"] = 1, 0
    rows.append({"position": None, "title": "Nieuwe kaart", "description": "Erbij"})
    data = card_formset_data(session, rows, x_from="Zorg", title="Nieuwe titel")
    response = client.post(reverse("session_edit", args=[session.pk]), data)
    assert response.status_code == 302, response.text
    session.refresh_from_db()
    assert (session.title, session.x_from) == ("Nieuwe titel", "Zorg")
    titles = [c.title for c in session.cards.all()]
    assert titles[:2] == [rows[1]["title"], rows[0]["title"]]
    assert titles[-1] == "Nieuwe kaart"


def test_edit_with_bad_input_shows_errors_and_saves_nothing(client, session, alice):
    client.force_login(alice)
    rows = existing_rows(session)
    rows[0]["title"] = ""
    data = card_formset_data(session, rows, title="Andere titel", x_to="")
    response = client.post(reverse("session_edit", args=[session.pk]), data)
    assert response.status_code == 200
    assert "Niet opgeslagen" in response.text
    session.refresh_from_db()
    assert session.title == "Kunst in de wijk"
    assert session.x_to == "Activering"


def test_edit_refuses_to_delete_a_card_with_placements(client, session, alice):
    card = session.cards.first()
    participant = Participant.objects.create(session=session)
    Placement.objects.create(participant=participant, card=card, x=0.1, y=0.2)
    client.force_login(alice)
    rows = existing_rows(session)
    rows[0]["DELETE"] = "on"
    response = client.post(
        reverse("session_edit", args=[session.pk]), card_formset_data(session, rows)
    )
    assert response.status_code == 200
    assert "kan niet weg" in response.text
    assert Card.objects.filter(pk=card.pk).exists()


def test_edit_refuses_a_session_without_cards(client, session, alice):
    client.force_login(alice)
    rows = [dict(r, DELETE="on") for r in existing_rows(session)]
    response = client.post(
        reverse("session_edit", args=[session.pk]), card_formset_data(session, rows)
    )
    assert response.status_code == 200
    assert "minstens één kaart" in response.text
    assert session.cards.count() == 12


def test_empty_extra_rows_are_ignored(client, session, alice):
    client.force_login(alice)
    rows = existing_rows(session) + [{"position": None, "title": "", "description": ""}]
    response = client.post(
        reverse("session_edit", args=[session.pk]), card_formset_data(session, rows)
    )
    assert response.status_code == 302
    assert session.cards.count() == 12


def test_library_edits_the_cards_new_sessions_get(client, alice):
    LibraryCard.ensure_defaults()
    from workshop.accounts import make_organiser

    make_organiser(alice)  # the built-in cards are the organisers' to change
    client.force_login(alice)
    cards = list(LibraryCard.objects.all())
    data = {
        "form-TOTAL_FORMS": str(len(cards) + 1),
        "form-INITIAL_FORMS": str(len(cards)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, c in enumerate(cards):
        data.update({f"form-{i}-id": c.pk, f"form-{i}-position": c.position,
                     f"form-{i}-title": c.title, f"form-{i}-description": c.description})  # fmt: skip
        if i > 0:
            data[f"form-{i}-active"] = "on"  # the first is switched off
    n = len(cards)
    data.update({f"form-{n}-title": "Zingen in de wijk", f"form-{n}-active": "on"})
    response = client.post(reverse("library"), data)
    assert response.status_code == 302
    assert not LibraryCard.objects.get(pk=cards[0].pk).active
    assert LibraryCard.objects.order_by("position").last().title == "Zingen in de wijk"
    new = Session.create_from_library(alice, title="Met de nieuwe kaart")
    titles = [c.title for c in new.cards.all()]
    assert cards[0].title not in titles
    assert titles[-1] == "Zingen in de wijk"


def test_library_with_bad_input_shows_errors(client, alice):
    LibraryCard.ensure_defaults()
    client.force_login(alice)
    data = {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000",
        "form-0-title": "x" * 200, "form-0-active": "on",
    }  # fmt: skip
    response = client.post(reverse("library"), data)
    assert response.status_code == 200
    assert "Niet opgeslagen" in response.text
    assert LibraryCard.objects.count() == 12


def test_the_code_form_works_without_a_csrf_cookie(client, session):
    """Joining reads nothing private; a phone that blocks cookies must still get in."""
    response = client.get(reverse("join_by_code"), {"code": session.join_code.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/j/{session.join_code}/"


def test_error_pages_render_without_a_request_context(settings):
    from django.template.loader import render_to_string

    assert "Er ging iets mis" in render_to_string("500.html")


def test_the_edit_page_links_to_deleting_the_session(client, alice, session):
    from django.urls import reverse

    client.force_login(alice)
    page = client.get(reverse("session_edit", args=[session.pk])).content.decode()
    assert reverse("session_delete", args=[session.pk]) in page
