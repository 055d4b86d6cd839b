"""Shared personas and the real-Daphne fixture.

Personas: alice facilitates the demo-like session, bob facilitates another one,
and charlie is a logged-in user who facilitates nothing.

Services: a test that needs something the machine may lack (Chromium,
PostgreSQL, Redis, zbarimg) calls `require(...)`: on a laptop it skips with the
reason, under ASSENKRUIS_REQUIRE_SERVICES=1 (set by .ci/run) it fails instead.
"""

import os

import pytest
from django.conf import settings

from bench.servers import DaphneServer, free_port, server_env
from tests.helpers import database_url_of_tests


def pytest_configure(config):
    """A fresh checkout has no var/ yet: the file-backed test database lives there."""
    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if name:
        os.makedirs(os.path.dirname(name), exist_ok=True)


def pytest_unconfigure(config):
    """Django drops the test database file; SQLite's WAL companions stay behind."""
    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    for suffix in ("-wal", "-shm"):
        if name and os.path.exists(name + suffix) and not os.path.exists(name):
            os.remove(name + suffix)


@pytest.fixture(scope="session")
def daphne_server(django_db_setup, django_db_blocker):
    """One Daphne process for the whole run, on the (file-backed) test database.

    Tests that use it must be `django_db(transaction=True)` so their data is
    committed where Daphne can read it.
    """
    # With an access log: tests/live/test_client_leaves.py waits for leaves in it.
    server = DaphneServer(
        port=free_port(), env=server_env(database_url_of_tests()), access_log=True
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture
def own_daphne(django_db_setup):
    """A Daphne process of this test alone, on the test database: it may be stopped,
    killed and started again."""
    env = server_env(database_url_of_tests())
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser fixture's setting, not the server's
    server = DaphneServer(port=free_port(), env=env).start()
    yield server
    server.stop(kill=True)


# Personas -----------------------------------------------------------------


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password="alice-password-1")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password="bob-password-1")


@pytest.fixture
def charlie(django_user_model):
    return django_user_model.objects.create_user("charlie", password="charlie-password-1")


@pytest.fixture
def session(alice):
    """Alice's open session with the default cards; the first three cards are open."""
    from workshop.models import Session

    s = Session.create_from_library(alice, title="Kunst in de wijk", place="Buurthuis De Vlinder")
    s.state = Session.State.OPEN
    s.save()
    s.cards.filter(pk__in=list(s.cards.values_list("pk", flat=True)[:3])).update(is_open=True)
    return s


@pytest.fixture
def bobs_session(bob):
    from workshop.models import Session

    return Session.create_from_library(bob, title="Bob's session")
