"""A Redis outage in the scale-out profile: nothing acknowledged is lost, the projector
catches up, and each process logs one line when the channel layer is lost and one when it
is back, with the count of what it could not announce (workshop/live/outage.py).

Redis here is a redis-server of the test's own, killed and started again on its port.
"""

import asyncio
import json
import os
import re
import subprocess
import sys

import pytest

from bench.client import Phone, Screen
from bench.room import ROOT
from bench.servers import DaphneServer, RedisServer, free_port, server_env
from tests.helpers import require, wait_until
from tests.scaleout.test_two_processes import POSTGRES, drop_database, services_up

pytestmark = [pytest.mark.scaleout, pytest.mark.live]

DATABASE = POSTGRES.rsplit("/", 1)[0] + f"/assenkruis_outage_{os.getpid()}"


@pytest.fixture
def cluster():
    reason = services_up()
    require(not reason, reason)
    out = subprocess.run(
        [sys.executable, "-m", "bench.room", "--database-url", DATABASE, "--cards", "3"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    room = json.loads(out.stdout.strip().splitlines()[-1])
    redis = RedisServer(free_port()).start()
    env = server_env(DATABASE, redis.url, LOG_LEVEL="INFO")
    servers = [DaphneServer(port=free_port(), env=env).start() for _ in range(2)]
    yield room, servers, redis
    for server in servers:
        server.stop()
    redis.stop()
    drop_database(DATABASE)


def stored(session_id: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.room", "--database-url", DATABASE,
         "--count-placements", str(session_id)],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    rows = json.loads(out.stdout.strip().splitlines()[-1])["placements"]
    return {(p, c): (x, y) for p, c, x, y in rows}


async def place_all(phones, card, expected, offset) -> None:
    async def one(i, phone):
        x, y = round(-0.9 + 0.05 * i, 3), round(offset, 3)
        reply = await phone.request({"type": "place", "card": card, "x": x, "y": y})
        assert reply["type"] == "ack", reply
        expected[(phone.participant, card)] = (x, y)

    await asyncio.gather(*(one(i, phone) for i, phone in enumerate(phones)))


async def test_a_redis_outage_is_two_log_lines_and_loses_nothing(cluster):
    room, (a, b), redis = cluster
    starts = [server.log_size() for server in (a, b)]
    projector = Screen(b.ws_url, room["session"], b.origin, room["cookie"])
    await projector.connect()
    await asyncio.wait_for(projector.snapshot_event.wait(), 10)
    phones = [Phone(a.ws_url, room["join_code"], a.origin) for _ in range(20)]
    await asyncio.gather(*(phone.join() for phone in phones))
    card_a, card_b, card_c = room["cards"]
    expected: dict = {}
    await place_all(phones, card_a, expected, 0.1)
    await wait_until(lambda: len(projector.placements) == len(expected), what="live before")

    redis.stop()
    for round_ in range(5):  # Redis away: every phone still gets its ack
        await place_all(phones, card_b, expected, -0.5 + 0.1 * round_)
        await asyncio.sleep(0.2)
    redis.start()  # the same port: the processes find it again by themselves
    await asyncio.sleep(1.5)
    await place_all(phones, card_c, expected, 0.7)

    await wait_until(
        lambda: {k: (v["x"], v["y"]) for k, v in projector.placements.items()} == expected,
        what="projector caught up after the outage",
        timeout=30,
    )
    assert await asyncio.to_thread(stored, room["session"]) == expected
    await asyncio.gather(*(phone.close() for phone in phones))
    await projector.close()

    log_a, log_b = (server.log_since(start) for server, start in zip((a, b), starts, strict=True))
    for log in (log_a, log_b):
        assert "Traceback" not in log, log[-3000:]
        assert log.count("channel layer lost") == 1, log[-3000:]
        assert log.count("channel layer back") == 1, log[-3000:]
    missed = int(re.search(r"channel layer back after [\d.]+ s; (\d+) announcement", log_a)[1])
    assert 1 <= missed <= 5 * len(phones), "the writer's batches during the outage, counted"
