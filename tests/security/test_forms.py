"""HTTP forms refuse tampered and out-of-range input as the websockets do: errors, nothing saved."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from workshop.models import Card, Session

pytestmark = pytest.mark.django_db

AXES = [
    "x_from", "x_to", "y_from", "y_to",
    "quadrant_top_left", "quadrant_top_right", "quadrant_bottom_left", "quadrant_bottom_right",
]  # fmt: skip


def edit_data(session, rows, **fields) -> dict:
    data = {
        "title": session.title, "date": "", "place": session.place,
        "organiser": session.organiser,
        **{f: getattr(session, f) for f in AXES},
        "cards-TOTAL_FORMS": str(len(rows)),
        "cards-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))),
        "cards-MIN_NUM_FORMS": "0", "cards-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    data.update(fields)
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"cards-{i}-{key}"] = str(value)
    return data


def rows_of(session) -> list[dict]:
    return [
        {"id": c.pk, "position": c.position, "title": c.title, "description": c.description}
        for c in session.cards.all()
    ]


def stored(session) -> tuple:
    return (
        Session.objects.filter(pk=session.pk).values_list("title", "x_from", "place").get(),
        sorted(Card.objects.filter(session=session).values_list("pk", "title", "description")),
    )


@pytest.fixture
def alices_client(alice) -> HttpClient:
    client = HttpClient()
    client.force_login(alice)
    return client


def test_a_card_of_another_session_cannot_be_edited_through_ones_own_form(
    alices_client, session, bobs_session
):
    bobs_card = bobs_session.cards.first()
    rows = rows_of(session)
    rows[0] = {"id": bobs_card.pk, "position": 0, "title": "Gekaapt", "description": ""}
    before = stored(session)

    response = alices_client.post(
        reverse("session_edit", args=[session.pk]), edit_data(session, rows)
    )

    assert response.status_code in (200, 302)  # refused, or the tampered row ignored
    assert not Card.objects.filter(title="Gekaapt").exists()
    assert Card.objects.get(pk=bobs_card.pk).session_id == bobs_session.pk
    assert stored(session) == before


@pytest.mark.parametrize(
    "field, value",
    [
        ("title", "t" * 121),
        ("title", ""),
        ("title", "null\x00byte"),
        ("x_from", "x" * 41),
        ("quadrant_top_left", "q" * 61),
        ("date", "2026-02-30"),
        ("date", "<script>"),
    ],
)
def test_session_fields_out_of_bounds_are_refused(alices_client, session, field, value):
    before = stored(session)

    response = alices_client.post(
        reverse("session_edit", args=[session.pk]),
        edit_data(session, rows_of(session), **{field: value}),
    )

    assert response.status_code == 200, "the form comes back with its errors"
    assert stored(session) == before


@pytest.mark.parametrize(
    "key, value", [("title", "c" * 81), ("description", "d" * 301), ("title", "a\x00b")]
)
def test_card_fields_out_of_bounds_are_refused(alices_client, session, key, value):
    rows = rows_of(session)
    rows[0][key] = value
    before = stored(session)

    response = alices_client.post(
        reverse("session_edit", args=[session.pk]), edit_data(session, rows)
    )

    assert response.status_code == 200
    assert stored(session) == before


def test_a_tampered_formset_count_is_refused(alices_client, session):
    data = edit_data(session, rows_of(session))
    data["cards-TOTAL_FORMS"] = "100000"
    before = stored(session)

    response = alices_client.post(reverse("session_edit", args=[session.pk]), data)

    assert response.status_code == 200
    assert stored(session) == before


@pytest.mark.parametrize("code", ["x" * 500, "\x00", "'; DROP TABLE workshop_session; --", "   "])
def test_joining_with_a_malformed_code_shows_an_error(code, session):
    response = HttpClient().post(reverse("join_by_code"), {"code": code})

    assert response.status_code in (200, 429)
    assert Session.objects.filter(pk=session.pk).exists()
