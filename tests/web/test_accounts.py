"""Facilitator accounts without a shell: invite, choose a password, change it, reset it.

Dana is the organiser; alice, bob and charlie are facilitators (tests/conftest.py).
Mail goes to Django's test outbox here; tests/browser/test_accounts_flow.py
reads it from the file backend of a real server.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client as HttpClient
from django.urls import reverse

from workshop.accounts import find_account, make_organiser

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def dana(django_user_model):
    user = django_user_model.objects.create_user(
        "dana", email="dana@buurthuis.nl", password="dana-password-1"
    )
    make_organiser(user)
    return user


def as_user(user) -> HttpClient:
    client = HttpClient()
    client.force_login(user)
    return client


def link_in(message) -> str:
    return re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group()


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def log_in(name: str, password: str) -> bool:
    client = HttpClient()
    client.post(reverse("login"), {"username": name, "password": password})
    return "_auth_user_id" in client.session


def invite(client, username="fatima", email="Fatima@Wijkkracht.nl", **extra):
    return client.post(reverse("team"), {"username": username, "email": email, **extra})


def test_an_organiser_invites_and_the_new_facilitator_chooses_a_password_and_logs_in(dana):
    response = invite(as_user(dana))

    assert response.status_code == 302
    fatima = User.objects.get(username="fatima")
    assert not fatima.has_usable_password() and not fatima.is_staff
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["Fatima@wijkkracht.nl"]
    assert "fatima" in mail.outbox[0].body and "dana" in mail.outbox[0].body

    page = HttpClient()
    form = page.get(path_of(link_in(mail.outbox[0])), follow=True)
    assert "Kies je wachtwoord" in form.text and "fatima" in form.text
    done = page.post(
        form.redirect_chain[-1][0],
        {"new_password1": "zonnebloem-42", "new_password2": "zonnebloem-42"},
    )
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")

    assert log_in("fatima", "zonnebloem-42")
    assert log_in("FATIMA", "zonnebloem-42"), "the username in another capitalisation"
    assert log_in("fatima@WIJKKRACHT.nl", "zonnebloem-42"), "or the e-mail address"
    again = HttpClient().get(path_of(link_in(mail.outbox[0])), follow=True)
    assert "werkt niet meer" in again.text, "the link works once"


def test_the_team_page_is_for_organisers_only(alice, django_user_model):
    staff = django_user_model.objects.create_user("erik", password="x-password-1", is_staff=True)
    for person in (alice, staff):
        assert as_user(person).get(reverse("team")).status_code == 403
        assert invite(as_user(person)).status_code == 403
    assert reverse("login") in HttpClient().get(reverse("team"))["Location"]
    assert not User.objects.filter(username="fatima").exists() and not mail.outbox


def test_a_username_or_address_that_exists_in_another_capitalisation_is_refused(dana, alice):
    alice.email = "alice@buurthuis.nl"
    alice.save()
    client = as_user(dana)

    taken = invite(client, username="ALICE", email="nieuw@buurthuis.nl")
    same_mail = invite(client, username="alice2", email="Alice@Buurthuis.NL")

    assert "is al in gebruik" in taken.text
    assert "bestaat al een account" in same_mail.text
    assert User.objects.count() == 2 and not mail.outbox


def test_an_invitation_can_be_sent_again_until_the_password_is_chosen(dana):
    client = as_user(dana)
    invite(client)
    fatima = User.objects.get(username="fatima")
    assert "Fatima opnieuw uitnodigen" in client.get(reverse("team")).text.replace(
        "fatima", "Fatima"
    )

    client.post(reverse("team"), {"again": fatima.pk})

    assert len(mail.outbox) == 2 and link_in(mail.outbox[1])


def test_without_a_mail_server_the_organiser_sees_the_link_to_pass_on(dana, settings):
    settings.EMAIL_HOST = ""
    followed = as_user(dana).post(
        reverse("team"), {"username": "fatima", "email": "f@x.nl"}, follow=True
    )
    assert "Geef fatima deze link zelf" in followed.text
    assert path_of(link_in(mail.outbox[-1])) in followed.text


def test_a_facilitator_changes_their_own_password(alice):
    client = as_user(alice)
    assert client.get(reverse("password_change")).status_code == 200

    wrong = client.post(
        reverse("password_change"),
        {
            "old_password": "nope",
            "new_password1": "nieuw-wachtwoord-9",
            "new_password2": "nieuw-wachtwoord-9",
        },
    )
    done = client.post(
        reverse("password_change"),
        {
            "old_password": "alice-password-1",
            "new_password1": "nieuw-wachtwoord-9",
            "new_password2": "nieuw-wachtwoord-9",
        },
    )

    assert wrong.status_code == 200 and done["Location"] == reverse("password_change_done")
    assert log_in("alice", "nieuw-wachtwoord-9") and not log_in("alice", "alice-password-1")


def test_a_forgotten_password_is_reset_by_mail_whatever_the_capitalisation(alice):
    alice.email = "alice@buurthuis.nl"
    alice.save()

    sent = HttpClient().post(reverse("password_reset"), {"email": "ALICE@buurthuis.NL"})
    nobody = HttpClient().post(reverse("password_reset"), {"email": "niemand@buurthuis.nl"})

    assert sent["Location"] == nobody["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1, "only the real address gets a mail; the page says the same"
    page = HttpClient()
    form = page.get(path_of(link_in(mail.outbox[0])), follow=True)
    page.post(
        form.redirect_chain[-1][0], {"new_password1": "lente-2027!", "new_password2": "lente-2027!"}
    )
    assert log_in("alice", "lente-2027!")


def test_a_co_host_is_found_by_username_or_address_in_any_capitalisation(session, alice, bob):
    bob.email = "bob@buurthuis.nl"
    bob.save()
    client = as_user(alice)
    url = reverse("session_facilitators", args=[session.pk])

    assert client.post(url, {"username": "BOB"}).status_code == 302
    assert session.facilitators.filter(pk=bob.pk).exists()
    session.facilitators.remove(bob)
    assert client.post(url, {"username": "Bob@Buurthuis.nl"}).status_code == 302
    assert session.facilitators.filter(pk=bob.pk).exists()


def test_an_exact_username_wins_and_an_ambiguous_name_finds_nobody(django_user_model):
    upper = django_user_model.objects.create_user("Sam", email="sam@a.nl")
    lower = django_user_model.objects.create_user("sam", email="SAM@a.nl")
    assert find_account("Sam") == upper and find_account("sam") == lower
    assert find_account("SAM") is None, "two accounts fit: neither is guessed"
    assert find_account("sam@A.nl") is None


def test_the_first_organiser_is_made_by_a_command(capsys, settings):
    settings.PUBLIC_URL = "https://assenkruis.example.nl"
    call_command("create_organiser", "Ria", "ria@cultuurcentrum.nl")

    ria = User.objects.get(username="Ria")
    out = capsys.readouterr().out
    link = link_in(mail.outbox[0])
    assert link.startswith("https://assenkruis.example.nl/accounts/reset/") and link in out
    assert (
        ria.is_staff
        and ria.has_perm("auth.add_user")
        and ria.has_perm("workshop.look_after_library")
    )
    assert not ria.has_usable_password()
    with pytest.raises(Exception, match="taken"):
        call_command("create_organiser", "ria", "ander@cultuurcentrum.nl")


def test_the_admin_sends_invitations_too(dana):
    fatima = User.objects.create_user("fatima", email="f@wijkkracht.nl")
    make_organiser(dana)
    dana.is_superuser = True
    dana.save()
    client = as_user(dana)

    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "send_invitations", "_selected_action": [fatima.pk]},
    )

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["f@wijkkracht.nl"]


def test_an_organiser_cannot_make_anyone_a_superuser_in_the_admin(dana):
    client = as_user(dana)
    url = reverse("admin:auth_user_change", args=[dana.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="is_superuser"' not in page.text

    data = {
        "username": "dana", "email": dana.email, "is_active": "on", "is_staff": "on",
        "is_superuser": "on", "groups": [g.pk for g in dana.groups.all()],
        "last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }  # fmt: skip
    client.post(url, data)

    dana.refresh_from_db()
    assert not dana.is_superuser and dana.has_perm("auth.add_user")
