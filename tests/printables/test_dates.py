"""A date reads as each language writes it in a sentence: Polish puts the month
in the genitive ("7 grudnia 2026", never "7 Grudzień 2026"); the handout's
heading (date · place) and its page footers read back from its PDF. Django's
format letter E is the month as a date says it; F is the month's own name."""

import datetime

import pytest
from django.urls import reverse

from tests.printables.conftest import flat, pdf_text
from workshop.models import Session

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, date",
    [("pl", "7 grudnia 2026"), ("nl", "7 december 2026"), ("en", "7 December 2026"),
     ("tr", "7 Aralık 2026")],
)  # fmt: skip
def test_the_handout_writes_the_date_as_its_language_does(client, session, language, date):
    Session.objects.filter(pk=session.pk).update(
        state=Session.State.CLOSED, date=datetime.date(2026, 12, 7)
    )
    handout = reverse("public_handout", args=[session.join_code])
    text = flat(pdf_text(client.get(f"{handout}?lang={language}").content))
    assert f"{date} · Buurthuis De Vlinder" in text
    assert text.count(date) == 2, "the heading and the page footer"
