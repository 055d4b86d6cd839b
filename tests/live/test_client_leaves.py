"""A client that leaves while the server is still answering it is no server fault.

Daphne raises on a send to a socket whose client has gone before the
consumer has been told of the disconnect; only a real Daphne shows it.
"""

import asyncio
import json

import pytest
import websockets
from asgiref.sync import sync_to_async

from tests.helpers import session_cookie_for, wait_until

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("kind", ["control", "screen", "phone"])
async def test_a_client_that_leaves_mid_answer_leaves_no_traceback(
    kind, daphne_server, session, alice
):
    began = daphne_server.log_size()
    if kind == "phone":
        path, headers = f"/ws/phone/{session.join_code}/", None
    else:
        cookie = await sync_to_async(session_cookie_for)(alice)
        path, headers = f"/ws/{kind}/{session.pk}/", {"Cookie": cookie}
    for attempt in range(5):
        ws = await websockets.connect(
            daphne_server.ws_url + path, origin=daphne_server.origin, additional_headers=headers
        )
        if kind == "phone":
            await ws.send(json.dumps({"type": "hello", "id": "hi", "token": None}))
        await asyncio.wait_for(ws.recv(), 10)  # the first snapshot
        for i in range(30):  # each asks for a full snapshot the server is still sending
            await ws.send(json.dumps({"type": "sync", "id": f"s{attempt}-{i}"}))
        port = ws.local_address[1]
        await ws.close()  # gone while the answers are still being sent
        left = f"127.0.0.1:{port} - - ["
        await wait_until(
            lambda left=left: any(
                line.startswith(left) and "WSDISCONNECT" in line
                for line in daphne_server.log_since(began).splitlines()
            ),
            f"the server saw client {attempt} leave",
        )
    # The server still answers the next client, all of it: thirty snapshots after
    # the five that left, on the same event loop as their unfinished answers.
    async with websockets.connect(
        daphne_server.ws_url + path, origin=daphne_server.origin, additional_headers=headers
    ) as ws:
        if kind == "phone":
            await ws.send(json.dumps({"type": "hello", "id": "hi", "token": None}))
        for i in range(30):
            await ws.send(json.dumps({"type": "sync", "id": f"after-{i}"}))
        answered = set()
        while len(answered) < 30:
            reply = json.loads(await asyncio.wait_for(ws.recv(), 10))
            if reply["type"] == "ack" and reply["id"].startswith("after-"):
                answered.add(reply["id"])
    log = daphne_server.log_since(began)
    assert log.count("WSDISCONNECT") >= 5, "the log is the server's (its leaves are in it)"
    assert "Traceback" not in log
