"""The account flow in Chromium against a real Daphne, mail read from the file backend:
invite → choose a password → log in → change it → forget it → reset by mail → log in.

Screenshots of every account page at 375 px (phone) and 1366×768 go to var/screens/accounts/.
"""

import re
import time
from pathlib import Path

import pytest

from bench.servers import ROOT, DaphneServer, free_port, server_env
from tests.browser.conftest import PHONE, pages_on
from tests.helpers import database_url_of_tests
from workshop.accounts import make_organiser

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.django_db(transaction=True)]

SCREENS = ROOT / "var" / "screens" / "accounts"
DESKTOP = {"viewport": {"width": 1366, "height": 768}}


@pytest.fixture
def mailbox(tmp_path) -> Path:
    return tmp_path / "mail"


@pytest.fixture
def server(django_db_setup, mailbox):
    env = server_env(database_url_of_tests(), EMAIL_FILE_PATH=str(mailbox))
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.pop("EMAIL_HOST", None)
    server = DaphneServer(port=free_port(), env=env).start()
    yield server
    server.stop(kill=True)


@pytest.fixture
def open_page(chromium, server, js_errors):
    with pages_on(chromium, server, js_errors, timeout_ms=15000) as make:
        yield make


def mails(mailbox: Path) -> list[str]:
    return [p.read_text() for p in sorted(mailbox.glob("*.log"), key=lambda p: p.stat().st_mtime)]


def wait_for_mail(mailbox: Path) -> str:
    """The set-password link of the newest stored mail (a used one is removed: workshop/mail.py)."""
    deadline = time.monotonic() + 15
    while not (found := mails(mailbox)):
        assert time.monotonic() < deadline, f"no mail in {mailbox}"
        time.sleep(0.1)
    return re.findall(r"https?://\S+/accounts/reset/\S+/", "\n".join(found))[-1]


def shoot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(SCREENS / f"{name}-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} at {width} px scrolls sideways by {overflow} px"


def test_invite_choose_password_log_in_change_it_forget_it_and_reset_it_by_mail(
    server, open_page, mailbox, django_user_model
):
    dana = django_user_model.objects.create_user("dana", email="dana@vlinder.nl", password="x-1")
    make_organiser(dana)

    # Dana invites Fatima from the Team page.
    organiser = open_page(dana, **DESKTOP)
    organiser.goto("/facilitator/")
    organiser.get_by_role("link", name="Team").click()
    shoot(organiser, "team")
    organiser.get_by_label("Gebruikersnaam").fill("fatima")
    organiser.get_by_label("E-mailadres").fill("Fatima@Wijkkracht.nl")
    organiser.get_by_role("button", name="Uitnodiging sturen").click()
    organiser.get_by_text("uitgenodigd, nog geen wachtwoord").wait_for()
    shoot(organiser, "team-invited")
    invitation = wait_for_mail(mailbox)
    assert "Je bent uitgenodigd voor Assenkruis" in mails(mailbox)[0]

    # Fatima, on her phone, chooses a password with the link and logs in.
    phone = open_page(**PHONE)
    phone.goto(invitation)
    phone.get_by_role("heading", name="Kies je wachtwoord").wait_for()
    assert "fatima" in phone.inner_text("main")
    shoot(phone, "choose-password")
    phone.get_by_label("Nieuw wachtwoord", exact=True).fill("zonnebloem-42")
    phone.get_by_label("Nieuw wachtwoord bevestigen").fill("zonnebloem-42")
    phone.get_by_role("button", name="Wachtwoord opslaan").click()
    phone.get_by_role("heading", name="Wachtwoord opgeslagen").wait_for()
    shoot(phone, "password-saved")
    assert mails(mailbox) == [], "the used invitation is no longer kept on the server"
    phone.get_by_role("link", name="Inloggen").click()
    phone.get_by_label("Gebruikersnaam of e-mailadres").fill("FATIMA")
    phone.get_by_label("Wachtwoord").fill("zonnebloem-42")
    shoot(phone, "login")
    phone.get_by_role("button", name="Inloggen").click()
    phone.wait_for_url("**/facilitator/")

    # She changes it.
    phone.goto("/accounts/password/")
    shoot(phone, "change-password")
    phone.get_by_label("Oud wachtwoord").fill("zonnebloem-42")
    phone.get_by_label("Nieuw wachtwoord", exact=True).fill("tulpenveld-77")
    phone.get_by_label("Nieuw wachtwoord bevestigen").fill("tulpenveld-77")
    phone.get_by_role("button", name="Nieuw wachtwoord opslaan").click()
    phone.get_by_role("heading", name="Wachtwoord gewijzigd").wait_for()
    shoot(phone, "password-changed")

    # Later, logged out, she has forgotten it and resets it by mail.
    forgetful = open_page(**PHONE)
    forgetful.goto("/accounts/login/")
    forgetful.get_by_role("link", name="Wachtwoord vergeten?").click()
    shoot(forgetful, "forgot")
    forgetful.get_by_label("E-mailadres").fill("fatima@WIJKKRACHT.nl")
    forgetful.get_by_role("button", name="Stuur me de link").click()
    forgetful.get_by_role("heading", name="Kijk in je e-mail").wait_for()
    shoot(forgetful, "check-mail")
    reset = wait_for_mail(mailbox)
    forgetful.goto(reset)
    forgetful.get_by_label("Nieuw wachtwoord", exact=True).fill("lentebloesem-9")
    forgetful.get_by_label("Nieuw wachtwoord bevestigen").fill("lentebloesem-9")
    forgetful.get_by_role("button", name="Wachtwoord opslaan").click()
    forgetful.get_by_role("link", name="Inloggen").click()
    forgetful.get_by_label("Gebruikersnaam of e-mailadres").fill("fatima@wijkkracht.nl")
    forgetful.get_by_label("Wachtwoord").fill("lentebloesem-9")
    forgetful.get_by_role("button", name="Inloggen").click()
    forgetful.wait_for_url("**/facilitator/")

    forgetful.goto(reset)  # the link worked once
    forgetful.get_by_role("heading", name="Deze link werkt niet meer").wait_for()
    shoot(forgetful, "link-used")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["375", "1366"])
def test_the_account_pages_fit_the_screen(size, server, open_page, django_user_model):
    dana = django_user_model.objects.create_user("dana", email="dana@vlinder.nl", password="x-1")
    make_organiser(dana)
    page = open_page(dana, **size)
    for path, name in [
        ("/facilitator/team/", "team"),
        ("/accounts/password/", "change-password"),
        ("/accounts/reset/", "forgot"),
        ("/accounts/reset/sent/", "check-mail"),
        ("/accounts/reset/done/", "password-saved"),
    ]:
        page.goto(path)
        shoot(page, name)
