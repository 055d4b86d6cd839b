"""The QR codes on paper decode, with a real decoder, to the session's join URL."""

import pytest

from printables import materials
from tests.printables.conftest import data_of, decode, pdf_to_pngs
from workshop.lib.links import join_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["poster-a4", "poster-a3", "table-tent"])
def test_printed_qr_decodes_to_the_join_url(session, tmp_path, name):
    pdf = materials.render(data_of(session), name)
    (page,) = pdf_to_pngs(pdf, tmp_path, dpi=72)
    expected = join_url(session)
    assert expected.endswith(f"/j/{session.join_code}/")
    codes = decode(page)
    # The table tent has a code on each face (one of them upside down).
    assert codes == [expected] * (2 if name == "table-tent" else 1)


def test_qr_follows_public_url(session, tmp_path, settings):
    settings.PUBLIC_URL = "https://assenkruis.example.nl"
    (page,) = pdf_to_pngs(materials.render(data_of(session), "poster-a4"), tmp_path, dpi=72)
    assert decode(page) == [f"https://assenkruis.example.nl/j/{session.join_code}/"]


def test_a3_poster_reads_from_three_metres(session, tmp_path, settings):
    """A 1080p camera preview sees about 3.9 m of wall across at 3 m (66° field
    of view): 0.5 pixel per millimetre, 12 dpi. The A3 code must decode there."""
    settings.PUBLIC_URL = "https://assenkruis.example.nl"  # a real-length address
    (page,) = pdf_to_pngs(materials.render(data_of(session), "poster-a3"), tmp_path, dpi=12)
    assert decode(page) == [join_url(session)]
