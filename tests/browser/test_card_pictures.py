"""A card's picture on the phone: shown with its credit when the card is chosen."""

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from tests.browser.conftest import PHONE, join_and_skip_role
from tests.browser.room_helpers import card_action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pictured_card(session):
    """The session's first open card with a picture, in the MEDIA_ROOT Daphne serves from."""
    card = session.cards.filter(is_open=True).order_by("position", "id").first()
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((900, 600)).convert("RGB").save(buffer, "JPEG")
    card.image.save("browser-test-buurt.jpg", ContentFile(buffer.getvalue()))
    card.image_credit = "Foto: Wijkatelier"
    card.save()
    yield card
    small = Path(card.image.path).parent / "small" / (Path(card.image.name).name + ".jpg")
    small.unlink(missing_ok=True)
    card.image.delete(save=False)


def test_choosing_a_card_shows_its_picture_and_credit(new_page, session, pictured_card):
    phone = new_page(**PHONE)
    join_and_skip_role(phone, session)
    phone.locator(f'.ak-chip[data-card="{pictured_card.pk}"]').click()

    picture = phone.locator("#ak-detail-image")
    picture.wait_for()
    phone.wait_for_function(
        "() => { const i = document.getElementById('ak-detail-image');"
        " return i.complete && i.naturalWidth > 0; }"
    )
    assert picture.get_attribute("src") == pictured_card.small_image_url
    assert phone.evaluate("document.getElementById('ak-detail-image').naturalWidth") == 320
    assert phone.locator("#ak-detail-credit").inner_text() == "Foto: Wijkatelier"
    # It sits beside the description, inside the phone's width.
    box = picture.bounding_box()
    assert box["width"] <= 160 and box["x"] + box["width"] <= 375


def test_a_card_without_a_picture_shows_none(new_page, session, pictured_card):
    other = session.cards.filter(is_open=True).exclude(pk=pictured_card.pk).first()
    phone = new_page(**PHONE)
    join_and_skip_role(phone, session)
    phone.locator(f'.ak-chip[data-card="{pictured_card.pk}"]').click()
    phone.locator("#ak-detail-image").wait_for()

    phone.locator(f'.ak-chip[data-card="{other.pk}"]').click()

    phone.locator("#ak-detail-figure").wait_for(state="hidden")
    assert other.title in phone.locator("#ak-detail-title").inner_text()


def test_the_spotlight_shows_the_cards_picture_on_the_projector(
    new_page, session, alice, pictured_card
):
    screen = new_page(alice, viewport={"width": 1920, "height": 1080})
    screen.goto(f"/facilitator/sessions/{session.pk}/screen/")
    screen.locator("#ak-screen[data-ready]").wait_for()
    control = new_page(alice, viewport={"width": 1366, "height": 768})
    control.goto(f"/facilitator/sessions/{session.pk}/")
    card_action(control, pictured_card, "spotlight")

    picture = screen.locator("#ak-spotlight-image")
    picture.wait_for(state="visible")
    screen.wait_for_function(
        "() => { const i = document.getElementById('ak-spotlight-image');"
        " return i.complete && i.naturalWidth > 0; }"
    )
    assert screen.locator("#ak-spotlight-credit").inner_text() == "Foto: Wijkatelier"
    assert picture.bounding_box()["width"] <= 320  # never blown up past the copy

    control.locator("#ak-spotlight-end").click()
    screen.locator("#ak-spotlight").wait_for(state="hidden")
