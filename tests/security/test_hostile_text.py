"""HTML and script in anything people type stays text on every page.

(The PDFs: tests/printables/test_security.py; the live pages in a real
browser: tests/faults/test_browser_reconnect.py.)
"""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from workshop.models import LibraryCard, Participant, Placement

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '<script>alert("xss")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "</script><script>alert(2)</script>",
    "{{ 7|add:1 }}{% now 'Y' %}",
]
# What must never appear in a page: the payloads' live parts, unescaped.
DANGEROUS = ["<script>alert", "<img src=x", "<svg onload"]


@pytest.fixture
def hostile_session(session):
    """Every text a facilitator or participant can type holds a payload."""
    for i, field in enumerate(
        ["title", "place", "organiser", "x_from", "x_to", "y_from", "y_to", "quadrant_top_left"]
    ):
        limit = session._meta.get_field(field).max_length
        setattr(session, field, PAYLOADS[i % len(PAYLOADS)][:limit])
    session.notes = " ".join(PAYLOADS)
    session.save()
    for card, payload in zip(session.cards.all(), PAYLOADS, strict=False):
        card.title = payload[:80]
        card.description = " ".join(PAYLOADS)[:300]
        card.save()
    participant = Participant.objects.create(session=session)
    card = session.cards.filter(is_open=True).first()
    Placement.objects.create(participant=participant, card=card, x=0, y=0, comment=PAYLOADS[1])
    LibraryCard.ensure_defaults()
    LibraryCard.objects.filter(pk=LibraryCard.objects.first().pk).update(title=PAYLOADS[0][:80])
    return session


def test_payloads_are_escaped_on_every_page(hostile_session, alice):
    client = HttpClient()
    client.force_login(alice)
    pages = [
        reverse("join", args=[hostile_session.join_code]),
        reverse("dashboard"),
        reverse("session_edit", args=[hostile_session.pk]),
        reverse("control", args=[hostile_session.pk]),
        reverse("screen", args=[hostile_session.pk]),
        reverse("library"),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        for needle in DANGEROUS:
            assert needle not in html, f"{needle!r} unescaped on {page}"
    assert "&lt;script&gt;alert" in client.get(pages[0]).content.decode()


def test_a_hostile_join_code_is_escaped_in_the_error(db):
    response = HttpClient().get(reverse("join_by_code"), {"code": "<script>alert(1)</script>"})

    assert "<script>alert" not in response.content.decode()
