"""The websocket messages: declared once, validated before any handler runs.

Each message type is a Struct here (its schema) and an action in
workshop/live/actions/ (who may send it, its check, apply and description).
docs/protocol.md describes the same messages for people; keep them together.
"""

from enum import IntEnum
from typing import Annotated, Literal

import msgspec
from django.utils.translation import gettext_lazy as _

from workshop.models import COMMENT_MAX_LENGTH, Role

ClientId = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Coordinate = Annotated[float, msgspec.Meta(ge=-1.0, le=1.0)]
CardId = Annotated[int, msgspec.Meta(ge=1, le=2**53)]
RoleName = Literal[("", *Role.values)]  # the roles of workshop.models.Role, or none
Token = Annotated[str, msgspec.Meta(max_length=64)]
NOTES_MAX_LENGTH = 10000


class Code(IntEnum):
    BAD_JSON = 1000
    UNKNOWN_TYPE = 1001
    INVALID = 1002
    TOO_LARGE = 1003
    RATE_LIMITED = 1004
    HELLO_FIRST = 1005
    UNKNOWN_CARD = 2001
    CARD_NOT_OPEN = 2002
    CARD_LOCKED = 2003
    SESSION_NOT_OPEN = 2004
    NOTHING_TO_COMMENT = 2005
    UNKNOWN_PARTICIPANT = 2006
    ANSWERS_REMOVED = 2007
    FORBIDDEN = 3000
    SERVER_ERROR = 4000


MESSAGES = {
    Code.BAD_JSON: _("The message is not a JSON object."),
    Code.UNKNOWN_TYPE: _("Unknown message type."),
    Code.INVALID: _("The message has a missing or wrong field."),
    Code.TOO_LARGE: _("The message is too large."),
    Code.RATE_LIMITED: _("Too many messages; slow down."),
    Code.HELLO_FIRST: _("Send hello first."),
    Code.UNKNOWN_CARD: _("This card is not part of this session."),
    Code.CARD_NOT_OPEN: _("This card is not open."),
    Code.CARD_LOCKED: _("This card is locked."),
    Code.SESSION_NOT_OPEN: _("The session is not open."),
    Code.NOTHING_TO_COMMENT: _("Place the card before you comment on it."),
    Code.UNKNOWN_PARTICIPANT: _("This participant is not part of this session."),
    Code.ANSWERS_REMOVED: _(
        "The answers of this session were removed after the time to keep them, so it takes "
        "no new answers. To run it again, use “Duplicate” on the sessions page."
    ),
    Code.FORBIDDEN: _("Not allowed here."),
    Code.SERVER_ERROR: _("Something went wrong on the server; try again."),
}


class CloseCode(IntEnum):
    FORBIDDEN = 4403
    NOT_FOUND = 4404
    FLOODING = 4429  # also: too many unknown join codes from this address (workshop/throttle.py)


class ProtocolError(Exception):
    def __init__(self, code: Code, detail: str = "", client_id: str | None = None):
        super().__init__(code, detail)
        self.code = code
        self.detail = detail
        self.client_id = client_id


class Message(msgspec.Struct, forbid_unknown_fields=True, tag_field="type"):
    id: ClientId


class Hello(Message, tag="hello"):
    token: Token | None = None


class Sync(Message, tag="sync"):
    pass


class Ping(Message, tag="ping"):
    """A phone asks whether the connection still works (answered with an ack, nothing else)."""


class SetRole(Message, tag="role"):
    role: RoleName


class Place(Message, tag="place"):
    card: CardId
    x: Coordinate
    y: Coordinate


class SetComment(Message, tag="comment"):
    card: CardId
    text: Annotated[str, msgspec.Meta(max_length=COMMENT_MAX_LENGTH)]


class CardAction(Message, tag="card"):
    card: CardId
    action: Literal["open", "close", "reveal", "hide", "lock", "unlock", "reset", "round"]


class SetAgreed(Message, tag="agreed"):
    card: CardId
    x: Coordinate | None
    y: Coordinate | None


class SessionAction(Message, tag="session"):
    action: Literal["open", "close"]


class SetNotes(Message, tag="notes"):
    text: Annotated[str, msgspec.Meta(max_length=NOTES_MAX_LENGTH)]


ParticipantId = Annotated[int, msgspec.Meta(ge=1, le=2**53)]
RoundNumber = Annotated[int, msgspec.Meta(ge=1, le=32767)]


class HideComment(Message, tag="hide_comment"):
    card: CardId
    participant: ParticipantId
    hidden: bool
    round: RoundNumber | None = None  # an earlier round's comment; None: the current round


class FeatureComment(Message, tag="feature_comment"):
    """Mark a comment to feature in the session summary (or unmark it)."""

    card: CardId
    participant: ParticipantId
    featured: bool
    round: RoundNumber | None = None  # as in hide_comment


class PaperVote(Message, tag="paper"):
    """A placement from a paper worksheet, or for someone without a phone."""

    card: CardId
    x: Coordinate
    y: Coordinate
    role: RoleName = ""
    participant: ParticipantId | None = None  # the same sheet's earlier placements
    comment: Annotated[str, msgspec.Meta(max_length=COMMENT_MAX_LENGTH)] = ""


class Spotlight(Message, tag="spotlight"):
    card: CardId | None
    participant: ParticipantId | None = None  # whose comment to show with it
    round: RoundNumber | None = None  # the round of that comment; None: the current round


class SetModeration(Message, tag="moderation"):
    mode: Literal["open", "pre"]


def tag_of(cls: type[msgspec.Struct]) -> str:
    return cls.__struct_config__.tag


_json = msgspec.json.Decoder()
_encoder = msgspec.json.Encoder()


def encode(message) -> bytes:
    """The one encoder of what the server sends: Structs below (and plain data) to JSON."""
    return _encoder.encode(message)


def decode(text: str | bytes, allowed: dict[str, type[Message]], known) -> Message:
    """Parse one client frame, or raise ProtocolError with the most useful code.

    allowed: the message types this socket may send, by their "type"; known:
    every type there is (a known type not allowed here is error 3000, not 1001).
    Steps are separate so the client learns *what* is wrong: not JSON, not an
    object, unknown type, not allowed here, or a bad field. msgspec's JSON
    parser refuses NaN and Infinity, which are not JSON.
    """
    try:
        raw = _json.decode(text)
    except msgspec.DecodeError as exc:
        raise ProtocolError(Code.BAD_JSON, str(exc)) from None
    except UnicodeEncodeError:  # a lone surrogate: not UTF-8, so not JSON
        raise ProtocolError(Code.BAD_JSON) from None
    except RecursionError:  # deeper than the decoder follows: bad input, not a server fault
        raise ProtocolError(Code.BAD_JSON, "nested too deeply") from None
    if not isinstance(raw, dict):
        raise ProtocolError(Code.BAD_JSON)
    client_id = raw.get("id")
    client_id = client_id if isinstance(client_id, str) and 0 < len(client_id) <= 64 else None
    kind = raw.get("type") if isinstance(raw.get("type"), str) else None
    cls = allowed.get(kind)
    if cls is None:
        code = Code.FORBIDDEN if kind in known else Code.UNKNOWN_TYPE
        raise ProtocolError(code, client_id=client_id)
    try:
        return msgspec.convert(raw, type=cls)
    except msgspec.ValidationError as exc:
        raise ProtocolError(Code.INVALID, str(exc), client_id=client_id) from None
    except RecursionError:
        raise ProtocolError(Code.INVALID, "nested too deeply", client_id=client_id) from None


# Server → client ----------------------------------------------------------------
# What the server sends, declared once: docs/protocol.md names the same kinds
# and fields (tests/workshop/test_protocol_doc.py holds the two together).
# UNSET fields are left out of the JSON.

UNSET = msgspec.UNSET
Maybe = msgspec.UnsetType


class Out(msgspec.Struct, tag_field="type", omit_defaults=False):
    """A message to a client."""


class Ack(Out, tag="ack"):
    id: str
    duplicate: bool | Maybe = UNSET
    token: str | None | Maybe = UNSET  # hello: the token to keep
    participant: int | None | Maybe = UNSET  # hello, paper: the participant


class Error(Out, tag="error"):
    id: str | None
    code: int
    message: str


class CardState(msgspec.Struct):
    """A card as every client sees it (phones: without agreed, with result)."""

    id: int
    title: str
    description: str
    image: str
    image_credit: str
    open: bool
    locked: bool
    revealed: bool
    round: int
    resets: int
    agreed: list[float] | None | Maybe = UNSET
    result: dict | None | Maybe = UNSET  # phones: n, mean, spread of a revealed card


class Change(msgspec.Struct, tag_field="kind"):
    """One change in an `update` batch."""


class PlacementChange(Change, tag="placement"):
    """A card placed or moved. From a phone the comment is unchanged (left out);
    a paper vote and the snapshots carry the comment and its moderation."""

    participant: int
    card: int
    x: float
    y: float
    role: str
    source: str = "phone"
    comment: str | Maybe = UNSET
    hidden: bool | Maybe = UNSET
    featured: bool | Maybe = UNSET


class CommentChange(Change, tag="comment"):
    participant: int
    card: int
    comment: str
    hidden: bool
    featured: bool | Maybe = UNSET


class EarlierCommentChange(Change, tag="earlier_comment"):
    participant: int
    card: int
    comment: str
    hidden: bool
    featured: bool
    round: int


class ResetChange(Change, tag="reset"):
    card: int


class CardChange(Change, tag="card"):
    card: CardState


class RoundChange(Change, tag="round"):
    card: CardState
    history: list[dict]


class ParticipantChange(Change, tag="participant"):
    participant: int
    role: str


class SessionChange(Change, tag="session"):
    session: dict  # state, notes, moderation, spotlight


class EditedChange(Change, tag="edited"):
    pass


class Batch(msgspec.Struct):
    seq: int
    changes: list[msgspec.Raw]  # each change encoded once, when it was published


class Update(Out, tag="update"):
    batches: list[Batch]


class View(Out, tag="view"):
    """What every phone of a session shows."""

    seq: int
    session: dict  # title, state, axes
    participants: int
    took_part: int
    cards: list[CardState]


class PhoneSnapshot(View, tag="snapshot"):
    """A phone's snapshot: the view and the phone's own part (`you`)."""

    you: dict  # participant, role, placements, previous


class Snapshot(Out, tag="snapshot"):
    """The projector's and control page's snapshot."""

    seq: int
    session: dict
    participants: dict
    cards: list[CardState]
    history: dict
    placements: list[PlacementChange]
    earlier_comments: dict | Maybe = UNSET


def for_screen(change: Change) -> Change:
    """The projector's copy of a change: a hidden comment never reaches it."""
    if getattr(change, "hidden", False) and getattr(change, "comment", ""):
        return msgspec.structs.replace(change, comment="")
    return change


CHANGES = {tag_of(cls): cls for cls in Change.__subclasses__()}
OUTGOING = [Ack, Error, Update, View, PhoneSnapshot, Snapshot]
