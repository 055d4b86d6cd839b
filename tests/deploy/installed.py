"""An installation as docs/deploy.md makes it, in a temporary folder instead of /.

The shipped files in deploy/ are used as they are, with only their paths, ports,
host names and secret values replaced (what the admin edits), so a test of the
copy is a test of the file.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from bench.servers import ROOT

DEPLOY = ROOT / "deploy"
SERVER = "/srv/assenkruis"  # the install prefix the files name
HOST = "assenkruis.example.nl"


def env_file(tmp: Path, **values: str) -> Path:
    """deploy/assenkruis.env under `tmp` (its /srv/assenkruis paths moved there), with
    `values` in place of the template's (a value of None comments the line out)."""
    text = (DEPLOY / "assenkruis.env").read_text().replace(SERVER, str(tmp / "srv"))
    path = tmp / "assenkruis.env"
    values = {"ASSENKRUIS_ENV_FILE": str(path), "SECRET_KEY": secrets.token_urlsafe(60), **values}
    for name, value in values.items():
        line = re.compile(rf"^#?{name}=.*$", re.M)
        new = f"#{name}=" if value is None else f"{name}='{value}'"
        text, found = line.subn(new, text)
        if not found:
            text += f"\n{new}\n"
    path.write_text(text)
    path.chmod(0o640)
    return path


def folders(tmp: Path) -> None:
    """The folders of docs/deploy.md's install step."""
    for name, mode in (("data", 0o750), ("static", 0o755), ("backups", 0o700)):
        (tmp / "srv" / name).mkdir(parents=True, exist_ok=True, mode=mode)


def sourced(path: Path) -> dict:
    """The environment bash has after `set -a; . FILE; set +a` (as deploy/manage does)."""
    out = subprocess.run(
        ["bash", "-c", 'set -euo pipefail; set -a; . "$1"; set +a; env -0', "bash", str(path)],
        env={"PATH": os.environ["PATH"]}, capture_output=True, check=True, timeout=10,
    )  # fmt: skip
    pairs = (item.split(b"=", 1) for item in out.stdout.split(b"\0") if b"=" in item)
    return {k.decode(): v.decode() for k, v in pairs}


def manage(path: Path, *args: str, env: dict | None = None, **run) -> subprocess.CompletedProcess:
    """deploy/manage ARGS with the env file at `path`, as this user, with this venv."""
    import getpass

    base = {
        "PATH": os.environ["PATH"],
        "ASSENKRUIS_ENV_FILE": str(path),
        "ASSENKRUIS_USER": getpass.getuser(),
        "ASSENKRUIS_VENV": sys.prefix,
        **(env or {}),
    }
    return subprocess.run(
        [str(DEPLOY / "manage"), *args], env=base, capture_output=True, text=True,
        timeout=run.pop("timeout", 180), **run,
    )  # fmt: skip


def daphne_command(port: int) -> list[str]:
    """The unit's ExecStart for instance `port`, with the venv this test runs in."""
    import shlex

    unit = (DEPLOY / "assenkruis@.service").read_text()
    (line,) = [line for line in unit.splitlines() if line.startswith("ExecStart=")]
    line = line.removeprefix("ExecStart=").replace(f"{SERVER}/venv", sys.prefix)
    return shlex.split(line.replace("%i", str(port)))


def self_signed_certificate(tmp: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1 (what certbot would put in /etc/letsencrypt)."""
    cert, key = tmp / "fullchain.pem", tmp / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def nginx_site(tmp: Path, http: int, https: int, backends: list[int]) -> str:
    """deploy/nginx-assenkruis.conf on 127.0.0.1's ports, with the test's certificate,
    host name and backends: nothing else of it changes."""
    text = (DEPLOY / "nginx-assenkruis.conf").read_text()
    text = text.replace(f"/etc/letsencrypt/live/{HOST}", str(tmp)).replace(HOST, "127.0.0.1")
    text = text.replace(SERVER, str(tmp / "srv"))
    text = text.replace("    listen [::]:80;\n", "").replace("    listen [::]:443 ssl;\n", "")
    text = text.replace("listen 80;", f"listen 127.0.0.1:{http};")
    text = text.replace("listen 443 ssl;", f"listen 127.0.0.1:{https} ssl;")
    upstream = "    server 127.0.0.1:8001 max_fails=1 fail_timeout=5s;\n"
    assert upstream in text
    text = text.replace("    # server 127.0.0.1:8002 max_fails=1 fail_timeout=5s;\n", "")
    servers = "".join(upstream.replace("8001", str(port)) for port in backends)
    return text.replace(upstream, servers)


def nginx_main(tmp: Path, site: str) -> Path:
    """A main nginx.conf (Debian's own is for the system nginx) that includes the site."""
    (tmp / "assenkruis.conf").write_text(site)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers read the test's 0700 tmp
    temp = "".join(
        f"    {kind}_temp_path {tmp}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
        "events { worker_connections 512; }\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    access_log {tmp}/access.log;\n"
        f"{temp}    include {tmp}/assenkruis.conf;\n}}\n"
    )
    return conf
