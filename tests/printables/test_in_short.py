"""The summary's "In short": what stands out over all cards, in plain Dutch."""

import pytest
from django.utils import translation

from printables import materials, words
from printables.data import CardData, PlacementData, RoundData, SessionData
from printables.templatetags.print_text import FSI, PDI
from tests.printables.conftest import AXES, data_of, fill, flat, pdf_text
from workshop.models import COMPARED_ROLES

ARTIST, WORKER = COMPARED_ROLES


def card(number, title, artists_at, workers_at, *, agreed=None, earlier=None, per=4):
    """`per` artists at one point, `per` community workers at another: four of
    each are too few to compare (workshop.lib.compare), six are enough."""
    placements = [PlacementData(*artists_at, ARTIST)] * per + [
        PlacementData(*workers_at, WORKER)
    ] * per
    return CardData(
        number,
        title,
        "",
        agreed,
        AXES,
        round=2 if earlier else 1,
        placements=placements,
        earlier=[RoundData(1, 2 * per, earlier)] if earlier else [],
    )


def dutch(cards):
    with translation.override("nl"):
        sentences = words.in_short(cards)
    return [s.replace(FSI, "").replace(PDI, "") for s in sentences], sentences


def test_in_short_says_where_the_cards_went_who_agreed_how_the_groups_differ_and_what_moved():
    cards = [
        card(1, "Buurtkoor", (0.6, 0.5), (0.1, 0.5)),  # close together in Collectieve activering
        card(2, "Moestuin", (0.5, -0.5), (-0.2, -0.5)),  # two spots 70 apart: two camps
        card(3, "Schrijfgroep", (0.4, 0.6), (0.3, 0.55), agreed=(0.5, 0.5), earlier=(-0.5, 0.5)),
    ]
    read, raw = dutch(cards)
    assert read == [
        # By the shape of the placements: card 2's average (Individuele activering) is
        # where nobody put it, so no card is counted there.
        "Zo liggen de 3 kaarten: 2 bij ‘Collectieve activering’ en 1 in twee kampen.",
        "De plaatsingen liggen het dichtst bij elkaar bij kaart 3, ‘Schrijfgroep’ (meestal zo’n 6"
        " van hun gemiddelde) en het verst uit elkaar bij kaart 2, ‘Moestuin’ (zo’n 35).",
        # Four artists against four community workers: noise, not a finding.
        "Bij geen enkele kaart waren er genoeg kunstenaars en opbouwwerkers om de twee groepen"
        " te vergelijken (daarvoor zijn er minstens 5 van elk nodig).",
        "In een volgende ronde werd één kaart opnieuw geplaatst; die schoof op.",
        "Voor 1 van de 3 kaarten koos de groep na het gesprek samen een plek.",
    ]
    assert f"{FSI}Moestuin{PDI}" in raw[1]
    assert "Individuele activering" not in " ".join(read)  # names isolated, as everywhere in print


def test_in_short_leaves_out_what_the_data_cannot_say():
    # One placed card: its own finding says it all.
    assert words.in_short([card(1, "Alleen", (0.5, 0.5), (0.5, 0.5))]) == []
    # Everyone agreed on each card, the groups put them in the same spot,
    # nothing was placed twice or agreed together.
    read, _raw = dutch(
        [card(1, "A", (0.5, 0.5), (0.5, 0.5)), card(2, "B", (-0.5, 0.5), (-0.5, 0.5))]
    )
    assert read == [
        "Zo liggen de 2 kaarten: 1 bij ‘Collectieve activering’ en 1 bij ‘Collectieve"
        " hulpverlening’.",
        "Bij elke kaart liggen de plaatsingen dicht bij elkaar.",
        "Bij geen enkele kaart waren er genoeg kunstenaars en opbouwwerkers om de twee groepen"
        " te vergelijken (daarvoor zijn er minstens 5 van elk nodig).",
    ]
    # Each card split evenly: two camps, neither closer together than the other, so
    # no card is named as the closest or furthest apart.
    read, _raw = dutch([card(n, "K", (0.5, 0.5), (-0.5, -0.5)) for n in (1, 2)])
    assert read[0] == "Zo liggen de 2 kaarten: 2 in twee kampen."
    assert not any("dichtst" in sentence for sentence in read)


def test_in_short_names_the_cards_where_the_groups_differ_and_no_direction_for_all():
    cards = [
        card(1, "A", (0.6, 0.5), (0.1, 0.5), per=6),
        card(2, "B", (0.1, 0.5), (0.6, 0.5), per=6),
        card(3, "C", (0.4, 0.5), (0.4, 0.5), per=6),
    ]
    read, _raw = dutch(cards)
    assert read[-1] == (
        "Kunstenaars en opbouwwerkers verschillen meer dan toeval bij 2 van de 3 kaarten die"
        " beide groepen plaatsten (minstens 5 van elk): kaart 1 en 2; bij de andere is het"
        " verschil niet groter dan toeval vaak geeft."
    )
    read, _raw = dutch(cards[2:] * 2)
    assert read[-1] == (
        "Bij geen van de 2 kaarten die beide groepen plaatsten (minstens 5 van elk) verschilden"
        " kunstenaars en opbouwwerkers meer dan toeval zou geven."
    )


def test_too_small_groups_are_not_compared():
    few = [PlacementData(0.6, 0.5, ARTIST)] * 3 + [PlacementData(0.1, 0.5, WORKER)] * 6
    cards = [CardData(n, "Kaart", "", None, AXES, placements=few) for n in (1, 2)]
    read, _raw = dutch(cards)
    assert read[-1].startswith("Bij geen enkele kaart waren er genoeg kunstenaars")
    assert not any("verschillen" in s for s in read)


@pytest.mark.django_db
def test_the_summary_opens_with_in_short_and_the_handout_has_it_by_the_results(session):
    fill(session, participants=40)
    data = data_of(session)
    text = pdf_text(materials.render(data, "summary"))
    opening = text[: text.index("Per kaart die de groep plaatste")]
    assert "Kort gezegd" in opening
    assert "Zo liggen de 12 kaarten:" in opening
    assert "De plaatsingen liggen het dichtst bij elkaar bij kaart" in opening
    # The handout: In short's first sentences after the results' heading, as many as its first page holds.
    handout = pdf_text(materials.render(data, "handout"))
    results = handout[handout.index("Resultaten van deze sessie") :]
    assert "Kort gezegd" in results and "Zo liggen de 12 kaarten:" in results


def test_beyond_the_twelve_card_budget_the_opening_grows_and_nothing_is_cut():
    from dataclasses import replace

    from tests.printables.test_robust import session_at_the_limits

    data = session_at_the_limits()
    extra = replace(data.cards[0], number=13)
    with translation.override("nl"):
        at_budget = materials.summary.summary_context(data)
        beyond = materials.summary.summary_context(replace(data, cards=[*data.cards, extra]))
        told = words.in_short(
            materials.figures.placed_cards(replace(data, cards=[*data.cards, extra]))
        )
    # With thirteen cards, In short prints whole, the notes' beginning as long as
    # the quotes leave it (1 500 characters less theirs), more than at twelve.
    assert beyond["in_short"] == told
    quoted = sum(1 for s in beyond["sections"] if s["lead"])
    assert quoted and "Dit is het begin van de notities." in beyond["data"].notes
    # Beyond the budget only the quotes take from the notes' 1 500 characters.
    _leads, used = materials.opening.lead_quotes(
        materials.figures.placed_cards(data), materials.opening.OPENING_QUOTES_CHARS
    )
    with translation.override("nl"):
        full = materials.opening.notes_beginning(
            data.notes, materials.opening.SUMMARY_NOTES_CHARS - used
        )
    assert beyond["data"].notes == full
    assert len(beyond["data"].notes) >= len(at_budget["data"].notes)


def session_of(cards):
    return SessionData(
        1, "Sessie", None, "", "", "ABC123", "https://assenkruis.example/j/ABC123", "closed", "",
        AXES, "nl", 8, {ARTIST: 4, WORKER: 4}, cards,
    )  # fmt: skip


def opening_of(cards):
    with translation.override("nl"):
        context = materials.summary.summary_context(session_of(cards))
    shorts = [
        " ".join(section["short"]).replace(FSI, "").replace(PDI, "")
        for section in context["sections"]
    ]
    return context, shorts


def test_a_cards_line_names_a_difference_only_where_there_is_one():
    differ = [card(n, f"Kaart {n}", (0.6, 0.5), (-0.3, 0.5), per=6) for n in (1, 2)]
    alike = card(3, "Kaart 3", (0.5, 0.5), (0.5, 0.5), per=6)
    context, shorts = opening_of([*differ, alike])
    assert (
        "Kunstenaars en opbouwwerkers verschillen op Hulpverlening–Activering: kunstenaars"
        " richting Activering en opbouwwerkers richting Hulpverlening." in shorts[0]
    )
    assert "Kunstenaars" not in shorts[2] and "opbouwwerkers" not in shorts[2]
    with translation.override("nl"):
        text = flat(pdf_text(materials.render(session_of([*differ, alike]), "summary")))
    opening = text[: text.index("Notities van de begeleider")]
    told = "bij 2 van de 3 kaarten die beide groepen plaatsten (minstens 5 van elk): kaart 1 en 2"
    assert told in opening
    cards_pages = text[len(opening) :]  # each card's own page says it with figures and how sure
    assert (
        cards_pages.count(
            "Kunstenaars en opbouwwerkers verschillen op Hulpverlening–Activering: kunstenaars"
            " richting Activering (+60) en opbouwwerkers richting Hulpverlening (−30). Toeval alleen"
            " geeft zo’n groot verschil tussen groepen van deze grootte minder dan één op de 100 keer."
        )
        == 2
    )
    assert (
        "Kunstenaars (6) en opbouwwerkers (6) zetten de kaart op ongeveer dezelfde plek: het"
        " verschil tussen hen is niet groter dan toeval bij groepen van deze grootte vaak geeft."
        in cards_pages
    )


def test_where_in_short_has_no_room_for_the_groups_each_finding_keeps_them(monkeypatch):
    monkeypatch.setattr(materials.opening, "OPENING_CHARS", 0)  # In short gets no room at all
    cards = [card(n, f"Kaart {n}", (0.6, 0.5), (0.1, 0.5), per=6) for n in (1, 2)]
    context, shorts = opening_of(cards)
    assert context["in_short"] == []
    assert all(
        "kunstenaars richting Activering en opbouwwerkers in het midden" in s for s in shorts
    )


def test_when_a_few_far_off_pull_the_average_over_a_line_the_words_say_so():
    # Five close together in Collectieve activering, three far off in
    # Collectieve hulpverlening: the average lands in Collectieve hulpverlening.
    placements = [PlacementData(0.1, 0.5, ARTIST)] * 5 + [PlacementData(-0.9, 0.5, WORKER)] * 3
    pulled = CardData(1, "Buurtkoor", "", None, AXES, placements=placements)
    with translation.override("nl"):
        page = " ".join(words.finding(pulled)).replace(FSI, "").replace(PDI, "")
        short = " ".join(words.short_finding(pulled)).replace(FSI, "").replace(PDI, "")
    # Where most put it, with the count; the average in figures only, never as the
    # quadrant fewer chose (the sign of the average decides nothing).
    assert page.startswith(
        "Meer dan de helft zette de kaart bij ‘Collectieve activering’: 5 van de 8 plaatsingen."
        " Het gemiddelde van alle plaatsingen: iets richting Hulpverlening (−28) en duidelijk"
        " richting Collectief (+50)."
    )
    assert "Collectieve hulpverlening" not in page + short
    # The overview table's row says the same.
    with translation.override("nl"):
        (row,) = materials.figures.overview_rows(session_of([pulled]))
    assert (row["where"].replace(FSI, "").replace(PDI, ""), row["agreement"]) == (
        "Collectieve activering",
        "meer dan de helft (5)",
    )
    assert short.startswith(
        "Meer dan de helft zette de kaart bij ‘Collectieve activering’: 5 van de 8 plaatsingen."
    )


def test_cards_that_tie_for_most_or_least_agreement_are_all_named():
    unanimous = [card(n, f"Eens {n}", (0.5, 0.5), (0.5, 0.5)) for n in range(1, 8)]
    split = [card(n, f"Verdeeld {n}", (0.5, 0.5), (-0.5, -0.5)) for n in (8, 9)]
    read, _raw = dutch([*unanimous, split[0]])
    assert read[1] == (
        "De plaatsingen liggen het dichtst bij elkaar bij kaarten 1, 2, 3, 4, 5, 6 en 7 (meestal"
        " zo’n 0 van hun gemiddelde) en het verst uit elkaar bij kaart 8, ‘Verdeeld 8’ (zo’n 71)."
    )
    read, _raw = dutch([unanimous[0], *split])
    assert read[1] == (
        "De plaatsingen liggen het dichtst bij elkaar bij kaart 1, ‘Eens 1’ (meestal zo’n 0 van"
        " hun gemiddelde) en het verst uit elkaar bij kaarten 8 en 9 (zo’n 71)."
    )


def test_when_every_card_placed_again_moved_in_short_says_all_of_them():
    moved = [card(n, f"Kaart {n}", (0.5, 0.5), (0.5, 0.5), earlier=(-0.5, -0.5)) for n in (1, 2, 3)]
    read, _raw = dutch(moved)
    assert (
        "In een volgende ronde werden 3 kaarten opnieuw geplaatst; bij alle 3 veranderde de plek."
        in read
    )
