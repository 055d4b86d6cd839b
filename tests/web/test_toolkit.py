"""The facilitator's toolkit pages: decks, card images, exports and co-hosts."""

import base64
import csv
import datetime
import io
import json
import random
import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from PIL import Image

from tests.helpers import place
from workshop import exports
from workshop.models import Card, Deck, DeckCard, Placement, Session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_and_private_media(settings, tmp_path):
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = tmp_path / "media"


def picture_bytes(fmt="PNG", size=(40, 30), noise=False) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    if noise:
        # Random pixels do not compress: a few megabytes of real picture.
        image = Image.frombytes("RGB", size, random.Random(1).randbytes(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


AXIS_FIELDS = [
    "x_from", "x_to", "y_from", "y_to",
    "quadrant_top_left", "quadrant_top_right", "quadrant_bottom_left", "quadrant_bottom_right",
]  # fmt: skip


def edit_data(session, **card_fields):
    """The edit form as the browser posts it, with extra fields for the first card."""
    cards = list(session.cards.all())
    data = {
        "title": session.title,
        "date": "",
        "place": session.place,
        "organiser": session.organiser,
        **{f: getattr(session, f) for f in AXIS_FIELDS},
        "cards-TOTAL_FORMS": str(len(cards)),
        "cards-INITIAL_FORMS": str(len(cards)),
        "cards-MIN_NUM_FORMS": "0",
        "cards-MAX_NUM_FORMS": "1000",
    }
    for i, card in enumerate(cards):
        data.update(
            {
                f"cards-{i}-id": card.pk,
                f"cards-{i}-session": session.pk,
                f"cards-{i}-position": card.position,
                f"cards-{i}-title": card.title,
                f"cards-{i}-description": card.description,
                f"cards-{i}-image_credit": card.image_credit,
            }
        )
    data.update({f"cards-0-{k}": v for k, v in card_fields.items()})
    return data


@pytest.fixture
def deck_with_two_sessions(session, alice):
    """Alice's deck, used by her first session (in Utrecht) and a second (in Zwolle)."""
    deck = session.save_as_deck(alice, "Wijkdeck")
    Session.objects.filter(pk=session.pk).update(deck=deck, date=datetime.date(2026, 3, 1))
    session.refresh_from_db()
    other = Session.create_from_deck(
        alice, deck, title="Noord", date=datetime.date(2026, 4, 1), place="Zwolle"
    )
    return deck, session, other


# Access ---------------------------------------------------------------------


SESSION_PAGES = ["deck_save", "session_facilitators", "export_csv", "export_json", "replay_json"]


@pytest.mark.parametrize("name", SESSION_PAGES)
def test_session_pages_need_a_login(client, session, name):
    response = client.get(reverse(name, args=[session.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", SESSION_PAGES)
def test_session_pages_are_404_for_someone_who_does_not_facilitate(client, session, charlie, name):
    client.force_login(charlie)
    assert client.get(reverse(name, args=[session.pk])).status_code == 404
    assert client.post(reverse(name, args=[session.pk]), {"name": "x"}).status_code == 404
    assert not Deck.objects.exists()


@pytest.mark.parametrize("name", ["deck_detail", "deck_compare"])
def test_deck_pages_are_404_for_someone_without_the_deck(
    client, deck_with_two_sessions, charlie, name
):
    deck, _, _ = deck_with_two_sessions
    assert client.get(reverse(name, args=[deck.pk])).status_code == 302
    client.force_login(charlie)
    assert client.get(reverse(name, args=[deck.pk])).status_code == 404
    assert client.post(reverse("deck_detail", args=[deck.pk]), {"title": "x"}).status_code == 404
    assert Session.objects.count() == 2


def test_deck_list_needs_a_login_and_shows_only_my_decks(client, session, alice, bob):
    assert client.get(reverse("deck_list")).status_code == 302
    session.save_as_deck(alice, "Alice deck")
    Session.create_from_library(bob, title="Bob").save_as_deck(bob, "Bob deck")
    client.force_login(alice)
    text = client.get(reverse("deck_list")).text
    assert "Alice deck" in text and "Bob deck" not in text


def test_a_co_host_sees_the_deck_of_a_session_they_facilitate(client, deck_with_two_sessions, bob):
    deck, first, _ = deck_with_two_sessions
    first.facilitators.add(bob)
    client.force_login(bob)
    assert "Wijkdeck" in client.get(reverse("deck_list")).text
    assert client.get(reverse("deck_compare", args=[deck.pk])).status_code == 200


# Decks ----------------------------------------------------------------------


def test_saving_a_deck_keeps_the_cards_and_links_the_session(client, session, alice):
    client.force_login(alice)
    response = client.post(reverse("deck_save", args=[session.pk]), {"name": "Wijkdeck"})
    deck = Deck.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("deck_detail", args=[deck.pk])
    assert deck.owner == alice and deck.name == "Wijkdeck"
    assert [c.title for c in deck.cards.all()] == [c.title for c in session.cards.all()]
    session.refresh_from_db()
    assert session.deck == deck


def test_an_empty_deck_name_shows_an_error_and_saves_nothing(client, session, alice):
    client.force_login(alice)
    response = client.post(reverse("deck_save", args=[session.pk]), {"name": "  "})
    assert response.status_code == 200
    assert "Give the deck a name." in response.text
    assert not Deck.objects.exists()


def test_a_new_session_starts_from_the_deck_page(client, deck_with_two_sessions, alice):
    deck, first, _ = deck_with_two_sessions
    client.force_login(alice)
    page = client.get(reverse("deck_detail", args=[deck.pk])).text
    assert first.cards.first().title in page and first.title in page
    response = client.post(
        reverse("deck_detail", args=[deck.pk]), {"title": "Derde", "date": "2026-05-01"}
    )
    new = Session.objects.get(title="Derde")
    assert response["Location"] == reverse("session_edit", args=[new.pk])
    assert new.deck == deck and new.is_facilitator(alice)
    assert new.cards.count() == deck.cards.count()


def test_a_new_session_without_a_title_is_not_made(client, deck_with_two_sessions, alice):
    deck, _, _ = deck_with_two_sessions
    client.force_login(alice)
    response = client.post(reverse("deck_detail", args=[deck.pk]), {"title": ""})
    assert response.status_code == 200
    assert 'class="ak-error"' in response.text
    assert Session.objects.count() == 2


def test_the_comparison_shows_both_sessions_means_in_words_and_numbers(
    client, deck_with_two_sessions, alice
):
    deck, first, second = deck_with_two_sessions
    title = first.cards.first().title
    place(first, first.cards.first(), 0.8, 0.8)
    place(first, first.cards.first(), 0.6, 0.4)
    place(second, second.cards.get(title=title), -0.5, -0.3)
    client.force_login(alice)

    text = client.get(reverse("deck_compare", args=[deck.pk])).text

    assert first.title in text and "Noord" in text and "Zwolle" in text
    assert "March 1, 2026" in text and "April 1, 2026" in text  # each row's date
    assert "Collectieve activering, strongly" in text  # first: mean (0.7, 0.6)
    assert "0.70; 0.60" in text and "0.10; 0.20" in text  # mean and spread
    assert "Individuele hulpverlening, clearly" in text  # second: (-0.5, -0.3)
    assert "-0.50; -0.30" in text
    # One grid for the one card that was played; the others are named together.
    assert text.count('src="data:image/svg+xml;base64,') == 1
    assert "Cards no session placed" in text
    for card in deck.cards.exclude(title=title):
        assert card.title in text


def test_the_comparison_follows_a_card_renamed_in_one_session(
    client, deck_with_two_sessions, alice
):
    """Matched by the deck card each was made from, not by title: after a rename
    the card keeps its row with both sessions' results, and no 'not placed'."""
    deck, first, second = deck_with_two_sessions
    deck_card = deck.cards.first()
    renamed = second.cards.get(deck_card=deck_card)
    renamed.title = "Heel andere naam"
    renamed.save()
    place(first, first.cards.get(deck_card=deck_card), 0.8, 0.8)
    place(second, renamed, -0.5, -0.3)

    (row,) = [c for c in exports.deck_comparison(deck)["cards"] if c["title"] == deck_card.title]
    assert [s["n"] for s in row["sessions"]] == [1, 1]
    assert row["sessions"][1]["mean"] == pytest.approx((-0.5, -0.3))
    client.force_login(alice)
    text = client.get(reverse("deck_compare", args=[deck.pk])).text
    assert "Individuele hulpverlening, clearly" in text  # the renamed card's second session
    assert "Heel andere naam" not in text  # shown under the deck's name for it


def test_a_duplicate_keeps_each_cards_deck_card(deck_with_two_sessions, alice):
    deck, first, _ = deck_with_two_sessions
    copy = first.duplicate(alice)
    assert [c.deck_card_id for c in copy.cards.all()] == [c.pk for c in deck.cards.all()]
    assert [c.deck_card_id for c in first.cards.all()] == [c.pk for c in deck.cards.all()]


def test_the_migration_matches_older_cards_by_title(deck_with_two_sessions):
    from importlib import import_module

    from django.apps import apps

    deck, first, second = deck_with_two_sessions
    Card.objects.update(deck_card=None)  # as before the field
    Card.objects.filter(session=second, position=1).update(title="Hernoemd")
    import_module("workshop.migrations.0012_card_deck_card").match_by_title(apps, None)
    matched = dict(second.cards.values_list("position", "deck_card__title"))
    assert matched[0] == deck.cards.get(position=0).title
    assert matched[1] is None  # renamed before the field: left unmatched
    assert all(first.cards.values_list("deck_card", flat=True))


def chart_svgs(text: str) -> list[str]:
    sources = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', text)
    return [base64.b64decode(source).decode() for source in sources]


def test_the_comparison_draws_a_session_with_other_axes_on_its_own_grid(
    client, deck_with_two_sessions, alice
):
    deck, first, second = deck_with_two_sessions
    Session.objects.filter(pk=second.pk).update(
        quadrant_top_right="Samen de wijk in", x_to="Meedoen"
    )
    title = first.cards.first().title
    place(first, first.cards.first(), 0.7, 0.6)
    place(second, second.cards.get(title=title), 0.5, 0.5)
    client.force_login(alice)

    text = client.get(reverse("deck_compare", args=[deck.pk])).text

    first_chart, second_chart = chart_svgs(text)
    assert "Collectieve activering" in first_chart and "Samen de wijk in" not in first_chart
    assert "Samen de wijk in" in second_chart and "Collectieve activering" not in second_chart
    assert ">1<" in first_chart and ">2<" not in first_chart  # each grid its own session
    assert ">2<" in second_chart
    assert "Not every session used the same axes" in text
    assert "<figcaption" in text and ">Session 2</figcaption>" in text


def test_the_comparison_names_a_session_without_placements_instead_of_showing_n_0(
    client, deck_with_two_sessions, alice
):
    deck, first, second = deck_with_two_sessions
    place(first, first.cards.first(), 0.7, 0.6)
    client.force_login(alice)

    text = client.get(reverse("deck_compare", args=[deck.pk])).text

    assert "Not played yet, so not compared:" in text
    rows = re.findall(r'<tr role="row">(.*?)</tr>', text, re.S)
    assert len(rows) == 2  # the header and the first session's row: no n = 0 row for Noord
    assert second.title not in rows[1] and "Not every session" not in text


def test_the_comparison_writes_dates_in_the_pages_language(client, deck_with_two_sessions, alice):
    deck, first, _ = deck_with_two_sessions
    place(first, first.cards.first(), 0.7, 0.6)
    client.force_login(alice)

    text = client.get(reverse("deck_compare", args=[deck.pk]), HTTP_ACCEPT_LANGUAGE="nl").text

    assert text.count("1 maart 2026") == 2  # in the list of sessions and in the table row
    assert "March" not in text and "03/01/2026" not in text and "1-3-2026" not in text


def test_the_comparison_leaves_out_sessions_i_do_not_facilitate(
    client, deck_with_two_sessions, alice, bob
):
    deck, first, _ = deck_with_two_sessions
    Session.create_from_deck(bob, deck, title="Bob zijn sessie")
    first.facilitators.add(bob)
    client.force_login(alice)
    text = client.get(reverse("deck_compare", args=[deck.pk])).text
    assert "Bob zijn sessie" not in text
    assert "1 other session used this deck" in text


def test_a_facilitator_renames_her_deck(client, deck_with_two_sessions, alice):
    deck, first, _ = deck_with_two_sessions
    client.force_login(alice)
    url = reverse("deck_rename", args=[deck.pk])
    assert url in client.get(reverse("deck_detail", args=[deck.pk])).text
    assert 'value="Wijkdeck"' in client.get(url).text

    response = client.post(url, {"name": "  Buurtdeck  "}, follow=True)

    assert response.redirect_chain == [(reverse("deck_detail", args=[deck.pk]), 302)]
    assert "Deck renamed." in response.text and "Buurtdeck" in response.text
    deck.refresh_from_db()
    assert deck.name == "Buurtdeck"
    first.refresh_from_db()
    assert first.title == "Kunst in de wijk" and first.deck == deck


def test_an_empty_deck_name_shows_an_error_and_keeps_the_old_name(
    client, deck_with_two_sessions, alice
):
    deck, _, _ = deck_with_two_sessions
    client.force_login(alice)
    response = client.post(reverse("deck_rename", args=[deck.pk]), {"name": " "})
    assert response.status_code == 200
    assert "Give the deck a name." in response.text
    deck.refresh_from_db()
    assert deck.name == "Wijkdeck"


def test_deleting_a_deck_asks_first_and_then_leaves_its_sessions_whole(
    client, deck_with_two_sessions, alice, bob
):
    deck, first, second = deck_with_two_sessions
    bobs = Session.create_from_deck(bob, deck, title="Bob zijn sessie")
    place(first, first.cards.first(), 0.5, 0.5, comment="Mooi")
    cards_before = {s.pk: [c.title for c in s.cards.all()] for s in (first, second, bobs)}
    client.force_login(alice)
    url = reverse("deck_delete", args=[deck.pk])
    assert url in client.get(reverse("deck_detail", args=[deck.pk])).text

    confirm = client.get(url)
    assert confirm.status_code == 200 and 'method="post"' in confirm.text
    assert f"its {deck.cards.count()} cards" in confirm.text
    assert "3 sessions were started from this deck" in confirm.text
    assert Deck.objects.filter(pk=deck.pk).exists(), "showing the confirmation deletes nothing"

    response = client.post(url, follow=True)

    assert response.redirect_chain == [(reverse("deck_list"), 302)]
    assert "Deck “Wijkdeck” deleted." in response.text
    assert not Deck.objects.exists() and not DeckCard.objects.exists()
    for s in (first, second, bobs):
        s.refresh_from_db()
        assert s.deck is None
        assert [c.title for c in s.cards.all()] == cards_before[s.pk]
    assert Placement.objects.get().comment == "Mooi"
    control = client.get(reverse("control", args=[first.pk]))
    assert control.status_code == 200 and "/compare/" not in control.text


def test_a_session_keeps_the_card_pictures_of_a_deleted_deck(client, session, alice):
    client.force_login(alice)
    data = edit_data(session, image=upload("buurt.png", picture_bytes()))
    assert client.post(reverse("session_edit", args=[session.pk]), data).status_code == 302
    deck = session.save_as_deck(alice, "Met plaatjes")
    copy = Session.create_from_deck(alice, deck, title="Tweede keer")

    client.post(reverse("deck_delete", args=[deck.pk]))

    assert not Deck.objects.exists()
    for s in (session, copy):
        card = s.cards.first()
        served = client.get(card.image.url)
        assert served.status_code == 200
        assert b"".join(served.streaming_content) == picture_bytes()


@pytest.mark.parametrize("name", ["deck_rename", "deck_delete"])
def test_renaming_and_deleting_need_a_login_and_a_csrf_token(deck_with_two_sessions, alice, name):
    deck, _, _ = deck_with_two_sessions
    url = reverse(name, args=[deck.pk])
    assert reverse("login") in HttpClient().post(url, {"name": "Weg"})["Location"]

    client = HttpClient(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(url, {"name": "Weg"}).status_code == 403
    assert Deck.objects.get(pk=deck.pk).name == "Wijkdeck"


@pytest.mark.parametrize("persona", ["bob", "charlie"])
@pytest.mark.parametrize("name", ["deck_rename", "deck_delete"])
def test_someone_who_cannot_see_the_deck_can_neither_rename_nor_delete_it(
    client, deck_with_two_sessions, request, persona, name
):
    deck, _, _ = deck_with_two_sessions
    client.force_login(request.getfixturevalue(persona))
    url = reverse(name, args=[deck.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Weg"}).status_code == 404
    assert Deck.objects.get(pk=deck.pk).name == "Wijkdeck"


def test_a_co_host_uses_the_deck_but_neither_renames_nor_deletes_it(
    client, deck_with_two_sessions, bob
):
    deck, first, _ = deck_with_two_sessions
    first.facilitators.add(bob)
    client.force_login(bob)
    page = client.get(reverse("deck_detail", args=[deck.pk])).text
    assert reverse("deck_compare", args=[deck.pk]) in page
    for name in ("deck_rename", "deck_delete"):
        url = reverse(name, args=[deck.pk])
        assert url not in page
        assert client.get(url).status_code == 403
        assert client.post(url, {"name": "Samen"}).status_code == 403
    assert Deck.objects.get(pk=deck.pk).name == "Wijkdeck"

    created = client.post(reverse("deck_detail", args=[deck.pk]), {"title": "Bob start"})
    assert created.status_code == 302 and Session.objects.filter(title="Bob start").exists()


def test_an_organiser_may_rename_a_deck_they_did_not_make_staff_alone_may_not(
    client, deck_with_two_sessions, charlie
):
    from workshop.accounts import make_organiser

    deck, _, _ = deck_with_two_sessions
    charlie.is_staff = True
    charlie.save()
    client.force_login(charlie)
    assert client.post(reverse("deck_rename", args=[deck.pk]), {"name": "Staf"}).status_code in (
        403,
        404,
    )
    assert Deck.objects.get(pk=deck.pk).name != "Staf"

    make_organiser(charlie)
    client.post(reverse("deck_rename", args=[deck.pk]), {"name": "Beheerd"})
    assert Deck.objects.get(pk=deck.pk).name == "Beheerd"


# Card images ----------------------------------------------------------------


def test_the_edit_form_takes_a_picture_and_a_credit_and_serves_it(client, session, alice):
    client.force_login(alice)
    page = client.get(reverse("session_edit", args=[session.pk])).text
    assert 'enctype="multipart/form-data"' in page and 'name="cards-0-image"' in page

    data = edit_data(
        session, image=upload("buurt.png", picture_bytes()), image_credit="Foto: Wijkatelier"
    )
    response = client.post(reverse("session_edit", args=[session.pk]), data)

    assert response.status_code == 302, response.text
    card = session.cards.first()
    card.refresh_from_db()
    assert card.image.name.startswith("cards/") and card.image_credit == "Foto: Wijkatelier"
    served = client.get(card.image.url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == picture_bytes()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("script.png", b"<script>alert(1)</script>", "Upload a valid image"),
        ("big.png", picture_bytes(size=(1100, 1000), noise=True), "larger than 2 MB"),
        ("anim.gif", picture_bytes("GIF"), "Use a JPEG, PNG or WebP picture."),
    ],
)
def test_a_bad_picture_shows_an_error_and_changes_nothing(
    client, session, alice, name, data, message
):
    client.force_login(alice)
    data = edit_data(session, image=upload(name, data), title="Nieuwe titel")
    response = client.post(reverse("session_edit", args=[session.pk]), data)
    assert response.status_code == 200
    assert message in response.text
    card = session.cards.first()
    card.refresh_from_db()
    assert not card.image and card.title != "Nieuwe titel"


@pytest.mark.parametrize("name", ["../secret.png", "x.html", ".hidden.png", "missing.png"])
def test_the_image_view_serves_only_pictures_in_the_cards_folder(client, settings, name):
    (settings.MEDIA_ROOT / "cards").mkdir(parents=True)
    (settings.MEDIA_ROOT / "secret.png").write_bytes(picture_bytes())
    (settings.MEDIA_ROOT / "cards" / "x.html").write_text("<script></script>")
    (settings.MEDIA_ROOT / "cards" / ".hidden.png").write_bytes(picture_bytes())
    assert client.get(f"/media/cards/{name}").status_code == 404


# Exports --------------------------------------------------------------------


def test_the_csv_export_is_an_attachment_with_every_placement(client, session, alice):
    first, second = list(session.cards.all()[:2])
    place(session, first, 0.5, 0.25, role="kunstenaar", comment="Mooi")
    place(session, second, -0.75, 0.1, role="bewoner", comment="geheim", hidden=True)
    client.force_login(alice)

    response = client.get(reverse("export_csv", args=[session.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="assenkruis-{session.join_code}.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["card"], r["role"], r["x"], r["y"], r["comment"]) for r in rows] == [
        (first.title, "kunstenaar", "0.5", "0.25", "Mooi"),
        (second.title, "bewoner", "-0.75", "0.1", ""),
    ]


def test_the_excel_export_has_semicolons_and_decimal_commas_and_defuses_formulas(
    client, session, alice
):
    first, second, third = list(session.cards.all()[:3])
    first.title = "Kunst; en zorg"  # the separator inside a cell
    first.save()
    place(session, first, 0.5, -0.25, role="kunstenaar", comment='=HYPERLINK("http://x";"klik")')
    place(session, second, -0.75, 0.1, role="bewoner", comment="-1+1")
    place(session, third, -1.0, 1.0, role="bewoner", comment="@SUM(A1)")
    client.force_login(alice)

    response = client.get(reverse("export_csv", args=[session.pk]) + "?excel=1")

    assert response["Content-Disposition"].endswith(f'assenkruis-{session.join_code}-excel.csv"')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffsession;card_id;card;") and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert [(r["card"], r["x"], r["y"]) for r in rows] == [
        ("Kunst; en zorg", "0,5", "-0,25"),
        (second.title, "-0,75", "0,1"),
        (third.title, "-1,0", "1,0"),
    ]
    assert [r["comment"] for r in rows] == ['\'=HYPERLINK("http://x";"klik")', "'-1+1", "'@SUM(A1)"]
    assert text.count("\r\n") == 4, "one header and three rows: no cell broke a line"


def test_pythons_csv_reads_the_script_export_as_it_is_downloaded(client, session, alice, tmp_path):
    """docs/export.md: Python's csv reads it by default. The file as downloaded,
    opened the way a script opens a CSV: the first field is "session", accents intact."""
    card = session.cards.first()
    card.title = "Café in de wijk"
    card.save()
    place(session, card, -0.5, 0.5, role="kunstenaar", comment="Mooi, één idee")
    client.force_login(alice)
    path = tmp_path / "assenkruis.csv"
    path.write_bytes(client.get(reverse("export_csv", args=[session.pk])).content)

    with open(path, newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        rows = list(reader)
    assert reader.fieldnames[0] == "session"
    assert (rows[0]["session"], rows[0]["card"], rows[0]["comment"]) == (
        session.join_code,
        "Café in de wijk",
        "Mooi, één idee",
    )


def test_the_script_export_keeps_commas_and_points_and_defuses_formulas_too(client, session, alice):
    card = session.cards.first()
    place(session, card, -0.5, 0.5, comment="+31 6 1234")
    client.force_login(alice)

    text = client.get(reverse("export_csv", args=[session.pk])).content.decode("utf-8-sig")

    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert (row["x"], row["y"], row["comment"]) == ("-0.5", "0.5", "'+31 6 1234")


def test_the_control_page_offers_the_excel_variant_first(client, session, alice):
    client.force_login(alice)
    page = client.get(reverse("control", args=[session.pk])).text
    excel = page.index(reverse("export_csv", args=[session.pk]) + "?excel=1")
    plain = page.index(f'href="{reverse("export_csv", args=[session.pk])}"')
    assert excel < plain


def test_the_json_export_carries_the_session_and_its_placements(client, session, alice):
    place(session, session.cards.first(), 0.2, -0.4, role="opbouwwerker")
    client.force_login(alice)

    response = client.get(reverse("export_json", args=[session.pk]))

    assert response["Content-Disposition"].endswith(f'assenkruis-{session.join_code}.json"')
    data = json.loads(response.content)
    assert data["session"]["join_code"] == session.join_code
    assert data["session"]["place"] == "Buurthuis De Vlinder"
    assert [(p["role"], p["x"], p["y"]) for p in data["placements"]] == [
        ("opbouwwerker", 0.2, -0.4)
    ]


def test_the_replay_lists_the_moves_in_time_order(client, session, alice):
    card = session.cards.first()
    place(session, card, 0.1, 0.1)
    place(session, card, 0.3, -0.2)
    client.force_login(alice)
    data = client.get(reverse("replay_json", args=[session.pk])).json()
    assert [(e["x"], e["y"]) for e in data["events"]] == [(0.1, 0.1), (0.3, -0.2)]
    assert data["cards"][str(card.pk)] == card.title


# Co-hosts -------------------------------------------------------------------


def test_a_facilitator_adds_a_co_host_by_username(client, session, alice, bob):
    client.force_login(alice)
    response = client.post(
        reverse("session_facilitators", args=[session.pk]), {"username": " bob "}, follow=True
    )
    assert "bob now also facilitates this session." in response.text
    assert session.is_facilitator(bob)
    client.force_login(bob)
    assert client.get(reverse("control", args=[session.pk])).status_code == 200


def test_an_unknown_username_shows_an_error_and_adds_nobody(client, session, alice):
    client.force_login(alice)
    response = client.post(
        reverse("session_facilitators", args=[session.pk]), {"username": "bobby"}
    )
    assert response.status_code == 200
    assert "There is no account with the username “bobby”" in response.text
    assert list(session.facilitators.all()) == [alice]


def test_a_co_host_is_not_added_twice(client, session, alice, bob):
    session.facilitators.add(bob)
    client.force_login(alice)
    response = client.post(reverse("session_facilitators", args=[session.pk]), {"username": "bob"})
    assert "bob already facilitates this session." in response.text
    assert session.facilitators.count() == 2


def test_a_co_host_can_be_removed_but_never_the_last_facilitator(client, session, alice, bob):
    session.facilitators.add(bob)
    client.force_login(alice)
    url = reverse("session_facilitators", args=[session.pk])

    client.post(url, {"remove": bob.pk})
    assert list(session.facilitators.all()) == [alice]

    response = client.post(url, {"remove": alice.pk}, follow=True)
    assert "A session needs at least one facilitator." in response.text
    assert list(session.facilitators.all()) == [alice]


def test_removing_someone_who_is_not_a_co_host_changes_nothing(client, session, alice, bob):
    client.force_login(alice)
    url = reverse("session_facilitators", args=[session.pk])
    for value in [bob.pk, "x", ""]:
        response = client.post(url, {"remove": value}, follow=True)
        assert response.status_code == 200
    assert list(session.facilitators.all()) == [alice]


def test_removing_myself_takes_me_to_the_dashboard(client, session, alice, bob):
    session.facilitators.add(bob)
    client.force_login(alice)
    response = client.post(reverse("session_facilitators", args=[session.pk]), {"remove": alice.pk})
    assert response["Location"] == reverse("dashboard")
    assert list(session.facilitators.all()) == [bob]


# Language -------------------------------------------------------------------


def test_the_toolkit_pages_speak_dutch_by_default(client, settings, session, alice):
    settings.LANGUAGE_CODE = "nl"
    client.force_login(alice)
    response = client.post(reverse("session_facilitators", args=[session.pk]), {"username": "x"})
    assert "Er is geen account met de gebruikersnaam „x”" in response.text


def test_deleting_a_deck_asks_in_dutch_by_default(client, settings, deck_with_two_sessions, alice):
    settings.LANGUAGE_CODE = "nl"
    deck, _, _ = deck_with_two_sessions
    client.force_login(alice)
    text = client.get(reverse("deck_delete", args=[deck.pk])).text
    assert "Kaartenset “Wijkdeck” en de" in text
    assert "2 sessies zijn met deze kaartenset begonnen." in text


# Links ----------------------------------------------------------------------


def test_the_control_page_links_the_toolkit(client, deck_with_two_sessions, alice):
    deck, session, _ = deck_with_two_sessions
    client.force_login(alice)
    text = client.get(reverse("control", args=[session.pk])).text
    for name in ["export_csv", "export_json", "session_facilitators", "deck_save"]:
        assert reverse(name, args=[session.pk]) in text, name
    assert reverse("deck_compare", args=[deck.pk]) in text


def test_the_dashboard_links_the_decks(client, session, alice):
    client.force_login(alice)
    assert reverse("deck_list") in client.get(reverse("dashboard")).text


def test_the_comparison_names_a_session_whose_answers_retention_removed_as_such(
    client, deck_with_two_sessions, alice, settings
):
    """Not "not played yet": it was played, and its answers are gone."""
    from django.utils import timezone

    from workshop import retention

    deck, first, second = deck_with_two_sessions
    place(first, first.cards.first(), 0.7, 0.6)
    place(second, second.cards.first(), -0.2, 0.1)
    second.state = second.State.CLOSED
    second.save()
    assert retention.remove_participant_data(second.pk, timezone.now())
    client.force_login(alice)

    text = " ".join(client.get(reverse("deck_compare", args=[deck.pk])).text.split())

    removed = "Answers removed after the time to keep them, so not compared:"
    assert re.search(rf"{removed} <a [^>]*>{re.escape(second.title)}</a>", text)
    assert "Not played yet" not in text
