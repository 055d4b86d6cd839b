"""The live toolkit in real browsers: rounds, role view, spotlight, moderation, paper votes, replay."""

import json

import pytest

from tests.browser.conftest import (
    PHONE,
    grid_point,
    join_and_skip_role,
    place_with_keys,
    wait_for,
)
from tests.browser.room_helpers import card_action
from workshop.models import Card, Participant, Placement, PlacementEvent, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_cards(session):
    return list(session.cards.filter(is_open=True).order_by("position", "id"))


def placed(session, card, points, round_=1, role=""):
    """Participants of `role` who placed `card` at `points` (stored as a phone would)."""
    for x, y in points:
        person = Participant.objects.create(session=session, role=role)
        Placement.objects.create(participant=person, card=card, round=round_, x=x, y=y)
        PlacementEvent.objects.create(
            participant=person, card=card, round=round_, kind="place", x=x, y=y, client_id="t"
        )


def control_page(new_page, alice, session):
    control = new_page(alice, viewport={"width": 1366, "height": 768})
    control.on("dialog", lambda dialog: dialog.accept())
    control.goto(f"/facilitator/sessions/{session.pk}/")
    control.locator(".ak-card-row").first.wait_for()
    return control


def projector_page(new_page, alice, session):
    screen = new_page(alice, viewport={"width": 1920, "height": 1080})
    screen.goto(f"/facilitator/sessions/{session.pk}/screen/")
    screen.locator("#ak-screen[data-ready]").wait_for()
    return screen


def test_a_new_round_shows_the_room_moving_with_an_arrow(new_page, session, alice):
    card = open_cards(session)[0]
    placed(session, card, [(-0.6, -0.5), (-0.4, -0.7), (0.9, 0.9), (-0.9, 0.1)])
    control = control_page(new_page, alice, session)
    card_action(control, card, "round")
    wait_for(lambda: Card.objects.get(pk=card.pk).round == 2, message="no new round")

    placed(session, card, [(0.5, 0.5), (0.6, 0.4), (0.55, 0.6)], round_=2)
    card_action(control, card, "reveal")
    wait_for(lambda: Card.objects.get(pk=card.pk).revealed, message="not revealed")

    screen = projector_page(new_page, alice, session)
    screen.locator("#ak-screen-grid .ak-earlier-round").first.wait_for()
    assert screen.locator("#ak-screen-grid .ak-earlier-round").count() == 1
    assert screen.locator("#ak-screen-grid .ak-earlier-round .ak-arrow-line").count() == 1
    move = screen.locator(".ak-legend-move").first
    assert "1 → 2" in move.inner_text()
    assert "dichter bij elkaar" in move.inner_text()


def rounds_table(control) -> list[list[str]]:
    rows = control.locator("#ak-rounds-rows tr")
    return [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()] for row in rows.all()
    ]


def test_the_control_page_lists_a_cards_earlier_rounds_in_words(new_page, session, alice):
    card, other = open_cards(session)[:2]
    placed(session, card, [(-0.6, -0.5), (-0.4, -0.7), (-0.5, -0.6)])
    control = control_page(new_page, alice, session)
    assert control.locator("#ak-rounds").is_hidden(), "one round: no history to show"

    card_action(control, card, "round")
    control.locator("#ak-rounds").wait_for(state="visible")
    assert rounds_table(control) == [["1", "3", "Individuele hulpverlening, duidelijk"]]

    placed(session, card, [(0.8, 0.8), (0.9, 0.7)], round_=2)
    card_action(control, card, "round")
    control.locator("#ak-rounds-rows tr").nth(1).wait_for()
    expected = [
        ["1", "3", "Individuele hulpverlening, duidelijk"],
        ["2", "2", "Collectieve activering, sterk"],
    ]
    assert rounds_table(control) == expected

    control.locator(f'button[data-card="{other.pk}"][data-action="select"]').click()
    control.locator("#ak-rounds").wait_for(state="hidden")

    control.reload()  # the snapshot carries the history too
    control.locator(f'button[data-card="{card.pk}"][data-action="select"]').click()
    control.locator("#ak-rounds").wait_for(state="visible")
    assert rounds_table(control) == expected
    assert control.locator("#ak-rounds table th[scope=col]").all_inner_texts() == [
        "Ronde",
        "Geplaatst",
        "Gemiddeld",
    ]


def test_the_role_view_splits_the_room_by_role(new_page, session, alice):
    card = open_cards(session)[0]
    Card.objects.filter(pk=card.pk).update(revealed=True)
    placed(session, card, [(0.8, 0.8), (0.6, 0.7), (0.7, 0.6)], role="kunstenaar")
    placed(session, card, [(-0.7, -0.6), (-0.5, -0.8), (-0.6, -0.7)], role="opbouwwerker")
    # One policy maker: too few to be shown apart, counted with "anders"; so are
    # the two who gave no role (too few as well): three together, as "anders".
    placed(session, card, [(0.1, -0.9)], role="beleidsmaker")
    placed(session, card, [(0.2, -0.8), (0.3, -0.7)])
    screen = projector_page(new_page, alice, session)
    screen.locator("#ak-screen-grid g.ak-dots circle").nth(8).wait_for()
    assert screen.locator("#ak-role-panel").is_hidden()

    screen.keyboard.press("r")
    panel = screen.locator("#ak-role-panel")
    panel.wait_for(state="visible")
    assert screen.locator("#ak-role-legend li .ak-role-swatch.ak-role-kunstenaar").count() == 1
    # two roles, "anders" (the policy maker and the two without a role), and the mean
    assert screen.locator("#ak-role-legend li").count() == 4
    assert screen.locator(".ak-role-beleidsmaker").count() == 0
    assert screen.locator("#ak-screen-grid .ak-dot.ak-role-kunstenaar").count() == 3
    assert screen.locator("#ak-screen-grid .ak-dot.ak-role-anders").count() == 3
    assert screen.locator("#ak-screen-grid .ak-dot.ak-role-none").count() == 0
    assert "anders (3)" in screen.locator("#ak-role-legend").inner_text()
    # Three artists against three community workers: too few to call a difference,
    # so no line joins their averages and the list names no card.
    assert screen.locator("#ak-screen-grid .ak-role-gap").count() == 0
    assert screen.locator("#ak-role-differ").inner_text() == (
        "Nog te weinig kunstenaars of opbouwwerkers om ze te vergelijken (minstens 5 van elk)."
    )
    assert "ak-mode-roles" in screen.locator("#ak-screen").get_attribute("class")

    screen.reload()  # the view stays on
    panel.wait_for(state="visible")
    screen.keyboard.press("r")
    panel.wait_for(state="hidden")
    assert screen.locator("#ak-screen-grid .ak-role-mean").count() == 0


def test_the_role_view_joins_the_professions_only_where_they_clearly_differ(
    new_page, session, alice
):
    card = open_cards(session)[0]
    Card.objects.filter(pk=card.pk).update(revealed=True)
    placed(session, card, [(0.7 + 0.02 * i, 0.6) for i in range(6)], role="kunstenaar")
    placed(session, card, [(-0.6 + 0.02 * i, -0.5) for i in range(6)], role="opbouwwerker")
    screen = projector_page(new_page, alice, session)
    screen.keyboard.press("r")
    screen.locator("#ak-screen-grid .ak-role-gap").wait_for()
    assert card.title in screen.locator("#ak-role-differ").inner_text()


def test_the_spotlight_puts_one_card_large_on_the_projector_and_ends(new_page, session, alice):
    card = open_cards(session)[1]
    screen = projector_page(new_page, alice, session)
    control = control_page(new_page, alice, session)
    card_action(control, card, "spotlight")

    screen.locator("#ak-screen.ak-mode-spotlight").wait_for()
    title = screen.locator("#ak-focus-title")
    assert title.inner_text() == card.title
    assert float(title.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 48
    assert Session.objects.get(pk=session.pk).spotlight_card_id == card.pk

    control.locator("#ak-spotlight-end").click()
    screen.locator("#ak-screen.ak-mode-spotlight").wait_for(state="detached")
    assert Session.objects.get(pk=session.pk).spotlight_card_id is None


def test_a_pre_moderated_comment_reaches_the_projector_only_once_approved(new_page, session, alice):
    card = open_cards(session)[0]
    Card.objects.filter(pk=card.pk).update(revealed=True)
    control = control_page(new_page, alice, session)
    control.locator('input[name="ak-moderation"][value="pre"]').check()
    wait_for(
        lambda: Session.objects.get(pk=session.pk).moderation == "pre",
        message="moderation not stored",
    )
    screen = new_page(alice, viewport={"width": 1920, "height": 1080})
    frames = []  # what the projector's socket received
    cdp = screen.context.new_cdp_session(screen)
    cdp.send("Network.enable")
    cdp.on("Network.webSocketFrameReceived", lambda e: frames.append(e["response"]["payloadData"]))
    screen.goto(f"/facilitator/sessions/{session.pk}/screen/")
    screen.locator("#ak-screen[data-ready]").wait_for()

    def comment_changes():
        screen.evaluate("0")  # a round trip: Playwright hands over the DevTools events
        return [
            c
            for f in frames
            if '"kind":"comment"' in f
            for b in json.loads(f)["batches"]
            for c in b["changes"]
            if c["kind"] == "comment"
        ]

    comment_from_phone(new_page, session, card, "Kans: samen met de bieb")
    wait_for(
        lambda: Placement.objects.filter(card=card, comment_hidden=True).exists(),
        message="comment not stored hidden",
    )

    control.locator(f'.ak-card-pick[data-card="{card.pk}"]').click()
    pending = control.locator(".ak-comment", has_text="Kans: samen met de bieb")
    pending.wait_for()
    assert "ak-comment-hidden" in pending.get_attribute("class")
    # The projector got the comment's change (blanked: the text never reaches it) …
    told = wait_for(comment_changes, message="the projector was not told of the comment")
    assert [(c["comment"], c["hidden"]) for c in told] == [("", True)]
    assert not any("samen met de bieb" in f for f in frames)
    # … and drew what it was told (two animation frames: whatever it renders is on screen).
    screen.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert "samen met de bieb" not in screen.locator("#ak-screen").inner_text()

    pending.locator('button[data-action="show"]').click()
    screen.locator("#ak-screen-comment-list", has_text="Kans: samen met de bieb").wait_for()
    assert not Placement.objects.get(card=card).comment_hidden


def test_a_paper_vote_entered_on_the_control_page_is_stored_and_shown(new_page, session, alice):
    first, second = open_cards(session)[:2]
    Card.objects.filter(pk=first.pk).update(revealed=True)
    screen = projector_page(new_page, alice, session)
    control = control_page(new_page, alice, session)
    control.locator("#ak-paper-box summary").click()  # folded away until needed
    control.select_option("#ak-paper-card", str(first.pk))
    control.select_option("#ak-paper-role", "bewoner")
    control.locator("#ak-paper-grid").scroll_into_view_if_needed()
    control.mouse.click(*grid_point(control, "#ak-paper-grid", 0.5, 0.5))

    placement = wait_for(
        lambda: Placement.objects.filter(card=first).first(), message="paper vote not stored"
    )
    assert placement.participant.source == Participant.Source.PAPER
    assert placement.participant.role == "bewoner"
    assert (placement.x, placement.y) == (
        pytest.approx(0.5, abs=0.03),
        pytest.approx(0.5, abs=0.03),
    )
    control.locator("#ak-paper-status", has_text="Collectieve activering").wait_for()
    screen.locator("#ak-screen-grid rect.ak-dot-paper").wait_for()

    # The same sheet goes on with the next card, typed in, also after a reload.
    assert control.locator("#ak-paper-card").input_value() == str(second.pk)
    control.reload()
    control.locator(f'#ak-paper-card option[value="{second.pk}"]').wait_for(state="attached")
    assert control.locator("#ak-paper-card").input_value() == str(second.pk)
    control.fill("#ak-paper-x", "-0.4")
    control.fill("#ak-paper-y", "0.2")
    control.locator("#ak-paper-form button[type=submit]").click()
    other = wait_for(
        lambda: Placement.objects.filter(card=second).first(), message="second card not stored"
    )
    assert other.participant_id == placement.participant_id
    assert (other.x, other.y) == (pytest.approx(-0.4), pytest.approx(0.2))


def test_the_replay_plays_the_dots_and_returns_to_live(new_page, session, alice):
    card, unrevealed = open_cards(session)[:2]
    placed(session, card, [(0.1, 0.2), (-0.3, 0.4), (0.5, -0.6)])
    placed(session, unrevealed, [(0.9, 0.9)])  # its result is not shown, nor replayed
    screen = projector_page(new_page, alice, session)
    Card.objects.filter(pk=card.pk).update(revealed=True, is_open=False)
    screen.reload()
    screen.locator("#ak-screen[data-ready]").wait_for()
    assert screen.locator("#ak-screen-grid g.ak-dots circle").count() == 0  # closed card

    screen.keyboard.press("p")  # the facilitator's keys: P replays, 3 is 16×, Esc is live again
    screen.locator("#ak-replay").wait_for(state="visible")
    screen.keyboard.press("3")
    wait_for(
        lambda: screen.locator("#ak-screen-grid g.ak-dots circle").count() == 3,
        message="the replay did not play the dots",
    )
    screen.keyboard.press("Escape")
    screen.locator("#ak-replay").wait_for(state="hidden")
    assert screen.locator("#ak-screen-grid g.ak-dots circle").count() == 0


def test_the_replay_in_the_role_view_shows_no_role_of_fewer_than_three(new_page, session, alice):
    card = open_cards(session)[0]
    placed(session, card, [(0.1, 0.2), (-0.3, 0.4), (0.5, -0.6)], role="kunstenaar")
    placed(session, card, [(0.9, -0.9)], role="beleidsmaker")
    Card.objects.filter(pk=card.pk).update(revealed=True, is_open=False)
    screen = projector_page(new_page, alice, session)
    screen.locator("#ak-screen[data-ready]").wait_for()
    screen.keyboard.press("r")
    screen.keyboard.press("p")
    screen.keyboard.press("3")
    wait_for(lambda: screen.locator("#ak-screen-grid g.ak-dots circle").count() == 4)
    # The lone policy maker would be "geen rol (1)" beside the artists, and the
    # artists' dots beside the room's would give them away: no role on this card.
    assert screen.locator("#ak-screen-grid .ak-dot[class*=ak-role-]").count() == 0
    assert screen.locator("#ak-screen-grid .ak-dot.ak-c0").count() == 4
    assert screen.locator("#ak-role-legend").inner_text() == (
        "Rollen niet getoond bij deze kaart: te weinig mensen in een rol."
    )


def test_a_phone_forgets_its_dot_when_the_card_is_reset_or_runs_again(new_page, session, alice):
    card = open_cards(session)[0]
    phone = new_page(**PHONE)
    phone.goto(f"/j/{session.join_code}/")
    phone.get_by_role("button", name="Overslaan").click()
    own = phone.locator("#ak-grid g.ak-dots circle.ak-dot-own")
    control = control_page(new_page, alice, session)
    for action in ["reset", "round"]:
        phone.locator(f'.ak-chip[data-card="{card.pk}"]').focus()
        phone.keyboard.press("ArrowUp")
        phone.keyboard.press("Enter")
        own.wait_for()
        card_action(control, card, action)
        own.wait_for(state="detached")
    assert Card.objects.get(pk=card.pk).resets == 1
    assert Card.objects.get(pk=card.pk).round == 2


def test_the_projector_takes_a_fresh_snapshot_when_the_session_is_edited(new_page, session, alice):
    card = open_cards(session)[-1]  # the last open card is the one under discussion
    screen = projector_page(new_page, alice, session)
    screen.locator("#ak-focus-title", has_text=card.title).wait_for()
    Card.objects.filter(pk=card.pk).update(title="Nieuwe titel")  # unseen until a snapshot

    edit = new_page(alice, viewport={"width": 1366, "height": 768})
    edit.goto(f"/facilitator/sessions/{session.pk}/edit/")
    edit.locator("form button[type=submit].ak-button-primary").click()
    edit.wait_for_url(f"**/facilitator/sessions/{session.pk}/")
    screen.locator("#ak-focus-title", has_text="Nieuwe titel").wait_for()


def test_placements_without_a_new_comment_leave_the_comment_list_alone(new_page, session, alice):
    """Moderating with the keyboard: the list is not rebuilt under the facilitator."""
    card = open_cards(session)[0]
    person = Participant.objects.create(session=session, role="bewoner")
    Placement.objects.create(participant=person, card=card, x=0.1, y=0.2, comment="Samen doen")
    control = control_page(new_page, alice, session)
    control.locator(f'.ak-card-pick[data-card="{card.pk}"]').click()
    control.locator(".ak-comment", has_text="Samen doen").wait_for()
    control.evaluate("window.markedComment = document.querySelector('.ak-comment')")

    phone = new_page(**PHONE)
    join_and_skip_role(phone, session)
    place_with_keys(phone, card)
    control.locator("#ak-detail-meta", has_text="2 geplaatst").wait_for()

    assert control.evaluate("window.markedComment === document.querySelector('.ak-comment')")


def comment_from_phone(new_page, session, card, text):
    """A phone joins, places `card` by keyboard and comments on it; the phone's page."""
    phone = new_page(**PHONE)
    phone.goto(f"/j/{session.join_code}/")
    phone.get_by_role("button", name="Overslaan").click()
    phone.locator(f'.ak-chip[data-card="{card.pk}"]').focus()
    phone.keyboard.press("ArrowUp")
    phone.keyboard.press("Enter")
    wait_for(lambda: Placement.objects.filter(card=card).exists(), message="not placed")
    # Placing moved on to the next card: she taps the placed one to comment on it.
    phone.locator(f'.ak-chip[data-card="{card.pk}"]').click()
    phone.fill("#ak-comment", text)
    phone.locator("#ak-comment-form button[type=submit]").click()
    return phone
