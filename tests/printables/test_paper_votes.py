"""Paper and proxy votes are counted as such in the session summary."""

import pytest
from pypdf import PdfReader

from printables import materials
from printables.data import snapshot
from workshop.models import Participant, Placement

pytestmark = pytest.mark.django_db


def test_the_summary_says_how_many_placements_came_from_paper(session, tmp_path):
    card = session.cards.first()
    for source, x in (("paper", 0.2), ("paper", 0.4), ("phone", -0.3)):
        person = Participant.objects.create(session=session, source=source, role="bewoner")
        Placement.objects.create(participant=person, card=card, x=x, y=0.1)

    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(materials.render(snapshot(session), "summary"))

    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "2 van papier of namens iemand" in text
