"""Card decks, card images, exports, replay events and the deck comparison."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.helpers import place
from workshop import exports
from workshop.lib.images import validate_card_image
from workshop.models import Session

pytestmark = pytest.mark.django_db


def picture(fmt: str = "PNG", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, fmt)
    return SimpleUploadedFile(f"kaart.{fmt.lower()}", buffer.getvalue())


def test_a_session_saved_as_a_deck_starts_new_sessions_with_the_same_cards(session, alice):
    card = session.cards.first()
    card.image_credit = "Foto: Wijkatelier"
    card.save()

    deck = session.save_as_deck(alice, "Kunst in de wijk")
    again = Session.create_from_deck(alice, deck, title="Tweede wijk")

    assert [c.title for c in again.cards.all()] == [c.title for c in session.cards.all()]
    assert again.cards.first().image_credit == "Foto: Wijkatelier"
    assert again.deck == deck and again.is_facilitator(alice)


def refusal(file) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_card_image(file)
    return caught.value.code


def test_a_card_image_must_be_a_small_real_picture():
    validate_card_image(picture("PNG"))
    validate_card_image(picture("JPEG"))
    assert refusal(SimpleUploadedFile("kaart.png", b"<script>alert(1)</script>")) == "invalid"
    assert refusal(picture("GIF")) == "format"
    assert refusal(SimpleUploadedFile("big.png", b"\0" * (2 * 1024 * 1024 + 1))) == "too_large"
    assert refusal(picture("PNG", size=(4001, 10))) == "too_big"


def test_the_csv_export_has_every_placement_and_keeps_hidden_comments_out(session):
    first, second = list(session.cards.all()[:2])
    place(session, first, 0.5, 0.5, role="kunstenaar", comment='=HYPERLINK("x")')
    place(session, first, -0.5, -0.5, role="opbouwwerker", comment="geheim", hidden=True)
    place(session, second, 0.1, -0.9, round_=2)

    rows = list(csv.DictReader(io.StringIO(exports.as_csv(exports.placement_rows(session)))))

    assert [(r["card"], r["round"], r["role"], r["x"], r["y"]) for r in rows] == [
        (first.title, "1", "kunstenaar", "0.5", "0.5"),
        (first.title, "1", "opbouwwerker", "-0.5", "-0.5"),
        (second.title, "2", "", "0.1", "-0.9"),
    ]
    assert rows[0]["comment"] == '\'=HYPERLINK("x")', "formula defused"
    assert (rows[1]["comment"], rows[1]["comment_state"]) == ("", "hidden")
    assert rows[0]["quadrant"] == "Collectieve activering"
    assert set(rows[0]) == set(exports.FIELDS)


def test_the_json_export_names_its_schema_and_the_session(session):
    place(session, session.cards.first(), 0.2, 0.3)
    data = exports.as_json(session, exports.placement_rows(session))
    assert data["schema"] == exports.SCHEMA_VERSION
    assert data["session"]["axes"]["x_from"] == "Hulpverlening"
    assert data["placements"][0]["source"] == "phone"


def test_replay_events_come_in_time_order_from_zero(session):
    card = session.cards.first()
    place(session, card, 0.1, 0.1)
    place(session, card, 0.2, 0.2)
    events = exports.replay_events(session)
    assert [e["x"] for e in events] == [0.1, 0.2]
    assert events[0]["t"] == 0 and events[1]["t"] >= 0


def test_the_deck_comparison_shows_each_session_of_the_deck_per_card(session, alice):
    deck = session.save_as_deck(alice, "Wijkdeck")
    session.deck = deck
    session.date = datetime.date(2026, 3, 1)
    session.save()
    other = Session.create_from_deck(alice, deck, title="Noord", date=datetime.date(2026, 4, 1))
    title = session.cards.first().title
    place(session, session.cards.first(), 0.4, 0.4)
    place(other, other.cards.get(title=title), -0.4, 0.0)

    comparison = exports.deck_comparison(deck)

    row = next(c for c in comparison["cards"] if c["title"] == title)
    assert [(s["title"], s["mean"]) for s in row["sessions"]] == [
        (session.title, [0.4, 0.4]),
        ("Noord", [-0.4, 0.0]),
    ]
