"""The shipped nginx site in front of two Daphne processes (the unit's command line) on
PostgreSQL and Redis, installed with deploy/manage and the env template.

Only paths, ports, host names and secrets differ from deploy/: nginx listens on
127.0.0.1 with a throwaway certificate. The client address is the connection's:
an X-Forwarded-For a client makes up neither escapes the per-address limits nor
puts them on someone else's address.
"""

import asyncio
import gzip
import http.client
import json
import os
import re
import shutil
import ssl
import subprocess
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from bench.client import Phone, Screen
from bench.servers import DaphneServer, RedisServer, free_port, wait_for_port
from tests.deploy.installed import (
    daphne_command,
    env_file,
    folders,
    manage,
    nginx_main,
    nginx_site,
    self_signed_certificate,
    sourced,
)  # fmt: skip
from tests.helpers import require, wait_until
from tests.scaleout.test_two_processes import POSTGRES, drop_database, services_up

pytestmark = [pytest.mark.scaleout, pytest.mark.live]

VICTIM = "203.0.113.50"  # a venue's address, which a stranger would like to lock out
CREATE_ROOM = (
    "import json; from bench.room import create_session; s, cards, cookie = create_session(3); "
    "print(json.dumps({'session': s.pk, 'join_code': s.join_code, 'cookie': cookie, "
    "'cards': cards}))"
)


@dataclass
class Stack:
    tmp: Path
    env_path: Path
    http: int
    https: int
    daphnes: list
    redis: RedisServer
    room: dict
    tls: ssl.SSLContext

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.https}"

    @property
    def wss(self) -> str:
        return f"wss://127.0.0.1:{self.https}"

    def request(self, method, path, headers=None, body=None, port=None, tls=True):
        conn = (
            http.client.HTTPSConnection("127.0.0.1", port or self.https, context=self.tls)
            if tls
            else http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        )
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        response.body = response.read()
        response.text = response.body.decode(errors="replace")
        conn.close()
        return response


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def create_database(url: str) -> None:
    import psycopg

    drop_database(url)
    admin, name = url.rsplit("/", 1)
    with psycopg.connect(admin + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    reason = services_up()
    require(not reason, reason)
    for tool in ("nginx", "redis-server", "openssl"):
        require(shutil.which(tool) is not None, f"{tool} (Debian: nginx-light, redis, openssl)")
    tmp = tmp_path_factory.mktemp("deploy")
    folders(tmp)
    database = POSTGRES.rsplit("/", 1)[0] + f"/assenkruis_deploy_{os.getpid()}"
    create_database(database)
    redis = RedisServer(free_port()).start()
    http_port, https_port = free_port(), free_port()
    env_path = env_file(
        tmp, DATABASE_URL=database, REDIS_URL=redis.url, ALLOWED_HOSTS="127.0.0.1",
        PUBLIC_URL=f"https://127.0.0.1:{https_port}", EMAIL_HOST=None,
    )  # fmt: skip
    ok(manage(env_path, "migrate", "--noinput"))
    ok(manage(env_path, "collectstatic", "--noinput"))
    room = json.loads(ok(manage(env_path, "shell", "-c", CREATE_ROOM)).strip().splitlines()[-1])

    env = {**sourced(env_path), "PYTHONUNBUFFERED": "1"}
    ports = [free_port(), free_port()]
    daphnes = [DaphneServer(port=p, env=env, command=with_access_log(daphne_command(p))).start()
               for p in ports]  # fmt: skip
    cert, key = self_signed_certificate(tmp)
    conf = nginx_main(tmp, nginx_site(tmp, http_port, https_port, ports))
    ok(subprocess.run(["nginx", "-t", "-p", str(tmp), "-c", str(conf)], capture_output=True,
                      text=True, timeout=30))  # fmt: skip
    nginx = subprocess.Popen(["nginx", "-p", str(tmp), "-c", str(conf), "-g", "daemon off;"])
    old_cafile = os.environ.get("SSL_CERT_FILE")
    os.environ["SSL_CERT_FILE"] = str(cert)  # the websocket clients trust the throwaway cert
    try:
        wait_for_port(https_port, proc=nginx)
        tls = ssl.create_default_context(cafile=str(cert))
        yield Stack(tmp, env_path, http_port, https_port, daphnes, redis, room, tls)
    finally:
        os.environ.pop("SSL_CERT_FILE")
        if old_cafile is not None:
            os.environ["SSL_CERT_FILE"] = old_cafile
        nginx.terminate()
        nginx.wait(timeout=10)
        for daphne in daphnes:
            daphne.stop()
        redis.stop()
        drop_database(database)


def test_http_goes_to_https_and_nginx_serves_the_static_files(stack):
    plain = stack.request("GET", "/accounts/login/", port=stack.http, tls=False)
    assert plain.status == 301
    assert plain.getheader("Location") == "https://127.0.0.1/accounts/login/"

    page = stack.request("GET", "/accounts/login/")
    assert page.status == 200, page.text[:500]
    assert page.getheader("Strict-Transport-Security") == "max-age=31536000"
    logs = [daphne.log_size() for daphne in stack.daphnes]
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page.text).group(1)
    hashed = stack.request("GET", stylesheet)
    assert hashed.status == 200 and "font" in hashed.text
    assert hashed.getheader("Cache-Control") == "max-age=31536000, immutable"
    plain = stack.request("GET", "/static/js/live.js")  # a module imported by its plain name
    assert plain.status == 200 and "export" in plain.text
    assert plain.getheader("Cache-Control") == "max-age=60", "it changes with an upgrade"
    for path, whole in ((stylesheet, hashed), ("/static/js/live.js", plain)):
        packed = stack.request("GET", path, headers={"Accept-Encoding": "gzip"})
        assert packed.getheader("Content-Encoding") == "gzip", "the phone's files go compressed"
        assert gzip.decompress(packed.body) == whole.body
        assert len(packed.body) < len(whole.body) / 2
    for daphne, start in zip(stack.daphnes, logs, strict=True):
        assert "/static/" not in daphne.log_since(start), "nginx served them itself"


def with_access_log(command: list[str]) -> list[str]:
    """The unit's command with an access log before its app: the test sees which process
    a phone reached."""
    *options, app = command
    return [*options, "--access-log", "-", app]


async def test_a_phone_through_nginx_reaches_a_projector_on_the_other_process(stack):
    room, (a, b) = stack.room, stack.daphnes
    projector = Screen(b.ws_url, room["session"], b.origin, room["cookie"])
    await projector.connect()
    await asyncio.wait_for(projector.snapshot_event.wait(), 10)
    log_start = a.log_size()
    phones = [Phone(stack.wss, room["join_code"], stack.origin) for _ in range(4)]
    for phone in phones:  # one after the other: nginx takes turns between the two
        await phone.join()
    expected = {}
    for i, phone in enumerate(phones):
        x, y = round(0.1 * i, 2), -0.5
        assert (await phone.request({"type": "place", "card": room["cards"][0], "x": x, "y": y}))[
            "type"
        ] == "ack"
        expected[(phone.participant, room["cards"][0])] = (x, y)

    await wait_until(lambda: len(projector.placements) == len(expected), what="projector caught up")
    assert {k: (v["x"], v["y"]) for k, v in projector.placements.items()} == expected
    on_a = a.log_since(log_start)
    assert f"WSCONNECT /ws/phone/{room['join_code']}/" in on_a, "some phones were on the other"
    assert "127.0.0.1:" in on_a, "Daphne logs the connection's address nginx passed on"
    await asyncio.gather(*(phone.close() for phone in phones))
    await projector.close()


async def close_code(url: str, origin: str, forwarded_for: str) -> int | None:
    """Open a phone socket saying X-Forwarded-For; its close code, None if it stayed open."""
    async with websockets.connect(
        url, origin=origin, additional_headers={"X-Forwarded-For": forwarded_for}
    ) as ws:
        try:
            await asyncio.wait_for(ws.recv(), 1.5)
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None
        except TimeoutError:
            return None
    return None


async def test_made_up_forwarded_addresses_neither_escape_nor_aim_the_join_throttle(stack):
    import redis

    guesses = 20  # JOIN_FAILURES_ALLOWED
    try:
        for n in range(guesses):  # half in the venue's name, half from ever new addresses
            forged = VICTIM if n % 2 else f"198.51.100.{n}"
            code = await close_code(f"{stack.wss}/ws/phone/GUESS{n}/", stack.origin, forged)
            assert code == 4404, f"guess {n}: {code}"

        assert await close_code(f"{stack.wss}/ws/phone/GUESSX/", stack.origin, "192.0.2.1") == 4429
        real = f"/ws/phone/{stack.room['join_code']}/"
        assert await close_code(stack.wss + real, stack.origin, "192.0.2.2") == 4429, (
            "the guesser's own address is locked, whatever it claims"
        )
        # The venue, whose address nginx passes on as its own connection's, still joins.
        venue = Phone(stack.daphnes[0].ws_url, stack.room["join_code"], stack.daphnes[0].origin)
        venue.connect = lambda: _connect_as(venue, VICTIM)
        ack = await venue.join()
        assert ack["participant"]
        await venue.close()
        keys = redis.Redis.from_url(stack.redis.url).keys("*join-failures*")
        assert [key.decode().rsplit(":", 1)[-1] for key in keys] == ["127.0.0.1"]
    finally:
        client = redis.Redis.from_url(stack.redis.url)
        for key in client.keys("*join-failures*"):
            client.delete(key)


async def _connect_as(client, address: str) -> None:
    client.ws = await websockets.connect(
        client.url, origin=client.origin, additional_headers={"X-Forwarded-For": address}
    )
    client.reader = asyncio.create_task(client._read())


def log_in(stack: Stack, username: str, password: str, forwarded_for: str, port=None, tls=True):
    """The login form, as a browser fills it in; the response to the POST."""
    # Straight to Daphne the test sends what nginx would (else Django sends http to https).
    proxied = {"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https"}
    form = stack.request("GET", "/accounts/login/", proxied, port=port, tls=tls)
    csrf = re.search(r"csrftoken=([^;]+)", form.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    origin = stack.origin  # the site's public address, as a browser behind nginx sends it
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    )
    headers = {
        "Cookie": f"csrftoken={csrf}", "Origin": origin, "Referer": f"{origin}/accounts/login/",
        "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": forwarded_for,
        "X-Forwarded-Proto": "https",
    }  # fmt: skip
    return stack.request("POST", "/accounts/login/", headers, body, port=port, tls=tls)


def test_made_up_forwarded_addresses_neither_escape_nor_aim_the_login_throttle(stack):
    assert log_in(stack, "bench", "bench-password-1", VICTIM).status == 302, "the form works"

    for n in range(20):  # LOGIN_FAILURES_PER_ADDRESS, each under a new name
        forged = VICTIM if n % 2 else f"198.51.100.{n}"
        assert log_in(stack, f"guess{n}", "wrong-password", forged).status == 200

    refused = log_in(stack, "bench", "bench-password-1", "192.0.2.3")
    assert refused.status == 429, "the guesser's own address is locked, whatever it claims"
    show = (
        "from axes.models import AccessAttempt; "
        "print(sorted(set(AccessAttempt.objects.values_list('ip_address', flat=True))))"
    )
    recorded = ok(manage(stack.env_path, "shell", "-c", show)).strip().splitlines()[-1]
    assert recorded == "['127.0.0.1']"
    # The venue's own connection (nginx passes its address on) logs in.
    daphne = stack.daphnes[1]
    venue = log_in(stack, "bench", "bench-password-1", VICTIM, port=daphne.port, tls=False)
    assert venue.status == 302
