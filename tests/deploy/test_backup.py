"""Backups as docs/deploy.md makes and restores them: a closed session comes back with the
same export (SQLite's online backup; pg_dump and pg_restore)."""

import json
import os
import shutil
import subprocess
import sys

from bench.servers import ROOT
from tests.helpers import require
from tests.scaleout.test_two_processes import POSTGRES, drop_database, services_up

ROOM = (
    "import random; from django.contrib.auth.models import User; from workshop.demo import "
    "add_round; from workshop.models import Session; "
    "u = User.objects.create_user('ria'); s = Session.create_from_library(u, title='Wijk'); "
    "add_round(s, participants=12, cards=list(s.cards.all()[:3]), rng=random.Random(5)); "
    "s.state = Session.State.CLOSED; s.save(); print(s.pk)"
)
EXPORT = (
    "import json, sys; from workshop import exports; from workshop.models import Session; "
    "s = Session.objects.get(pk=int(sys.argv[-1])); "
    "print(json.dumps(exports.as_json(s, exports.placement_rows(s)), sort_keys=True))"
)


def manage(database_url: str, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSENKRUIS_", "DJANGO"))}
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**env, "DATABASE_URL": database_url},
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return (result.stdout.strip().splitlines() or [""])[-1]


def closed_session(database_url: str) -> tuple[int, str]:
    manage(database_url, "migrate", "-v", "0")
    session = int(manage(database_url, "shell", "-c", ROOM))
    return session, export(database_url, session)


def export(database_url: str, session: int) -> str:
    exported = manage(database_url, "shell", "-c", EXPORT.replace("sys.argv[-1]", str(session)))
    assert len(json.loads(exported)["placements"]) == 36
    return exported


def test_an_sqlite_backup_restored_gives_the_same_export(tmp_path):
    live = tmp_path / "db.sqlite3"
    session, before = closed_session(f"sqlite:///{live}")

    manage(f"sqlite:///{live}", "backup", str(tmp_path / "backup.sqlite3"))
    for suffix in ("", "-wal", "-shm"):  # the server's database is lost
        (tmp_path / f"db.sqlite3{suffix}").unlink(missing_ok=True)
    shutil.copy(tmp_path / "backup.sqlite3", live)  # restore: the copy is the database

    assert oct((tmp_path / "backup.sqlite3").stat().st_mode & 0o777) == "0o600"
    assert export(f"sqlite:///{live}", session) == before


def test_a_postgres_backup_restored_gives_the_same_export(tmp_path):
    reason = services_up()
    require(not reason, reason)
    require(shutil.which("pg_restore") is not None, "pg_restore (Debian: postgresql-client)")
    base = POSTGRES.rsplit("/", 1)[0]
    live, restored = (f"{base}/assenkruis_backup_{os.getpid()}_{n}" for n in ("a", "b"))
    try:
        subprocess.run([sys.executable, "-m", "bench.room", "--database-url", live, "--cards", "1"],
                       cwd=ROOT, check=True, capture_output=True, timeout=180)  # fmt: skip
        session = int(manage(live, "shell", "-c", ROOM))
        before = export(live, session)
        dump = tmp_path / "assenkruis.dump"

        manage(live, "backup", str(dump))
        drop_database(live)
        import psycopg

        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{restored.rsplit("/", 1)[1]}"')
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={restored}", str(dump)],
                       check=True, capture_output=True, timeout=180)  # fmt: skip

        assert export(restored, session) == before
    finally:
        drop_database(live)
        drop_database(restored)


def test_a_backup_never_overwrites_an_earlier_one(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    manage(url, "migrate", "-v", "0")
    (tmp_path / "old.sqlite3").write_text("yesterday")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSENKRUIS_", "DJANGO"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "backup", str(tmp_path / "old.sqlite3")], cwd=ROOT,
        env={**env, "DATABASE_URL": url}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0 and "exists already" in result.stderr
    assert (tmp_path / "old.sqlite3").read_text() == "yesterday"
