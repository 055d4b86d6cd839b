"""Invitation mail: a failing mail leaves no account; stored mail is private and goes
once its link is used or expired (workshop/mail.py)."""

import os
import re
import stat
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient
from django.urls import reverse

from tests.web.test_accounts import as_user, invite, path_of
from workshop.accounts import make_organiser
from workshop.mail import prune_stored_mail

pytestmark = pytest.mark.django_db

User = get_user_model()


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def dana(django_user_model):
    user = django_user_model.objects.create_user("dana", email="dana@buurthuis.nl", password="d-1")
    make_organiser(user)
    return user


@pytest.fixture
def mail_down(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"


@pytest.fixture
def mail_folder(settings, tmp_path):
    settings.EMAIL_BACKEND = "workshop.mail.PrivateFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    return tmp_path / "mail"


def test_a_failing_invitation_mail_makes_no_account_and_says_so(dana, mail_down):
    response = invite(as_user(dana), organiser="on")

    assert response.status_code == 200
    assert "kon niet worden verstuurd, dus er is geen account gemaakt" in response.text
    assert not User.objects.filter(username="fatima").exists()

    response = invite(as_user(dana))  # the same name again: nothing stands in its way
    assert "is al in gebruik" not in response.text
    assert User.objects.filter(username="fatima").count() == 0, "the mail is still down"


def test_create_organiser_with_a_failing_mail_stops_and_makes_no_account(mail_down):
    with pytest.raises(CommandError, match="no account was made"):
        call_command("create_organiser", "ria", "ria@example.nl")

    assert not User.objects.filter(username="ria").exists()


def test_a_failing_invitation_mail_in_the_admin_says_so_instead_of_a_server_error(
    dana, mail_down, django_user_model
):
    fatima = django_user_model.objects.create_user("fatima", email="f@example.nl")
    dana.is_superuser = True
    dana.save()

    response = as_user(dana).post(
        reverse("admin:auth_user_changelist"),
        {"action": "send_invitations", "_selected_action": [fatima.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "De uitnodiging kon niet worden verstuurd" in response.text


def stored(folder) -> list:
    return sorted(folder.glob("*.log"))


def test_stored_mail_is_readable_by_the_apps_user_alone(dana, mail_folder):
    invite(as_user(dana))

    (message,) = stored(mail_folder)
    assert stat.S_IMODE(os.stat(mail_folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(message).st_mode) == 0o600


def test_a_stored_invitation_goes_once_its_link_is_used(dana, mail_folder):
    invite(as_user(dana))
    invite(as_user(dana), username="gijs", email="gijs@example.nl")
    fatimas = next(p for p in stored(mail_folder) if b"fatima" in p.read_bytes())
    link = re.search(rb"https?://\S+/accounts/reset/\S+/", fatimas.read_bytes()).group().decode()

    page = HttpClient()
    form = page.get(path_of(link), follow=True)
    done = page.post(form.redirect_chain[-1][0],
                     {"new_password1": "zonnebloem-42", "new_password2": "zonnebloem-42"})  # fmt: skip

    assert done.status_code == 302
    assert not fatimas.exists(), "the used invitation is gone"
    assert len(stored(mail_folder)) == 1, "gijs's, still unused, stays"


def test_a_stored_invitation_goes_once_it_has_expired(dana, mail_folder, settings, monkeypatch):
    invite(as_user(dana))
    assert prune_stored_mail() == 0 and len(stored(mail_folder)) == 1

    later = default_token_generator._now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 1)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)

    assert prune_stored_mail() == 1
    assert stored(mail_folder) == []
