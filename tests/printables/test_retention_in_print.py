"""After retention removed what each participant did, the printables say so, with
its date; they never claim that nobody placed a card or left a comment, and the
summary shows the numbers retention kept (tests/printables/kinds.py: "removed")."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from printables import materials
from tests.printables import kinds
from tests.printables.conftest import data_of, flat, pdf_text
from workshop import retention

pytestmark = pytest.mark.django_db

REMOVED = "De antwoorden van de deelnemers zijn op 6 januari 2027 verwijderd"
# What the printables say of a session where nobody took part: false after a removal.
NOBODY = re.compile(r"niemand|geen plaatsingen|\b0\s*(deelnemers|plaatsingen|opmerkingen)")


@pytest.fixture
def user():
    return get_user_model().objects.create_user("retention-reader")


def text_of(session, name: str) -> str:
    return flat(pdf_text(materials.render(data_of(session), name)))


@pytest.mark.parametrize("name", ["summary", "handout", "comments"])
def test_a_removed_session_says_so_and_never_that_nobody_took_part(user, name):
    text = text_of(kinds.build("removed", user), name)
    assert REMOVED in text
    assert "staan hier dus niet meer" in text
    assert not NOBODY.search(text), NOBODY.search(text)


def test_the_summary_shows_the_numbers_retention_kept(user):
    session = kinds.build("removed", user)
    text = text_of(session, "summary")
    kept = session.kept_results
    assert kept["participation"]["took_part"] == 60
    assert "Alleen de aantallen zijn bewaard: 60 mensen deden mee." in text
    for row in kept["cards"]:  # every card and round, as retention counted it
        suffix = f" (ronde {row['round']})" if row["round"] > 1 else ""
        assert f"{row['card']}{suffix}: geplaatst door {row['n']} mensen" in text
    assert any(row["round"] == 2 and row["n"] == 45 for row in kept["cards"])


def test_without_kept_numbers_the_summary_only_says_what_was_removed(user):
    session = kinds.build("realistic", user)
    with override_settings(RETENTION_KEEP="nothing"):
        retention.remove_participant_data(session.pk, kinds.REMOVED_AT)
    text = text_of(session, "summary")
    assert REMOVED in text
    assert "aantallen" not in text
    assert not NOBODY.search(text)


def test_a_session_whose_answers_are_still_there_says_nothing_of_removal(user):
    text = text_of(kinds.build("realistic", user), "summary")
    assert "verwijderd" not in text
    assert "60 deelnemers deden mee" in text or re.search(r"60\s*deelnemers", text)
