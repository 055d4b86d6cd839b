"""A hall connecting at once: every phone's connection is queued, none waits for a resend.

When the QR code goes up, hundreds of phones connect within a second or two.
The kernel queues connections the server has not accepted yet, up to the
listen backlog Daphne asks for; beyond it a phone's connection request is
dropped, and the phone tries again only a second later (docs/performance.md).
"""

import os
import pprint
import select
import signal
import socket
import time

import pytest

from bench.servers import DaphneServer, free_port, server_env
from tests.deploy.installed import daphne_command
from tests.helpers import database_url_of_tests
from workshop.lib.serving import LISTEN_BACKLOG

pytestmark = [pytest.mark.live]

BURST = 300  # more than Twisted's own backlog of 50, less than ours


def connected_within(port: int, count: int, seconds: float) -> int:
    """Open `count` TCP connections at once; how many the kernel completed in time."""
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            sockets.append(s)
        done, deadline = set(), time.monotonic() + seconds
        while len(done) < count and time.monotonic() < deadline:
            _, writable, _ = select.select([], [s for s in sockets if s not in done], [], 0.05)
            for s in writable:
                if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                    done.add(s)
        return len(done)
    finally:
        for s in sockets:
            s.close()


def project_server(port: int) -> DaphneServer:
    """Daphne as the demo command, the benchmarks and the live tests start it."""
    return DaphneServer(port=port, env=server_env(database_url_of_tests()))


def unit_server(port: int) -> DaphneServer:
    """Daphne as deploy/assenkruis@.service starts it."""
    return DaphneServer(port=port, env=server_env(database_url_of_tests()),
                        command=daphne_command(port))  # fmt: skip


@pytest.mark.parametrize("start", [project_server, unit_server], ids=["project", "unit"])
def test_a_burst_of_connections_is_queued_while_the_server_is_busy(start, django_db_setup):
    assert BURST < LISTEN_BACKLOG
    server = start(free_port()).start()
    try:
        # A stopped server accepts nothing: what completes is what the queue holds.
        os.kill(server.proc.pid, signal.SIGSTOP)
        try:
            completed = connected_within(server.port, BURST, seconds=0.5)
        finally:
            os.kill(server.proc.pid, signal.SIGCONT)
        assert completed == BURST, f"{BURST - completed} phones would wait a second to retry"
    finally:
        server.stop(kill=True)


def test_autobahn_formats_its_debug_lines_only_when_they_are_written():
    from autobahn.websocket import protocol

    import workshop.asgi  # noqa: F401  what the live server loads

    class Counted:
        formatted = 0

        def __repr__(self):
            Counted.formatted += 1
            return "Counted()"

    value = [("openHandshakeTimeout", Counted(), "WebSocketServerFactory")]
    line = protocol.pformat(value)  # what every new socket does, for a debug line
    assert Counted.formatted == 0, "nothing formatted for a line that is not written"
    assert str(line) == f"{line}" == pprint.pformat(value)  # the line, when it is written
    assert Counted.formatted == 3
