"""In-process websocket clients for consumer tests (channels.testing)."""

import itertools
import json

from channels.testing import WebsocketCommunicator

from workshop.asgi import application

_ids = itertools.count(1)


def new_id(prefix: str = "t") -> str:
    return f"{prefix}-{next(_ids)}"


class Client:
    """A thin wrapper that speaks the protocol: send a message, wait for its answer."""

    def __init__(self, path: str, cookie: str | None = None):
        headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
        if cookie:
            headers.append((b"cookie", cookie.encode()))
        self.comm = WebsocketCommunicator(application, path, headers=headers)
        self.others: list[dict] = []  # non-answer frames seen while waiting for answers

    async def connect(self) -> tuple[bool, int | None]:
        return await self.comm.connect()

    async def close(self) -> None:
        await self.comm.disconnect()

    async def receive(self, timeout: float = 3) -> dict:
        return json.loads(await self.comm.receive_from(timeout=timeout))

    async def receive_type(self, kind: str, timeout: float = 3) -> dict:
        while True:
            message = await self.receive(timeout)
            if message["type"] == kind:
                return message
            self.others.append(message)

    async def request(self, message: dict, timeout: float = 3) -> dict:
        """Send `message` (an id is added) and return its ack or error."""
        message = {"id": new_id(), **message}
        await self.comm.send_to(text_data=json.dumps(message))
        return await self.answer_to(message["id"], timeout)

    async def answer_to(self, client_id: str, timeout: float = 3) -> dict:
        while True:
            reply = await self.receive(timeout)
            if reply["type"] in ("ack", "error") and reply.get("id") == client_id:
                return reply
            self.others.append(reply)

    async def send_raw(self, text: str) -> None:
        await self.comm.send_to(text_data=text)


async def phone(session, token: str | None = None) -> tuple[Client, dict, dict]:
    """A phone that joined `session`: (client, hello ack, snapshot)."""
    client = Client(f"/ws/phone/{session.join_code}/")
    connected, _ = await client.connect()
    assert connected
    ack = await client.request({"type": "hello", "token": token})
    snapshot = await client.receive_type("snapshot")
    return client, ack, snapshot


async def screen(session, cookie: str, kind: str = "screen") -> tuple[Client, dict]:
    client = Client(f"/ws/{kind}/{session.pk}/", cookie=cookie)
    connected, _ = await client.connect()
    assert connected
    return client, await client.receive_type("snapshot")
