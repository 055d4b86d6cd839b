"""The phone's results page says how each card's placements lie in the words
every output uses (workshop/lib/findings.py): rooms built so the right words are known."""

import re

import pytest

from tests.shapes import ROOMS, build

pytestmark = pytest.mark.django_db


def test_the_results_page_names_camps_ties_agreement_and_spread(client, alice):
    session = build(alice)
    page = client.get(f"/j/{session.join_code}/")
    assert page.status_code == 200
    text = " ".join(page.content.decode().split())
    # What the page says of the group, card by card (the chart's labels aside).
    group = dict(
        re.findall(
            r'<h2 id="ak-result-\d+"[^>]*>\d+\. ([^<]+)</h2>.*?<dt>De groep</dt> <dd>(.*?)</dd>',
            text,
        )
    )
    assert list(group) == list(ROOMS)
    for title, (_points, said) in ROOMS.items():
        assert group[title].startswith(said), title
    # No card is placed by the quadrant of its average: the two camps' average
    # lies in "Collectieve activering", where nobody put that card.
    assert "Collectieve activering" not in group["Twee kampen"]
    # The dashed ring's legend says what it holds.
    assert "Stippelring: minstens twee op de drie plekken van de groep liggen erbinnen" in text
