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
