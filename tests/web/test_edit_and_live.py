"""The edit page and the live session write the same rows: the edit takes the session
lock (as every writing transaction, Session.lock) and writes only its own fields, so
what the live commit changed since the page loaded its rows stays."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.web.test_toolkit import edit_data
from workshop.models import Session
from workshop.pages.forms import CardFormSet, SessionForm

pytestmark = pytest.mark.django_db


def test_an_edit_from_rows_read_before_a_live_change_keeps_that_change(session):
    stale = Session.objects.get(pk=session.pk)
    data = edit_data(session) | {"title": "Nieuwe titel"}
    form = SessionForm(data, instance=stale)
    cards = CardFormSet(data, instance=stale, prefix="cards")
    assert form.is_valid() and cards.is_valid()
    # Meanwhile, live: the room moved on (a commit bumped seq, the session closed,
    # the first card was revealed).
    Session.objects.filter(pk=session.pk).update(seq=41, state="closed", notes="Pauze")
    session.cards.filter(pk=cards.forms[0].instance.pk).update(revealed=True, round=2)

    form.save()
    cards.save()

    session.refresh_from_db()
    assert session.title == "Nieuwe titel"
    assert (session.seq, session.state, session.notes) == (41, "closed", "Pauze")
    first = session.cards.get(pk=cards.forms[0].instance.pk)
    assert (first.revealed, first.round) == (True, 2)


def test_the_edit_page_locks_the_session_before_it_writes(client, session, alice):
    client.force_login(alice)
    data = edit_data(session) | {"title": "Nieuwe titel"}
    with CaptureQueriesContext(connection) as queries:
        assert client.post(reverse("session_edit", args=[session.pk]), data).status_code == 302
    sql = [q["sql"] for q in queries.captured_queries]
    table = Session._meta.db_table
    lock = next(
        i
        for i, q in enumerate(sql)
        if q.startswith("SELECT") and f'"{table}"."state"' in q and "ORDER BY" in q
    )  # Session.lock: SELECT id, state … FOR NO KEY UPDATE (PostgreSQL) ORDER BY id
    first_write = next(i for i, q in enumerate(sql) if q.startswith("UPDATE"))
    assert lock < first_write
