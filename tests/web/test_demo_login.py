"""The demo's login: a new password for each demo database, printed at start, and no way
into the admin (the demo serves the whole network)."""

import os
import re
import subprocess
import sys

from bench.servers import ROOT


def demo(tmp_path, database: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSENKRUIS_", "DJANGO"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / database}",
               ASSENKRUIS_DATA_DIR=str(tmp_path / "var"))  # fmt: skip
    result = subprocess.run(
        [sys.executable, "manage.py", "demo", "--no-serve"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return re.search(r"Login:\s+demo / (\S+)", result.stdout).group(1)


def account(tmp_path, database: str, password: str) -> str:
    check = (
        "import django; django.setup(); from django.contrib.auth.models import User; "
        f"u = User.objects.get(username='demo'); print(u.check_password({password!r}), "
        "u.is_staff, u.is_superuser, u.has_perm('auth.add_user'))"
    )
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / database}",
           "DJANGO_SETTINGS_MODULE": "workshop.settings"}  # fmt: skip
    out = subprocess.run([sys.executable, "-c", check], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60)  # fmt: skip
    return out.stdout.strip()


def test_each_demo_database_gets_its_own_password_printed_at_start(tmp_path):
    first = demo(tmp_path, "one.sqlite3")
    again = demo(tmp_path, "one.sqlite3")
    other = demo(tmp_path, "two.sqlite3")

    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", first)
    assert again == first, "a restart prints the same login"
    assert other != first, "a new demo database, a new password"
    assert "assenkruis-demo" not in (ROOT / "README.md").read_text()
    stored = tmp_path / "var" / "demo-password"
    assert oct(stored.stat().st_mode & 0o777) == "0o600"


def test_the_demo_login_tries_the_team_page_but_cannot_open_the_admin(tmp_path):
    password = demo(tmp_path, "one.sqlite3")

    assert account(tmp_path, "one.sqlite3", password) == "True False False True"
