"""Arbitrary frames thrown at the phone and control consumers (hypothesis).

Arbitrary includes nested thousands deep and thousands wide, within the size
limits and over them: bad input is answered 1000-1003 or 3000, never 4000.

Whatever arrives, the consumer does not crash, answers every frame with
exactly one well-formed `ack` or `error`, and the database only ever holds
valid placements: in range, on an open and unlocked card of the phone's own
session, with a comment within the limit.
"""

import json
import math

import msgspec
import pytest
from asgiref.sync import sync_to_async
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.helpers import Client, session_cookie_for
from workshop.live import protocol as p
from workshop.live.actions import messages_for
from workshop.models import Card, ControlEvent, Participant, Placement, Session

PHONE = tuple(messages_for("phone").values())
CONTROL = tuple(messages_for("control").values())

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
)  # floats include NaN and ±Infinity, which json.dumps writes as bare tokens
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
client_ids = st.text(alphabet="abcdef0123456789-", min_size=1, max_size=8) | st.sampled_from(
    ["", "x" * 65, None, 7]
)
coordinates = (
    st.floats(min_value=-1, max_value=1)
    | st.floats()
    | st.integers(min_value=-2, max_value=2)
    | st.sampled_from(["0.5", None, True, 1e308])
)
texts = st.text(max_size=30) | st.sampled_from(["k" * 280, "k" * 281, "<script>alert(1)</script>"])


def message(kind: str, **fields) -> st.SearchStrategy[dict]:
    """A message of `kind` whose fields are drawn from the given strategies, some maybe missing."""
    required = {"type": st.just(kind), "id": client_ids}
    return st.fixed_dictionaries(required, optional=fields) | st.fixed_dictionaries(
        {**required, **fields}
    )


@st.composite
def deep_values(draw) -> str:
    """JSON text nested thousands deep, arrays, objects or both mixed, closed or left
    open; mostly within the phone's 4096 and the control's 32768 bytes, sometimes over."""
    openers = draw(
        st.lists(st.sampled_from(["[", '{"a":', "[1,", '{"b":[']), min_size=1, max_size=3)
    )
    closers = {"[": "]", '{"a":': "}", "[1,": "]", '{"b":[': "]}"}
    opening = "".join(openers)
    closing = "".join(closers[o] for o in reversed(openers)) if draw(st.booleans()) else ""
    size = draw(st.integers(1500, 4000) | st.integers(4000, 32000) | st.integers(1, 40000))
    repeats = size // (len(opening) + len(closing)) + 1
    return opening * repeats + draw(json_scalars.map(json.dumps)) + closing * repeats


@st.composite
def wide_values(draw) -> str:
    """A JSON array or object of up to 12000 members."""
    width = draw(st.integers(min_value=0, max_value=12000))
    member = draw(json_scalars.map(json.dumps))
    if draw(st.booleans()):
        return "[" + ",".join([member] * width) + "]"
    return "{" + ",".join(f'"k{n}":{member}' for n in range(width)) + "}"


@st.composite
def in_a_field(draw, messages: st.SearchStrategy[dict], values: st.SearchStrategy[str]) -> str:
    """A protocol-shaped message with one field (maybe type or id) replaced by `values`."""
    message = draw(messages)
    field = draw(st.sampled_from(sorted(message, key=str)))
    message[field] = "PLACEHOLDER"
    return json.dumps(message).replace('"PLACEHOLDER"', draw(values), 1)


def frames(messages: st.SearchStrategy[dict]) -> st.SearchStrategy[str]:
    """Mostly protocol-shaped messages, sometimes anything at all, deeply nested or very wide."""
    return st.one_of(
        messages.map(json.dumps),
        messages.map(json.dumps),
        messages.map(json.dumps),
        json_values.map(json.dumps),
        st.text(min_size=1, max_size=40).filter(str.strip),
        st.just(json.dumps({"type": "notes", "id": "big", "text": "n" * 40000})),
        deep_values(),
        wide_values(),
        in_a_field(messages, deep_values() | wide_values()),
    )


def check_reply_is_well_formed(reply: dict) -> None:
    assert isinstance(reply, dict) and reply.get("type") in (
        "ack", "error", "snapshot", "view", "update",
    ), reply  # fmt: skip
    if reply["type"] == "ack":
        assert isinstance(reply["id"], str) and 1 <= len(reply["id"]) <= 64, reply
    elif reply["type"] == "error":
        assert set(reply) == {"type", "id", "code", "message"}, reply
        assert reply["id"] is None or isinstance(reply["id"], str), reply
        assert reply["code"] in {int(c) for c in p.Code}, reply
        assert reply["code"] != p.Code.SERVER_ERROR, f"a frame made the server fail: {reply}"
        assert isinstance(reply["message"], str) and reply["message"], reply
    elif reply["type"] in ("snapshot", "view"):
        assert isinstance(reply["seq"], int) and isinstance(reply["cards"], list), reply


async def exchange(client: Client, sent: list[str]) -> list[dict]:
    """Send the frames, then a marker sync; return every reply up to the marker's answer."""
    for frame in sent:
        await client.send_raw(frame)
    await client.send_raw(json.dumps({"type": "sync", "id": "marker-sync"}))
    replies = []
    while True:
        reply = await client.receive(timeout=5)
        check_reply_is_well_formed(reply)
        replies.append(reply)
        if reply["type"] in ("ack", "error") and reply["id"] == "marker-sync":
            return replies


@sync_to_async
def card_ids(session) -> list[int]:
    cards = list(session.cards.all())
    cards[1].locked = True  # open but locked: must refuse placements
    cards[1].save()
    return [c.pk for c in cards]


@sync_to_async
def assert_only_valid_placements(session_id: int, phone_test: bool) -> None:
    for pl in Placement.objects.select_related("card", "participant"):
        assert math.isfinite(pl.x) and -1 <= pl.x <= 1 and math.isfinite(pl.y) and -1 <= pl.y <= 1
        assert pl.card.session_id == pl.participant.session_id, "a placement across sessions"
        assert len(pl.comment) <= 280
        if phone_test:  # nobody changes the cards meanwhile
            assert pl.card.is_open and not pl.card.locked, "placed on a closed or locked card"
    for card in Card.objects.filter(session_id=session_id):
        assert (card.agreed_x is None) == (card.agreed_y is None)
        assert card.agreed_x is None or (-1 <= card.agreed_x <= 1 and -1 <= card.agreed_y <= 1)
    session = Session.objects.get(pk=session_id)
    assert session.state in Session.State.values and len(session.notes) <= 10000


@pytest.fixture
def no_rate_limit(settings):
    settings.LIVE_RATE_PER_SECOND = 100000
    settings.LIVE_RATE_BURST = 100000


@EXAMPLES
@given(data=st.data())
async def test_the_phone_consumer_survives_anything_and_stores_only_valid_placements(
    data, session, bobs_session, no_rate_limit
):
    cards = await card_ids(session) + [await sync_to_async(lambda: bobs_session.cards.first().pk)()]
    card = st.sampled_from(cards) | st.integers(min_value=-3, max_value=2**64)
    phone_messages = st.one_of(
        messages_of(PHONE, card, st.none()),
        messages_of(PHONE, card, st.none()),  # mostly the phone's own types
        messages_of(CONTROL, card, st.integers(min_value=1, max_value=5)),
        message("hello", token=st.none() | st.text(max_size=70)),
    )
    sent = data.draw(st.lists(frames(phone_messages), max_size=12), label="frames")

    client = Client(f"/ws/phone/{session.join_code}/")
    assert (await client.connect())[0]
    await client.request({"type": "hello", "token": None})
    replies = await exchange(client, sent)
    await client.close()

    answers = [r for r in replies if r["type"] in ("ack", "error")]
    assert len(answers) == len(sent) + 1, "every frame gets exactly one answer"
    event(f"phone acks: {sum(a['type'] == 'ack' for a in answers[:-1]) > 0}")
    await assert_only_valid_placements(session.pk, phone_test=True)


def field_values(name: str, info, card, participant) -> st.SearchStrategy:
    """Values for one field of a message struct: good ones, near misses and junk."""
    if name == "card":
        return card | st.none()
    if name in ("x", "y"):
        return coordinates
    if name == "participant":
        return participant | st.none() | st.integers(min_value=-1, max_value=10**6)
    if isinstance(info, msgspec.inspect.LiteralType):
        return st.sampled_from([*info.values, "bogus"])
    if isinstance(info, msgspec.inspect.StrType):
        return texts
    if isinstance(info, msgspec.inspect.BoolType):
        return st.booleans() | json_scalars
    return json_scalars


def messages_of(classes, card, participant) -> st.SearchStrategy[dict]:
    """Protocol-shaped messages of every type in `classes`, whatever fields they grow."""
    return st.one_of(
        message(
            cls.__struct_config__.tag,
            **{
                f.name: field_values(f.name, f.type, card, participant)
                for f in msgspec.inspect.type_info(cls).fields
                if f.name != "id"
            },
        )
        for cls in classes
    )


@sync_to_async
def participants_of(*sessions) -> list[int]:
    """One participant with a placement in each session, for messages to name."""
    ids = []
    for session in sessions:
        participant = Participant.objects.create(session=session)
        card = session.cards.first()
        Placement.objects.create(participant=participant, card=card, x=0, y=0, comment="hoi")
        ids.append(participant.pk)
    return ids


@EXAMPLES
@given(data=st.data())
async def test_the_control_consumer_survives_anything_and_records_each_action_once(
    data, session, alice, bobs_session, no_rate_limit
):
    cards = await card_ids(session) + [await sync_to_async(lambda: bobs_session.cards.first().pk)()]
    card = st.sampled_from(cards) | st.integers(min_value=-3, max_value=2**64)
    participant = st.sampled_from(await participants_of(session, bobs_session))
    control_messages = messages_of(CONTROL + PHONE, card, participant)
    sent = data.draw(st.lists(frames(control_messages), max_size=12), label="frames")
    events_before = await sync_to_async(ControlEvent.objects.count)()

    cookie = await sync_to_async(session_cookie_for)(alice)
    client = Client(f"/ws/control/{session.pk}/", cookie=cookie)
    assert (await client.connect())[0]
    await client.receive_type("snapshot")
    replies = await exchange(client, sent)
    await client.close()

    answers = [r for r in replies if r["type"] in ("ack", "error")]
    assert len(answers) == len(sent) + 1, "every frame gets exactly one answer"
    # One consumer handles its frames in order, so the n-th answer is the n-th frame's.
    applied = [
        frame
        for frame, answer in zip(sent, answers, strict=False)
        if answer["type"] == "ack" and not answer.get("duplicate") and _type_of(frame) != "sync"
    ]
    events_after = await sync_to_async(ControlEvent.objects.count)()
    assert events_after - events_before == len(applied), "each acknowledged action recorded once"
    await assert_only_valid_placements(session.pk, phone_test=False)
    await assert_nothing_points_across_sessions(session.pk, bobs_session.pk)


@sync_to_async
def assert_nothing_points_across_sessions(session_id: int, other_id: int) -> None:
    session = Session.objects.get(pk=session_id)
    if session.spotlight_card_id:
        assert Card.objects.get(pk=session.spotlight_card_id).session_id == session_id
    if session.spotlight_participant_id:
        assert Participant.objects.get(pk=session.spotlight_participant_id).session_id == session_id
    other = Session.objects.get(pk=other_id)
    assert other.seq == 0 and other.notes == "" and not other.spotlight_card_id


def _type_of(frame: str):
    try:
        return json.loads(frame).get("type")
    except (ValueError, AttributeError):
        return None


@EXAMPLES
@pytest.mark.parametrize("kind", ["phone", "screen", "control"])
@given(data=st.data())
async def test_deep_and_wide_frames_are_bad_input_on_every_endpoint(
    kind, data, session, alice, no_rate_limit
):
    """Nesting and width alone, drawn often: the mixture above meets them only now and then."""
    shaped = message("sync") | message("notes", text=texts) | message("place", card=st.integers())
    odd = st.one_of(deep_values(), wide_values(), in_a_field(shaped, deep_values() | wide_values()))
    sent = data.draw(st.lists(odd, min_size=1, max_size=4), label="frames")

    if kind == "phone":
        client = Client(f"/ws/phone/{session.join_code}/")
        assert (await client.connect())[0]
        await client.request({"type": "hello", "token": None})
    else:
        client = Client(
            f"/ws/{kind}/{session.pk}/", cookie=await sync_to_async(session_cookie_for)(alice)
        )
        assert (await client.connect())[0]
        await client.receive_type("snapshot")
    replies = await exchange(client, sent)
    await client.close()

    answers = [r for r in replies if r["type"] in ("ack", "error")]
    assert len(answers) == len(sent) + 1, "every frame gets exactly one answer"
    for answer in answers[:-1]:
        assert answer["type"] == "ack" or answer["code"] in (1000, 1001, 1002, 1003, 3000), answer
