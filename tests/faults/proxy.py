"""A loopback TCP proxy that the tests can cut: venue wifi in a box.

- `cut()` aborts every open connection at once (no close frame: the phone just
  stops hearing from the server, as when wifi drops);
- `offline` refuses new connections while set (wifi still gone);
- `hold_replies` swallows what the server sends, so messages reach the server
  but their acks never reach the phone (the drop happens mid-placement);
- `drop_frame(predicate)` drops one whole websocket frame from the server
  whose text matches (a missed update: a sequence gap).
"""

import asyncio
from collections.abc import Callable


class Proxy:
    def __init__(self, target_port: int):
        self.target_port = target_port
        self.port: int | None = None
        self.offline = False
        self.hold_replies = False
        self.refused = 0
        self.dropped_frames: list[str] = []
        self._drop: Callable[[str], bool] | None = None
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task] = set()

    async def start(self) -> "Proxy":
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        self.cut()
        self._server.close()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    def cut(self) -> None:
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    def drop_frame(self, predicate: Callable[[str], bool]) -> None:
        """Drop the next server frame whose text payload matches `predicate`."""
        self._drop = predicate

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter):
        task = asyncio.current_task()
        self._tasks.add(task)
        try:
            await self._relay(client_r, client_w)
        except (OSError, asyncio.IncompleteReadError):
            pass  # a connection we cut, or one the other side dropped
        finally:
            self._tasks.discard(task)

    async def _relay(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter):
        if self.offline:
            self.refused += 1
            client_w.transport.abort()
            return
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_w.transport.abort()
            return
        self._writers |= {client_w, server_w}
        await asyncio.gather(
            self._pipe(client_r, server_w, upstream=True),
            self._pipe(server_r, client_w, upstream=False),
            return_exceptions=True,
        )
        for writer in (client_w, server_w):
            self._writers.discard(writer)
            writer.transport.abort()

    async def _pipe(self, reader, writer, upstream: bool) -> None:
        try:
            await self._copy(reader, writer, upstream)
        finally:
            writer.close()  # pass the end on: one side closing closes the other

    async def _copy(self, reader, writer, upstream: bool) -> None:
        if upstream:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
            return
        # Downstream: the HTTP upgrade response, then server frames (never masked).
        head = await reader.readuntil(b"\r\n\r\n")
        writer.write(head)
        buffer = b""
        while data := await reader.read(65536):
            buffer += data
            frames, buffer = _split_frames(buffer)
            for raw, payload in frames:
                if self.hold_replies:
                    continue
                if self._drop is not None and raw[0] & 0x0F == 0x1:
                    text = payload.decode(errors="replace")
                    if self._drop(text):
                        self._drop = None
                        self.dropped_frames.append(text)
                        continue
                writer.write(raw)
            await writer.drain()


def _split_frames(buffer: bytes) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """Complete websocket frames (raw bytes, payload) at the start of `buffer`, and the rest."""
    frames = []
    while len(buffer) >= 2:
        length, offset = buffer[1] & 0x7F, 2
        if length == 126:
            if len(buffer) < 4:
                break
            length, offset = int.from_bytes(buffer[2:4], "big"), 4
        elif length == 127:
            if len(buffer) < 10:
                break
            length, offset = int.from_bytes(buffer[2:10], "big"), 10
        if len(buffer) < offset + length:
            break
        frames.append((buffer[: offset + length], buffer[offset : offset + length]))
        buffer = buffer[offset + length :]
    return frames, buffer
