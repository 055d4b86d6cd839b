"""The README's pictures: the phone, the projector and the control page, from the demo session.

Every run checks that each screen is ready when it is taken and that the README
shows the three files; `python -m tests.browser.screenshots --readme` writes them
again (docs/img/), so they stay what a newcomer will see.
"""

import os
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


README = Path(__file__).resolve().parents[2] / "README.md"
PICTURES = Path(__file__).resolve().parents[2] / "docs" / "img"
# What a newcomer sees first, at the size each is used at.
README_SHOTS = {
    "phone": {**PHONE, "viewport": {"width": 375, "height": 667}},
    "projector": {"viewport": {"width": 1280, "height": 720}},
    "control": {"viewport": {"width": 1366, "height": 768}},
}


@pytest.fixture
def demo(monkeypatch, tmp_path):
    """The session `manage.py demo` makes (its password file kept out of the checkout)."""
    from workshop import demo

    monkeypatch.setattr(demo, "password_file", lambda: tmp_path / "demo-password")
    return demo.demo_session()


def test_the_readme_shows_the_phone_the_projector_and_the_control_page(new_page, demo):
    """The three pictures in docs/img/, made from the demo session: each shows its
    screen ready (checked here); written with `python -m tests.browser.screenshots --readme`."""
    user = demo.facilitators.first()
    pages = {
        "phone": new_page(**README_SHOTS["phone"]),
        "projector": new_page(user, **README_SHOTS["projector"]),
        "control": new_page(user, **README_SHOTS["control"]),
    }
    phone = pages["phone"]
    phone.goto(f"/j/{demo.join_code}/")
    phone.get_by_role("button", name="Kunstenaar / kunstvakdocent").click()
    phone.locator(".ak-chip").first.wait_for()
    phone.locator("#ak-hint", has_text="Waar hoort").wait_for()
    assert phone.locator("#ak-grid").is_visible()

    projector = pages["projector"]
    projector.goto(f"/facilitator/sessions/{demo.pk}/screen/")
    projector.locator("#ak-screen[data-ready]").wait_for()
    projector.locator("#ak-screen-grid g.ak-dots .ak-dot").first.wait_for()
    assert projector.locator("#ak-focus-title").inner_text() == demo.cards.first().title

    control = pages["control"]
    control.goto(f"/facilitator/sessions/{demo.pk}/")
    control.locator("#ak-now-actions button").first.wait_for()
    assert control.locator(".ak-control-grid").is_visible()

    text = README.read_text()
    for name, page in pages.items():
        path = PICTURES / f"{name}.png"
        if os.environ.get("ASSENKRUIS_README_PICTURES") == "1":
            PICTURES.mkdir(parents=True, exist_ok=True)
            page.wait_for_timeout(400)  # a frame of live updates and the web font
            page.screenshot(path=str(path))
        # The README shows each picture, and each is the size the tool takes it at.
        assert f"docs/img/{name}.png" in text, name
        with Image.open(path) as picture:
            viewport = README_SHOTS[name]["viewport"]
            assert picture.size == (viewport["width"], viewport["height"]), name
