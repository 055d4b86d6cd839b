"""Each action of workshop/live/actions/ on its own: its check and its apply.

The commit's steps are taken by hand here (lock, prefetch what the action
declares, check, apply, write), so a test names the one action it is about.
The same actions through sockets: test_live_consumers.py and tests/live/.
"""

import msgspec
import pytest
from django.db import transaction

from tests.helpers import session_cookie_for
from workshop.live import commit
from workshop.live import protocol as p
from workshop.live.actions import REGISTRY, Command, Work, action_for, messages_for
from workshop.models import (
    ControlEvent,
    Participant,
    Placement,
    PlacementEvent,
    Session,
)

pytestmark = pytest.mark.django_db


def checked(command: Command):
    """(work, the check's outcome or None), as the commit would see it."""
    action = action_for(command.message)
    with transaction.atomic():
        work = Work(Session.lock([command.session_id]))
        work.prefetch({read: [command] for read in action.reads})
        return work, action.check(work, command)


def applied(command: Command):
    """(work, outcome): checked, and applied and written if the check let it through."""
    action = action_for(command.message)
    with transaction.atomic():
        work = Work(Session.lock([command.session_id]))
        work.prefetch({read: [command] for read in action.reads})
        outcome = action.check(work, command) or action.apply(work, command)
        work.write()
    for change in work.changes.get(command.session_id, []):
        assert isinstance(change, action.announces), f"{type(change).__name__} not declared"
    return work, outcome


def told(work: Work, session) -> list[dict]:
    """The changes announced for the session, as they go out (JSON's data)."""
    return msgspec.to_builtins(work.changes.get(session.pk, []))


@pytest.fixture
def card(session):
    return session.cards.filter(is_open=True).first()


@pytest.fixture
def someone(session):
    return Participant.objects.create(session=session, role="bewoner")


def phone_says(session, someone, message, role="bewoner") -> Command:
    return Command(session.pk, message, participant_id=someone.pk, role=role)


@pytest.fixture
def control(session, alice):
    login = session_cookie_for(alice).split("=", 1)[1]

    def says(message, user=alice, key=login) -> Command:
        return Command(session.pk, message, user_id=user.pk, auth_key=key)

    return says


# The registry ---------------------------------------------------------------


def test_every_message_type_but_sync_and_ping_has_exactly_one_action():
    # sync and ping are answered by the consumer itself (a snapshot; an ack).
    assert set(REGISTRY) == set(p.Message.__subclasses__()) - {p.Sync, p.Ping}


def test_every_change_kind_is_announced_by_an_action_or_by_publish():
    announced = {kind for action in REGISTRY.values() for kind in action.announces}
    assert set(p.CHANGES.values()) <= announced | {p.EditedChange}  # edited: publish.py


def test_phones_send_only_phone_actions_and_control_pages_only_control_actions():
    phone = {a.message for a in REGISTRY.values() if "phone" in a.senders}
    assert set(messages_for("phone").values()) == {p.Sync, p.Ping, *phone}
    assert all(a.senders <= {"phone", "control"} for a in REGISTRY.values())
    assert p.Place not in messages_for("control").values()
    assert p.CardAction in messages_for("control").values()
    assert list(messages_for("screen").values()) == [p.Sync]


# Phones -----------------------------------------------------------------------


def test_join_makes_a_participant_with_a_token_and_announces_it(session):
    work, outcome = applied(Command(session.pk, p.Hello(id="h", token=None)))
    made = Participant.objects.get(pk=outcome.extra["participant"])
    assert made.session == session and made.token == outcome.extra["token"]
    assert told(work, session) == [{"kind": "participant", "participant": made.pk, "role": ""}]


def test_join_finds_the_participant_a_token_names_and_makes_nobody_new(session, someone):
    work, outcome = applied(Command(session.pk, p.Hello(id="h", token=someone.token)))
    assert outcome.extra == {"participant": someone.pk, "token": someone.token, "role": "bewoner"}
    assert Participant.objects.count() == 1 and told(work, session) == []


def test_join_again_on_the_same_socket_is_the_same_participant(session, someone):
    again = Command(session.pk, p.Hello(id="h2", token=None), participant_id=someone.pk)
    _, outcome = applied(again)
    assert outcome.extra["participant"] == someone.pk and Participant.objects.count() == 1


def test_join_while_the_session_is_not_open_makes_no_participant(session):
    Session.objects.filter(pk=session.pk).update(state="draft")
    work, outcome = applied(Command(session.pk, p.Hello(id="h", token="unknown")))
    assert outcome.ok and outcome.extra["participant"] is None
    assert not Participant.objects.exists() and told(work, session) == []


def test_a_phone_action_without_a_card_is_refused_when_the_session_is_not_open(session, someone):
    Session.objects.filter(pk=session.pk).update(state="closed")
    _, outcome = checked(phone_says(session, someone, p.SetRole(id="r", role="kunstenaar")))
    assert outcome.error == p.Code.SESSION_NOT_OPEN


def test_card_refusal_says_why_a_card_may_not_be_placed(session, bobs_session, card):
    card = type(card).objects.select_related("session").get(pk=card.pk)
    assert card.refusal(session.pk) is None
    assert card.refusal(bobs_session.pk) == "UNKNOWN_CARD"
    card.locked = True
    assert card.refusal(session.pk) == "CARD_LOCKED"
    card.is_open = False
    assert card.refusal(session.pk) == "CARD_NOT_OPEN"
    card.session.state = "closed"
    assert card.refusal(session.pk) == "SESSION_NOT_OPEN"


def test_choose_role_stores_the_role_and_tells_the_room(session, someone):
    work, outcome = applied(phone_says(session, someone, p.SetRole(id="r", role="kunstenaar")))
    assert outcome.ok
    assert Participant.objects.get(pk=someone.pk).role == "kunstenaar"
    assert told(work, session)[0]["role"] == "kunstenaar"


def test_roles_chosen_in_one_run_are_stored_each_and_the_last_choice_counts(session, someone):
    others = [Participant.objects.create(session=session) for _ in range(3)]
    says = [phone_says(session, someone, p.SetRole(id="r1", role="kunstenaar")),
            *(phone_says(session, other, p.SetRole(id="r", role="opbouwwerker")) for other in others),
            phone_says(session, someone, p.SetRole(id="r2", role="beleidsmaker"))]  # fmt: skip
    outcomes, _ = commit.apply_commands(says)
    assert all(outcome.ok for outcome in outcomes)
    assert Participant.objects.get(pk=someone.pk).role == "beleidsmaker"
    assert {o.role for o in Participant.objects.filter(pk__in=[o.pk for o in others])} == {
        "opbouwwerker"
    }


def test_place_stores_the_placement_and_its_history_and_describes_it(session, someone, card):
    work, outcome = applied(
        phone_says(session, someone, p.Place(id="m1", card=card.pk, x=0.5, y=-0.25))
    )
    assert outcome.ok and not outcome.duplicate
    assert Placement.objects.filter(participant=someone, card=card, x=0.5, y=-0.25).exists()
    assert PlacementEvent.objects.filter(participant=someone, client_id="m1", kind="place").exists()
    [change] = told(work, session)
    assert change == {"participant": someone.pk, "card": card.pk, "kind": "placement",
                      "x": 0.5, "y": -0.25, "role": "bewoner", "source": "phone"}  # fmt: skip
    assert session.pk not in work.results, "a hidden card's result did not change"


def test_place_on_a_revealed_card_changes_the_phones_results(session, someone, card):
    card.set_flag("reveal")
    work, _ = applied(phone_says(session, someone, p.Place(id="m1", card=card.pk, x=0, y=0)))
    assert session.pk in work.results


def test_place_is_applied_once_per_client_id(session, someone, card):
    applied(phone_says(session, someone, p.Place(id="m1", card=card.pk, x=0.1, y=0.1)))
    _, outcome = checked(phone_says(session, someone, p.Place(id="m1", card=card.pk, x=0.9, y=0.9)))
    assert outcome.duplicate and outcome.ok


def test_already_applied_finds_exactly_the_pairs_asked_for_in_a_large_run(session, card):
    from workshop.models import Move, already_applied, place

    people = [Participant.objects.create(session=session) for _ in range(1200)]
    place([Move(person.pk, card.pk, card.round, 0.0, 0.0, f"id-{i}") for i, person in
           enumerate(people)])  # fmt: skip
    theirs = {(person.pk, f"id-{i}") for i, person in enumerate(people) if i % 2 == 0}
    # The others ask with an id that exists, but is another participant's.
    not_theirs = {(person.pk, f"id-{i - 1}") for i, person in enumerate(people) if i % 2}
    assert already_applied(theirs | not_theirs) == theirs  # 1200 pairs: over one chunk
    assert already_applied(not_theirs) == set()
    assert already_applied(set()) == set()


@pytest.mark.parametrize(
    "setup, code",
    [
        (lambda s, c, other: other.pk, p.Code.UNKNOWN_CARD),
        (lambda s, c, other: Session.objects.filter(pk=s.pk).update(state="closed") and c.pk,
         p.Code.SESSION_NOT_OPEN),
        (lambda s, c, other: c.set_flag("close") or c.pk, p.Code.CARD_NOT_OPEN),
        (lambda s, c, other: c.set_flag("lock") or c.pk, p.Code.CARD_LOCKED),
    ],
    ids=["another session's card", "session closed", "card closed", "card locked"],
)  # fmt: skip
def test_place_refuses_what_may_not_be_placed(session, bobs_session, someone, card, setup, code):
    card_id = setup(session, card, bobs_session.cards.first())
    _, outcome = checked(phone_says(session, someone, p.Place(id="m", card=card_id, x=0, y=0)))
    assert outcome.error == code
    assert not Placement.objects.exists()


def test_comment_needs_a_placement_in_the_current_round(session, someone, card):
    _, outcome = checked(phone_says(session, someone, p.SetComment(id="c", card=card.pk, text="x")))
    assert outcome.error == p.Code.NOTHING_TO_COMMENT


def test_comment_is_stored_and_held_back_in_a_pre_moderated_session(session, someone, card):
    applied(phone_says(session, someone, p.Place(id="m", card=card.pk, x=0, y=0)))
    Session.objects.filter(pk=session.pk).update(moderation="pre")
    work, outcome = applied(
        phone_says(session, someone, p.SetComment(id="c", card=card.pk, text="Mooi"))
    )
    assert outcome.ok
    placement = Placement.objects.get(participant=someone, card=card)
    assert (placement.comment, placement.comment_hidden) == ("Mooi", True)
    assert told(work, session)[0]["hidden"] is True


# Control ------------------------------------------------------------------------


def test_a_control_action_is_refused_and_the_socket_closed_without_authority(
    session, alice, bob, card, control
):
    refused = [
        control(p.SessionAction(id="s", action="close"), user=bob),  # not a facilitator
        control(p.SessionAction(id="s", action="close"), key="not-a-login"),  # logged out
    ]
    for command in refused:
        _, outcome = checked(command)
        assert outcome.error == p.Code.FORBIDDEN and outcome.close == p.CloseCode.FORBIDDEN
    session.facilitators.remove(alice)
    _, outcome = applied(control(p.SessionAction(id="s", action="close")))
    assert outcome.close == p.CloseCode.FORBIDDEN
    assert Session.objects.get(pk=session.pk).state == "open"
    assert not ControlEvent.objects.exists()


def test_a_control_action_is_applied_once_per_client_id(session, card, control):
    applied(control(p.CardAction(id="k", card=card.pk, action="lock")))
    _, outcome = checked(control(p.CardAction(id="k", card=card.pk, action="unlock")))
    assert outcome.duplicate


def test_a_control_action_refuses_another_sessions_card(session, bobs_session, control):
    other = bobs_session.cards.first()
    _, outcome = checked(control(p.CardAction(id="k", card=other.pk, action="open")))
    assert outcome.error == p.Code.UNKNOWN_CARD


@pytest.mark.parametrize(
    "action, field, value",
    [("close", "is_open", False), ("reveal", "revealed", True), ("lock", "locked", True)],
)
def test_card_buttons_set_their_flag_and_tell_phones_soon(
    session, card, control, action, field, value
):
    work, outcome = applied(control(p.CardAction(id="k", card=card.pk, action=action)))
    assert outcome.ok
    card.refresh_from_db()
    assert getattr(card, field) is value
    assert told(work, session)[0]["kind"] == "card" and session.pk in work.urgent
    assert ControlEvent.objects.get().action == f"card:{action}"


def test_reset_clears_the_round_and_keeps_the_history(session, someone, card, control):
    applied(phone_says(session, someone, p.Place(id="m", card=card.pk, x=0, y=0)))
    Session.objects.filter(pk=session.pk).update(spotlight_card=card)
    work, outcome = applied(control(p.CardAction(id="k", card=card.pk, action="reset")))
    assert outcome.ok
    assert not Placement.objects.filter(card=card).exists()
    assert PlacementEvent.objects.filter(card=card, kind="reset").count() == 1
    assert [c["kind"] for c in told(work, session)] == ["reset", "card", "session"]


def test_a_new_round_opens_the_card_again_with_the_last_round_as_history(
    session, someone, card, control
):
    applied(phone_says(session, someone, p.Place(id="m", card=card.pk, x=0.5, y=0.5)))
    work, _ = applied(control(p.CardAction(id="k", card=card.pk, action="round")))
    card.refresh_from_db()
    assert (card.round, card.is_open, card.revealed) == (2, True, False)
    [change] = told(work, session)
    assert change["kind"] == "round" and change["history"][0]["n"] == 1


def test_agree_sets_and_clears_the_agreed_position(session, card, control):
    applied(control(p.SetAgreed(id="a1", card=card.pk, x=0.2, y=0.3)))
    card.refresh_from_db()
    assert card.agreed_position == (0.2, 0.3)
    applied(control(p.SetAgreed(id="a2", card=card.pk, x=0.2, y=None)))
    card.refresh_from_db()
    assert card.agreed_position is None


def test_moderate_hides_a_comment_and_leaves_the_room_alone_without_one(
    session, someone, card, control
):
    work, _ = applied(
        control(p.HideComment(id="h0", card=card.pk, participant=someone.pk, hidden=True))
    )
    assert told(work, session) == []
    Placement.objects.create(participant=someone, card=card, x=0, y=0, comment="Hm")
    work, _ = applied(
        control(p.HideComment(id="h1", card=card.pk, participant=someone.pk, hidden=True))
    )
    assert Placement.objects.get().comment_hidden
    assert told(work, session)[0]["kind"] == "comment"


def test_paper_makes_one_sheet_and_adds_the_next_cards_to_it(session, card, control):
    work, outcome = applied(
        control(p.PaperVote(id="p1", card=card.pk, x=0.1, y=0.2, role="bewoner"))
    )
    sheet = Participant.objects.get(pk=outcome.extra["participant"])
    assert sheet.source == "paper" and sheet.role == "bewoner"
    assert [c["kind"] for c in told(work, session)] == ["participant", "placement"]
    second = session.cards.filter(is_open=True)[1]
    paper = p.PaperVote(id="p2", card=second.pk, x=0, y=0, participant=sheet.pk)
    work, outcome = applied(control(paper))
    assert outcome.extra["participant"] == sheet.pk
    assert Placement.objects.filter(participant=sheet).count() == 2
    assert session.pk not in work.urgent, "hidden results: phones need not hear of it soon"


@pytest.mark.parametrize(
    "message, field, value",
    [
        (p.SessionAction(id="s", action="close"), "state", "closed"),
        (p.SetNotes(id="s", text="Pauze om 3"), "notes", "Pauze om 3"),
        (p.SetModeration(id="s", mode="pre"), "moderation", "pre"),
    ],
)
def test_session_changes_set_the_session_and_tell_the_room(session, control, message, field, value):
    work, outcome = applied(control(message))
    assert outcome.ok
    assert getattr(Session.objects.get(pk=session.pk), field) == value
    assert told(work, session)[0]["session"][field] == value


def test_show_large_refuses_a_participant_of_another_session(session, bobs_session, card, control):
    stranger = Participant.objects.create(session=bobs_session)
    _, outcome = checked(control(p.Spotlight(id="s", card=card.pk, participant=stranger.pk)))
    assert outcome.error == p.Code.UNKNOWN_PARTICIPANT
    work, outcome = applied(control(p.Spotlight(id="s2", card=card.pk)))
    assert Session.objects.get(pk=session.pk).spotlight_card_id == card.pk
    assert told(work, session)[0]["session"]["spotlight"]["card"] == card.pk
