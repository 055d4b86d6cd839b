"""Bad input on every websocket endpoint: a clear error frame, the connection kept, nothing stored.

Each case sends one frame and checks the error code of docs/protocol.md, that
the error carries the message's id when the frame had a readable one, that
the same connection still answers a `sync`, and that nothing stored changed.
"""

import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from django.test import override_settings

from tests.helpers import Client, cookie_for, phone, screen
from workshop.models import Card, ControlEvent, Participant, Placement, PlacementEvent, Session

pytestmark = pytest.mark.django_db(transaction=True)


@sync_to_async
def stored_state() -> tuple:
    """Everything a message could change, in a comparable form."""
    return (
        sorted(Placement.objects.values_list("participant", "card", "x", "y", "comment")),
        PlacementEvent.objects.count(),
        ControlEvent.objects.count(),
        sorted(
            Card.objects.values_list(
                "pk", "is_open", "locked", "revealed", "agreed_x", "agreed_y", "title"
            )
        ),
        sorted(Session.objects.values_list("pk", "state", "notes", "seq", "title")),
        sorted(Participant.objects.values_list("pk", "role")),
    )


@sync_to_async
def cards_of(session) -> dict[str, Card]:
    """The session's cards by what the tests need them for."""
    cards = list(session.cards.all())
    cards[1].locked = True
    cards[1].save()
    return {"open": cards[0], "locked": cards[1], "closed": cards[5]}


@sync_to_async
def foreign_card(other_session) -> Card:
    return other_session.cards.first()


async def assert_still_answers(client: Client) -> None:
    reply = await client.request({"type": "sync"})
    assert reply["type"] == "ack", f"the connection no longer answers: {reply}"


def place(card, x=0.5, y=0.5, **extra) -> str:
    return json.dumps({"type": "place", "id": "bad-1", "card": card, "x": x, "y": y, **extra})


def raw(kind: str, card: int, x: str, y: str) -> str:
    """A frame with literal number tokens, for what json.dumps would not write."""
    return f'{{"type": "{kind}", "id": "bad-1", "card": {card}, "x": {x}, "y": {y}}}'


# frame maker (given the cards) -> expected code, whether the error carries the id
PHONE_CASES = {
    "not json": (lambda c: "hello there", 1000, False),
    "truncated json": (lambda c: '{"type": "place", "id": "bad-1"', 1000, False),
    "a json array": (lambda c: "[1, 2, 3]", 1000, False),
    "a json string": (lambda c: '"place"', 1000, False),
    "json null": (lambda c: "null", 1000, False),
    "only whitespace": (lambda c: "  ", 1000, False),
    "an unknown type": (lambda c: '{"type": "dance", "id": "bad-1"}', 1001, True),
    "a type that is not a string": (lambda c: '{"type": 7, "id": "bad-1"}', 1001, True),
    "no type": (lambda c: '{"id": "bad-1"}', 1001, True),
    "no id": (lambda c: '{"type": "place", "card": 1, "x": 0, "y": 0}', 1002, False),
    "an id that is too long": (lambda c: place(c["open"].pk, id="x" * 65), 1002, False),
    "a missing coordinate": (
        lambda c: json.dumps({"type": "place", "id": "bad-1", "card": c["open"].pk, "x": 0}),
        1002,
        True,
    ),
    "a coordinate as a string": (lambda c: place(c["open"].pk, x="0.5"), 1002, True),
    "a card id as a float": (lambda c: place(float(c["open"].pk)), 1002, True),
    "a card id as a boolean": (lambda c: place(True), 1002, True),
    "an extra field": (lambda c: place(c["open"].pk, participant=1), 1002, True),
    "x above one": (lambda c: place(c["open"].pk, x=1.0001), 1002, True),
    "y below minus one": (lambda c: place(c["open"].pk, y=-7), 1002, True),
    "x NaN": (lambda c: place(c["open"].pk).replace("0.5", "NaN", 1), 1000, False),
    "y Infinity": (
        lambda c: raw("place", c["open"].pk, "0", "Infinity"),
        1000,
        False,
    ),
    "x overflowing to infinity": (lambda c: place(c["open"].pk).replace("0.5", "1e999", 1), 1000, False),
    "a negative card id": (lambda c: place(-3), 1002, True),
    "an unknown card": (lambda c: place(999999), 2001, True),
    "a card of another session": (lambda c: place(c["foreign"].pk), 2001, True),
    "a card that is not open": (lambda c: place(c["closed"].pk), 2002, True),
    "a locked card": (lambda c: place(c["locked"].pk), 2003, True),
    "an unknown role": (lambda c: '{"type": "role", "id": "bad-1", "role": "koning"}', 1002, True),
    "a comment over 280 characters": (
        lambda c: json.dumps({"type": "comment", "id": "bad-1", "card": c["open"].pk, "text": "k" * 281}),
        1002,
        True,
    ),
    "a comment on a card not placed": (
        lambda c: json.dumps({"type": "comment", "id": "bad-1", "card": c["open"].pk, "text": "hoi"}),
        2005,
        True,
    ),
    "a control action": (
        lambda c: json.dumps({"type": "card", "id": "bad-1", "card": c["open"].pk, "action": "lock"}),
        3000,
        True,
    ),
    "2000 nested arrays (4 KB)": (lambda c: "[" * 2000 + "]" * 2000, 1000, False),
    "2000 nested objects, unterminated": (lambda c: '{"a":' * 800, 1000, False),
    "a card id nested 1900 deep": (lambda c: place("CARD").replace('"CARD"', "[" * 1900 + "]" * 1900), 1000, False),
    "a wide array as a card id": (lambda c: place([1] * 1300), 1002, True),
    "an object with 300 keys": (lambda c: json.dumps({"type": "sync", "id": "bad-1", **{f"k{n}": n for n in range(300)}}), 1002, True),
    "a frame over 4 KiB": (lambda c: place(c["open"].pk, pad="p" * 4096), 1003, False),
    "a frame over 4 KiB in multibyte characters": (
        lambda c: json.dumps({"type": "comment", "id": "bad-1", "card": 1, "text": "é" * 2100}, ensure_ascii=False),
        1003,
        False,
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", PHONE_CASES)
async def test_the_phone_endpoint_answers_bad_input_with_an_error_and_stores_nothing(
    case, session, bobs_session
):
    cards = await cards_of(session)
    cards["foreign"] = await foreign_card(bobs_session)
    client, _, _ = await phone(session)
    before = await stored_state()
    make, code, carries_id = PHONE_CASES[case]

    await client.send_raw(make(cards))
    error = await client.receive_type("error")

    assert error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"]
    assert error["id"] == ("bad-1" if carries_id else None)
    await assert_still_answers(client)
    assert await stored_state() == before
    await client.close()


async def test_a_binary_frame_gets_a_not_json_error(session):
    client, _, _ = await phone(session)
    await client.comm.send_to(bytes_data=b'{"type": "sync", "id": "b"}')
    assert (await client.receive_type("error"))["code"] == 1000
    await assert_still_answers(client)
    await client.close()


@pytest.mark.parametrize("state", [Session.State.CLOSED, Session.State.DRAFT])
async def test_a_session_that_is_not_open_refuses_placements(state, session):
    cards = await cards_of(session)
    client, _, _ = await phone(session)
    session.state = state
    await sync_to_async(session.save)()
    before = await stored_state()

    reply = await client.request({"type": "place", "card": cards["open"].pk, "x": 0, "y": 0})

    assert reply["code"] == 2004
    assert await stored_state() == before
    await client.close()


async def test_an_unknown_join_code_is_closed_with_4404(db):
    client = Client("/ws/phone/QQQQQQ/")
    assert await client.connect() == (True, None)
    assert (await client.comm.receive_output(timeout=3)) == {
        "type": "websocket.close",
        "code": 4404,
    }


CONTROL_CASES = {
    "not json": (lambda c: "{{", 1000, False),
    "a json list": (lambda c: "[]", 1000, False),
    "an unknown type": (lambda c: '{"type": "explode", "id": "bad-1"}', 1001, True),
    "an unknown card action": (
        lambda c: json.dumps({"type": "card", "id": "bad-1", "card": c["open"].pk, "action": "burn"}),
        1002,
        True,
    ),
    "an unknown card": (
        lambda c: json.dumps({"type": "card", "id": "bad-1", "card": 999999, "action": "lock"}),
        2001,
        True,
    ),
    "a card of another session": (
        lambda c: json.dumps({"type": "card", "id": "bad-1", "card": c["foreign"].pk, "action": "reveal"}),
        2001,
        True,
    ),
    "an agreed position out of range": (
        lambda c: json.dumps({"type": "agreed", "id": "bad-1", "card": c["open"].pk, "x": 2, "y": 0}),
        1002,
        True,
    ),
    "an agreed position of NaN": (
        lambda c: raw("agreed", c["open"].pk, "NaN", "0"),
        1000,
        False,
    ),
    "a session action that does not exist": (
        lambda c: '{"type": "session", "id": "bad-1", "action": "delete"}',
        1002,
        True,
    ),
    "notes over 10000 characters": (
        lambda c: json.dumps({"type": "notes", "id": "bad-1", "text": "n" * 10001}),
        1002,
        True,
    ),
    "a spotlight on a participant that does not exist": (
        lambda c: json.dumps({"type": "spotlight", "id": "bad-1", "card": c["open"].pk, "participant": 999999}),
        2006,
        True,
    ),
    "a spotlight on a participant of another session": (
        lambda c: json.dumps({"type": "spotlight", "id": "bad-1", "card": c["open"].pk, "participant": c["stranger"]}),
        2006,
        True,
    ),
    "a phone message": (lambda c: place(c["open"].pk), 3000, True),
    "a hello": (lambda c: '{"type": "hello", "id": "bad-1", "token": null}', 3000, True),
    "10 KB of nested arrays": (lambda c: "[" * 5000 + "]" * 5000, 1000, False),
    "nested objects in a notes field": (
        lambda c: '{"type": "notes", "id": "bad-1", "text": ' + '{"a":' * 3000 + "1" + "}" * 3001,
        1000,
        False,
    ),
    "30 KB of nested arrays, unterminated": (lambda c: "[" * 30000, 1000, False),
    "a wide array of notes": (lambda c: json.dumps({"type": "notes", "id": "bad-1", "text": [0] * 10000}), 1002, True),
    "a frame over 32 KiB": (lambda c: json.dumps({"type": "notes", "id": "bad-1", "text": "n" * 33000}), 1003, False),
}  # fmt: skip


@pytest.mark.parametrize("kind", ["control", "screen"])
@pytest.mark.parametrize("case", CONTROL_CASES)
async def test_the_facilitator_endpoints_answer_bad_input_with_an_error_and_store_nothing(
    case, kind, session, alice, bobs_session
):
    cards = await cards_of(session)
    cards["foreign"] = await foreign_card(bobs_session)
    cards["stranger"] = await sync_to_async(
        lambda: Participant.objects.create(session=bobs_session).pk
    )()
    client, _ = await screen(session, await cookie_for(alice), kind=kind)
    before = await stored_state()
    make, code, carries_id = CONTROL_CASES[case]
    if kind == "screen" and code not in (1000, 1001, 1003):
        code = 3000  # the projector is read only: any known type but sync is refused first

    await client.send_raw(make(cards))
    error = await client.receive_type("error")

    assert error["code"] == code, error
    assert error["id"] == ("bad-1" if carries_id else None)
    await assert_still_answers(client)
    assert await stored_state() == before
    await client.close()


@override_settings(LIVE_RATE_PER_SECOND=20, LIVE_RATE_BURST=40)
async def test_a_burst_over_the_rate_limit_is_answered_with_1004_and_the_connection_kept(session):
    client, _, _ = await phone(session)
    for _ in range(60):
        await client.send_raw("x")
    codes = [(await client.receive_type("error"))["code"] for _ in range(60)]

    assert codes.count(1000) >= 39, "the burst of 40 (one went to hello) is served"
    assert 1004 in codes, "messages over the limit are refused"
    # The bucket refills at 20 a second: a sync goes through again within a second or two.
    for attempt in range(40):
        await client.send_raw(json.dumps({"type": "sync", "id": f"again-{attempt}"}))
        reply = await client.receive()
        while reply["type"] not in ("ack", "error"):
            reply = await client.receive()
        if reply["type"] == "ack":
            assert reply["id"] == f"again-{attempt}"
            break
        assert reply["code"] == 1004, reply
        await asyncio.sleep(0.1)  # the limit is about time: two tokens' worth of it
    else:
        raise AssertionError("the connection stayed rate limited")
    await client.close()


@pytest.mark.parametrize("kind", ["phone", "control"])
async def test_persistent_flooding_closes_the_connection_with_4429(kind, session, alice):
    if kind == "phone":
        client, _, _ = await phone(session)
    else:
        client, _ = await screen(session, await cookie_for(alice), kind="control")
    before = await stored_state()
    # Frames the server answers cheaply (an error each): a flood of syncs would
    # measure the machine, since on a loaded one each snapshot takes as long as
    # the bucket needs to refill its token, and the bucket never runs dry.
    for _ in range(400):
        await client.send_raw('{"id": "flood"}')

    seen = []
    while True:
        output = await client.comm.receive_output(timeout=10)
        if output["type"] == "websocket.close":
            break
        seen.append(json.loads(output["text"]))
    assert output["code"] == 4429
    assert any(m.get("code") == 1004 for m in seen), "refusals came before the close"
    assert await stored_state() == before
