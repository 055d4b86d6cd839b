"""Facilitator-toolkit data in print: paper votes counted, card images and credits shown."""

import pytest
from pypdf import PdfReader

from printables import materials
from printables.data import snapshot
from tests.printables.conftest import AXES
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
    assert "2 plaatsingen van papier of namens iemand" in text


def test_paper_votes_are_squares_in_the_pdf_charts_as_on_the_projector():
    from workshop.lib import charts

    svg = charts.scatter_svg(AXES, [(0.2, 0.1, "bewoner", True), (-0.3, 0.1, "bewoner", False)])
    assert svg.count('class="ak-dot ak-role-bewoner ak-dot-paper"') == 1  # a <rect>
    assert svg.count("<rect") - charts.grid_svg(AXES).count("<rect") == 1


def test_a_card_image_and_its_credit_are_printed_on_the_summary_and_the_card_sheet(
    session, tmp_path, settings
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path / "media"
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (20, 120, 200)).save(buffer, "PNG")
    card = session.cards.first()
    card.image = SimpleUploadedFile("buurt.png", buffer.getvalue())
    card.image_credit = "Foto: Wijkatelier Noord"
    card.save()
    person = Participant.objects.create(session=session, role="bewoner")
    Placement.objects.create(
        participant=person, card=card, x=0.3, y=0.2
    )  # a placed card gets a page

    data = snapshot(session)
    summary = PdfReader(io.BytesIO(materials.render(data, "summary")))
    sheet = PdfReader(io.BytesIO(materials.render(data, "cards")))

    assert "Foto: Wijkatelier Noord" in " ".join(p.extract_text() for p in summary.pages)
    assert sum(len(p.images) for p in summary.pages) >= 1
    assert sum(len(p.images) for p in sheet.pages) == 1
    # The cut-out card carries the credit too: an attribution licence asks for it.
    assert "Foto: Wijkatelier Noord" in " ".join(p.extract_text() for p in sheet.pages)
