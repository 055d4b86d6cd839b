"""Card pictures on phones: a small copy, made once, in every client's card state."""

import inspect
import io
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from tests.helpers import as_sent
from workshop.lib import images
from workshop.lib.images import SMALL_SIDE
from workshop.live.snapshots import phone_view
from workshop.pages import toolkit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def photo(size=(1600, 1200), mode="RGB", fmt="PNG") -> bytes:
    # A gradient with grain: compresses about as badly as a photo does.
    grain = Image.effect_noise(size, 24)
    image = Image.blend(Image.linear_gradient("L").resize(size), grain, 0.3).convert(mode)
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def with_picture(card, data: bytes, name="buurt.png", credit="Foto: Wijkatelier"):
    card.image.save(name, ContentFile(data))
    card.image_credit = credit
    card.save()
    return card


def test_phones_get_a_small_jpeg_of_a_large_picture(client, session):
    card = with_picture(session.cards.first(), photo(size=(1600, 1200)))

    response = client.get(card.small_image_url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "max-age" in response["Cache-Control"]
    data = response.content
    with Image.open(io.BytesIO(data)) as small:
        assert small.format == "JPEG"
        assert small.size == (SMALL_SIDE, SMALL_SIDE * 3 // 4)  # aspect ratio kept
    assert len(data) < 40_000 and len(data) < card.image.size / 20


def test_a_transparent_picture_is_put_on_white(client, session):
    transparent = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    buffer = io.BytesIO()
    transparent.save(buffer, "PNG")
    card = with_picture(session.cards.first(), buffer.getvalue(), name="leeg.png")

    data = client.get(card.small_image_url).content

    with Image.open(io.BytesIO(data)) as small:
        assert small.getpixel((10, 10)) == pytest.approx((255, 255, 255), abs=3)


def test_the_small_copy_is_made_once_and_again_for_a_newer_original(client, session):
    card = with_picture(session.cards.first(), photo())
    client.get(card.small_image_url)
    small = card.image.storage.path("cards/small")
    copies = os.listdir(small)
    assert copies == [os.path.basename(card.image.name) + ".jpg"]
    copy = os.path.join(small, copies[0])
    made = os.stat(copy).st_mtime_ns

    client.get(card.small_image_url)
    assert os.stat(copy).st_mtime_ns == made

    original = card.image.path
    os.utime(original, ns=(made + 10**9, made + 10**9))
    client.get(card.small_image_url)
    assert os.stat(copy).st_mtime_ns > made


def test_the_small_copy_view_is_async_so_it_never_holds_the_shared_sync_thread():
    # Sync views run in Django's one shared sync thread, which the phones'
    # sockets need for every database call.
    assert inspect.iscoroutinefunction(toolkit.card_image_small)


def test_a_picture_file_that_is_not_a_picture_is_a_404_not_an_error(client, settings):
    (settings.MEDIA_ROOT / "cards").mkdir(parents=True)
    (settings.MEDIA_ROOT / "cards" / "kapot.png").write_bytes(b"not a picture at all")
    assert client.get("/media/cards/small/kapot.png").status_code == 404


@pytest.mark.parametrize("name", ["../secret.png", "x.html", ".hidden.png", "missing.png"])
def test_the_small_copy_view_serves_only_pictures_in_the_cards_folder(client, settings, name):
    (settings.MEDIA_ROOT / "cards").mkdir(parents=True)
    (settings.MEDIA_ROOT / "secret.png").write_bytes(photo((40, 30)))
    (settings.MEDIA_ROOT / "cards" / "x.html").write_text("<script></script>")
    (settings.MEDIA_ROOT / "cards" / ".hidden.png").write_bytes(photo((40, 30)))
    assert client.get(f"/media/cards/small/{name}").status_code == 404


def test_the_phone_view_carries_the_small_copy_and_its_credit(session):
    first, second = list(session.cards.all()[:2])
    with_picture(first, photo((200, 100)))

    cards = {c["id"]: c for c in as_sent(phone_view(session.pk))["cards"]}

    assert cards[first.pk]["image"] == first.small_image_url
    assert cards[first.pk]["image"].startswith("/media/cards/small/")
    assert cards[first.pk]["image_credit"] == "Foto: Wijkatelier"
    assert cards[second.pk]["image"] == "" and cards[second.pk]["image_credit"] == ""


def test_a_room_asking_at_once_makes_one_copy_and_everyone_gets_all_of_it(session, monkeypatch):
    card = with_picture(session.cards.first(), photo((2000, 1500)))
    made = []
    make = images._make_small_copy
    monkeypatch.setattr(images, "_make_small_copy", lambda *a: made.append(a) or make(*a))

    with ThreadPoolExecutor(max_workers=16) as pool:
        copies = list(pool.map(lambda _: images.small_copy_bytes(Path(card.image.path)), range(32)))

    assert len(made) == 1
    assert len(set(copies)) == 1
    with Image.open(io.BytesIO(copies[0])) as small:
        assert small.size == (SMALL_SIDE, SMALL_SIDE * 3 // 4)


def test_a_picture_whose_file_is_gone_is_left_out_not_shown_broken(session):
    card = with_picture(session.cards.first(), photo((200, 100)))
    os.remove(card.image.path)

    (state,) = [c for c in as_sent(phone_view(session.pk))["cards"] if c["id"] == card.pk]

    assert state["image"] == "" and state["image_credit"] == ""
