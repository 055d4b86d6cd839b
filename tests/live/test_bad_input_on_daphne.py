"""Deeply nested frames through a real Daphne: bad input (1000), never a server error.

How deep a decoder may recurse depends on the stack it runs on, which in
Daphne is not the test's: so this is checked in the real server too.
"""

import json

import pytest
import websockets
from asgiref.sync import sync_to_async

from tests.helpers import session_cookie_for

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

NESTED = {
    "arrays": lambda depth: "[" * depth + "]" * depth,
    "objects": lambda depth: '{"a":' * depth + "1" + "}" * depth,
    "unterminated": lambda depth: "[" * depth,
}


async def answers(ws, frame: str) -> tuple[dict, dict]:
    """Send `frame` and a sync; return the answer to each."""
    await ws.send(frame)
    await ws.send(json.dumps({"type": "sync", "id": "after"}))
    first = second = None
    while second is None:
        reply = json.loads(await ws.recv())
        if reply["type"] == "error" and first is None:
            first = reply
        elif reply["type"] in ("ack", "error") and reply.get("id") == "after":
            second = reply
    return first, second


CASES = [
    ("phone", "arrays", 2000),  # 4000 bytes: under the phone's 4096
    ("phone", "unterminated", 4000),
    *((kind, shape, 5000) for kind in ("screen", "control") for shape in NESTED),  # 10 KB +
]


@pytest.mark.parametrize("kind,shape,depth", CASES)
async def test_deep_nesting_is_answered_1000_and_the_socket_stays(
    kind, shape, depth, daphne_server, session, alice
):
    frame = NESTED[shape](depth)
    log_start = daphne_server.log_size()  # other tests' traces are theirs
    if kind == "phone":
        path, headers = f"/ws/phone/{session.join_code}/", None
    else:
        cookie = await sync_to_async(session_cookie_for)(alice)
        path, headers = f"/ws/{kind}/{session.pk}/", {"Cookie": cookie}
    async with websockets.connect(
        daphne_server.ws_url + path, origin=daphne_server.origin, additional_headers=headers
    ) as ws:
        if kind == "phone":
            await ws.send(json.dumps({"type": "hello", "id": "hi", "token": None}))
        error, after = await answers(ws, frame)
    assert error["code"] == 1000, error
    assert after["type"] == "ack", after
    assert "Traceback" not in daphne_server.log_since(log_start)
