"""The control page's "Placements for Excel" in Chromium: the file a facilitator gets."""

import csv
import io

import pytest

from tests.helpers import place

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.django_db(transaction=True)]


def test_the_excel_download_has_semicolons_decimal_commas_and_defused_formulas(
    new_page, session, alice
):
    card = session.cards.first()
    place(session, card, -0.5, 0.25, role="bewoner", comment="=1+1")
    page = new_page(alice, viewport={"width": 1366, "height": 768})
    page.goto(f"/facilitator/sessions/{session.pk}/")

    with page.expect_download() as download:
        page.get_by_role("link", name="Plaatsingen voor Excel").click()
    path = download.value.path()

    assert download.value.suggested_filename == f"assenkruis-{session.join_code}-excel.csv"
    text = open(path, encoding="utf-8-sig").read()
    (row,) = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert (row["card"], row["x"], row["y"], row["comment"]) == (
        card.title,
        "-0,5",
        "0,25",
        "'=1+1",
    )
