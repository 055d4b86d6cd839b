"""The scale-out profile: two Daphne processes on PostgreSQL and Redis.

Needs PostgreSQL and Redis (the URLs below, or ASSENKRUIS_TEST_POSTGRES_URL /
ASSENKRUIS_TEST_REDIS_URL); skips without them on a laptop, fails in CI.
"""

import asyncio
import json
import os
import random
import subprocess
import sys

import pytest

from bench.client import Phone, Screen
from bench.room import ROOT
from bench.servers import DaphneServer, free_port, server_env
from tests.helpers import require, wait_until

pytestmark = [pytest.mark.scaleout, pytest.mark.live]

POSTGRES = os.environ.get(
    "ASSENKRUIS_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
REDIS = os.environ.get("ASSENKRUIS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# Per test run: two runs on one machine must not drop each other's database.
DATABASE = POSTGRES.rsplit("/", 1)[0] + f"/assenkruis_scaleout_{os.getpid()}"
REDIS_DB = REDIS.rsplit("/", 1)[0] + "/5"


def services_up() -> str:
    """Empty when PostgreSQL and Redis answer; otherwise why not."""
    try:
        import psycopg
        import redis

        psycopg.connect(POSTGRES, connect_timeout=3).close()
        redis.Redis.from_url(REDIS_DB, socket_connect_timeout=3).flushdb()
    except Exception as exc:  # any failure to reach them means: not here
        return f"PostgreSQL or Redis not reachable ({exc.__class__.__name__}: {exc})"
    return ""


def room_tool(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.room", "--database-url", DATABASE, *args],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def cluster():
    """A fresh PostgreSQL database with an open session, and two Daphne processes on Redis."""
    reason = services_up()
    require(not reason, reason)
    room = room_tool("--cards", "3")
    env = server_env(DATABASE, REDIS_DB, REDIS_PREFIX=f"assenkruis-test-{os.getpid()}")
    servers = [DaphneServer(port=free_port(), env=env).start() for _ in range(2)]
    yield room, servers
    for server in servers:
        server.stop()
    drop_database(DATABASE)


def drop_database(url: str) -> None:
    import psycopg

    admin, name = url.rsplit("/", 1)
    with psycopg.connect(admin + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def place_round(phones, cards, expected, rng) -> None:
    async def one(phone):
        for card in cards:
            x, y = round(rng.uniform(-1, 1), 3), round(rng.uniform(-1, 1), 3)
            reply = await phone.request({"type": "place", "card": card, "x": x, "y": y})
            assert reply["type"] == "ack", reply
            expected[(phone.participant, card)] = (x, y)

    await asyncio.gather(*(one(phone) for phone in phones))


def stored(session_id: int) -> dict:
    """The latest placement of each (participant, card), read back from PostgreSQL."""
    rows = room_tool("--count-placements", str(session_id))["placements"]
    return {(p, c): (x, y) for p, c, x, y in rows}


async def test_placements_on_either_process_reach_a_projector_on_the_other(cluster):
    room, (a, b) = cluster
    rng = random.Random(3)
    projector = Screen(b.ws_url, room["session"], b.origin, room["cookie"])
    await projector.connect()
    await asyncio.wait_for(projector.snapshot_event.wait(), 10)
    phones = [Phone((a, b)[i % 2].ws_url, room["join_code"], a.origin) for i in range(30)]
    await asyncio.gather(*(phone.join() for phone in phones))

    expected: dict = {}
    await place_round(phones, room["cards"], expected, rng)

    await wait_until(lambda: len(projector.placements) == len(expected), what="projector caught up")
    assert {k: (v["x"], v["y"]) for k, v in projector.placements.items()} == expected
    assert projector.snapshots == 1, "no resync was needed"
    assert projector.duplicates == 0, "no batch was sent twice"
    assert await asyncio.to_thread(stored, room["session"]) == expected
    await asyncio.gather(*(phone.close() for phone in phones))
    await projector.close()


async def test_the_room_survives_one_process_being_killed(cluster):
    room, (a, b) = cluster
    rng = random.Random(4)
    projector = Screen(b.ws_url, room["session"], b.origin, room["cookie"])
    await projector.connect()
    await asyncio.wait_for(projector.snapshot_event.wait(), 10)
    on_a = [Phone(a.ws_url, room["join_code"], a.origin) for _ in range(10)]
    on_b = [Phone(b.ws_url, room["join_code"], b.origin) for _ in range(10)]
    await asyncio.gather(*(phone.join() for phone in on_a + on_b))
    expected: dict = {}
    await place_round(on_a + on_b, room["cards"][:1], expected, rng)

    a.stop(kill=True)  # SIGKILL: no goodbye to anyone
    for phone in on_a:
        await wait_until(lambda phone=phone: phone.reader.done(), what="phone noticed the drop")
        phone.url = f"{b.ws_url}/ws/phone/{room['join_code']}/"  # the proxy's next backend
        await phone.reconnect()
    await place_round(on_a + on_b, room["cards"][1:], expected, rng)

    await wait_until(lambda: len(projector.placements) == len(expected), what="projector caught up")
    assert {k: (v["x"], v["y"]) for k, v in projector.placements.items()} == expected
    assert await asyncio.to_thread(stored, room["session"]) == expected
    assert len({phone.participant for phone in on_a + on_b}) == 20, "phones kept their identity"
    await asyncio.gather(*(phone.close() for phone in on_a + on_b))
    await projector.close()


async def test_a_placement_resent_to_the_other_process_is_applied_once(cluster):
    """A phone's connection drops before its acks arrive; it reconnects to the other
    process and resends (same ids): acked as duplicates, and PostgreSQL keeps the
    first placements (the look-up of applied ids, workshop.models.already_applied)."""
    room, (a, b) = cluster
    rng = random.Random(5)
    phones = [Phone(a.ws_url, room["join_code"], a.origin) for _ in range(12)]
    await asyncio.gather(*(phone.join() for phone in phones))
    expected: dict = {}
    await place_round(phones, room["cards"], expected, rng)
    sent = {}  # phone -> the messages it sent, with their ids
    for phone in phones:
        sent[phone] = [{"id": f"again-{phone.participant}-{card}", "type": "place", "card": card,
                        "x": 0.5, "y": 0.5} for card in room["cards"]]  # fmt: skip
        for message in sent[phone]:
            assert (await phone.request(message))["type"] == "ack"
            expected[(phone.participant, message["card"])] = (0.5, 0.5)

    for phone in phones:
        await phone.close()
        phone.url = f"{b.ws_url}/ws/phone/{room['join_code']}/"
        await phone.reconnect()
        for message in sent[phone]:
            # the same id again (LiveClient.request keeps an id the message has)
            again = await phone.request({**message, "x": -0.5, "y": -0.5})
            assert again["type"] == "ack" and again.get("duplicate") is True, again

    assert await asyncio.to_thread(stored, room["session"]) == expected
    await asyncio.gather(*(phone.close() for phone in phones))
