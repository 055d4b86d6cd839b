"""Guessing facilitator passwords is throttled per username and per address
(django-axes, set up in workshop/settings.py and workshop/throttle.py, asked by
the login form in workshop/pages/forms.py).

Limits from the settings: 5 failures for one username, 20 from one address,
in 15 minutes.
"""

import logging
import re
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse

pytestmark = pytest.mark.django_db

GUESSER, COLLEAGUE = "198.51.100.7", "203.0.113.9"
REFUSAL = "Te veel mislukte inlogpogingen"


def log_in(username: str, password: str, address: str = GUESSER, client=None, url=None):
    client = client or HttpClient()
    response = client.post(
        url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )
    response.logged_in = "_auth_user_id" in client.session
    return response


def errors_on(response) -> list[str]:
    return re.findall(r'class="ak-error"[^>]*>([^<]*)<', response.text)


def fail(times: int, username: str = "alice", address: str = GUESSER) -> None:
    for _ in range(times):
        response = log_in(username, "wrong-guess", address)
        assert response.status_code == 200 and not response.logged_in
        assert REFUSAL not in response.text


def test_wrong_passwords_for_one_username_lock_it_even_against_the_right_password(alice):
    fail(settings.LOGIN_FAILURES_PER_USERNAME)

    refused = log_in("alice", "alice-password-1")

    assert refused.status_code == 429 and not refused.logged_in
    assert REFUSAL in refused.text and "15 minuten" in refused.text
    assert refused["Retry-After"] == str(settings.LOGIN_FAILURE_WINDOW)
    assert 'name="username"' in refused.text, "the form is shown again, with the error"


def test_the_username_stays_locked_from_another_address_and_in_another_spelling(alice):
    fail(settings.LOGIN_FAILURES_PER_USERNAME)

    assert log_in("alice", "alice-password-1", COLLEAGUE).status_code == 429
    assert log_in("ALICE", "wrong-guess", COLLEAGUE).status_code == 429
    assert log_in("bob", "no-account", COLLEAGUE).status_code == 200, "other names are free"


def test_an_unknown_username_is_locked_just_like_a_real_one_so_nothing_tells_them_apart(alice):
    fail(settings.LOGIN_FAILURES_PER_USERNAME, username="nobody")
    fail(settings.LOGIN_FAILURES_PER_USERNAME, username="alice", address=COLLEAGUE)

    unknown, real = log_in("nobody", "x"), log_in("alice", "x", "192.0.2.5")

    assert unknown.status_code == real.status_code == 429
    assert errors_on(unknown) == errors_on(real) and REFUSAL in errors_on(real)[0]


def test_many_usernames_from_one_address_lock_the_address_out(alice):
    for n in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        fail(1, username=f"guess-{n}")

    assert log_in("alice", "alice-password-1").status_code == 429
    assert log_in("alice", "alice-password-1", COLLEAGUE).logged_in, "the address, not alice"


def test_a_successful_login_does_not_count_and_forgets_the_accounts_own_typos(alice):
    for _ in range(3):
        fail(settings.LOGIN_FAILURES_PER_USERNAME - 1)
        assert log_in("alice", "alice-password-1").logged_in


def test_logging_in_to_ones_own_account_does_not_reset_the_address_count(alice, charlie):
    for n in range(settings.LOGIN_FAILURES_PER_ADDRESS - 1):
        fail(1, username=f"guess-{n}")
    assert log_in("charlie", "charlie-password-1").logged_in

    fail(1, username="one-more")
    assert log_in("alice", "wrong-guess").status_code == 429


def test_a_form_without_a_password_checks_nothing_and_counts_nothing(alice):
    for _ in range(settings.LOGIN_FAILURES_PER_USERNAME * 2):
        assert log_in("alice", "").status_code == 200

    assert log_in("alice", "alice-password-1").logged_in


def test_the_lock_ends_when_the_window_has_passed(alice, settings):
    settings.LOGIN_FAILURE_WINDOW = 1
    fail(settings.LOGIN_FAILURES_PER_USERNAME)
    refused = log_in("alice", "alice-password-1")
    assert refused.status_code == 429 and "1 minuut" in refused.text

    time.sleep(1.2)

    assert log_in("alice", "alice-password-1").logged_in


def test_the_refusal_speaks_english_to_someone_who_chose_english(alice):
    fail(settings.LOGIN_FAILURES_PER_USERNAME)
    client = HttpClient(headers={"accept-language": "en"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    refused = log_in("alice", "alice-password-1", client=client)

    assert refused.status_code == 429
    assert "Too many failed login attempts. Wait 15 minutes and try again." in refused.text


def test_the_admin_login_is_throttled_too(alice, django_user_model):
    django_user_model.objects.filter(pk=alice.pk).update(is_staff=True)
    admin_login = reverse("admin:login")
    for _ in range(settings.LOGIN_FAILURES_PER_USERNAME):
        assert not log_in("alice", "wrong-guess", url=admin_login).logged_in

    refused = log_in("alice", "alice-password-1", url=admin_login)

    assert not refused.logged_in and REFUSAL in refused.text
    assert log_in("alice", "alice-password-1").status_code == 429, "one count for both pages"


def test_a_cache_that_is_down_neither_locks_everyone_out_nor_stops_the_count(
    alice, charlie, cache_down
):
    # django-axes keeps the counts in the database, not in the cache.
    fail(settings.LOGIN_FAILURES_PER_USERNAME)

    assert log_in("alice", "alice-password-1").status_code == 429
    assert log_in("charlie", "charlie-password-1", COLLEAGUE).logged_in


def test_every_failure_and_lockout_leaves_an_audit_line_without_the_password(alice, caplog):
    caplog.set_level(logging.WARNING, logger="axes")
    fail(settings.LOGIN_FAILURES_PER_USERNAME, username="Alice")

    lines = [r.getMessage() for r in caplog.records if r.name.startswith("axes")]
    assert len(lines) == settings.LOGIN_FAILURES_PER_USERNAME + 1, lines
    locked = [line for line in lines if "Locking out" in line]
    assert len(locked) == 1 and '"alice"' in locked[0] and GUESSER in locked[0], locked
    assert not any("wrong-guess" in line for line in lines)
    assert AccessAttempt.objects.filter(username="alice", ip_address=GUESSER).exists()


def test_the_username_and_the_e_mail_address_of_one_account_share_its_count(alice):
    alice.email = "alice@buurthuis.nl"
    alice.save()
    fail(3, username="alice")
    fail(settings.LOGIN_FAILURES_PER_USERNAME - 3, username="ALICE@buurthuis.nl")

    assert log_in("alice@buurthuis.nl", "alice-password-1", COLLEAGUE).status_code == 429
    assert log_in("Alice", "alice-password-1", COLLEAGUE).status_code == 429
