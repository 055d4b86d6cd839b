"""`manage.py backup FILE`: a consistent copy of the database while the app runs.

SQLite: Python's online backup API (pages copied under a read lock, so writers
carry on; the copy is a plain SQLite file). PostgreSQL: `pg_dump --format=custom`
(restore with pg_restore). Card pictures are files in the data folder: copy
those too (docs/deploy.md, "Backups").
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Write a consistent copy of the database to FILE (SQLite file or pg_dump archive)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where the copy goes; it must not exist yet.")

    def handle(self, *args, file, **options):
        target = Path(file).resolve()
        if target.exists():
            raise CommandError(f"{target} exists already; choose a new name.")
        if connection.vendor == "sqlite":
            self.sqlite(target)
        elif connection.vendor == "postgresql":
            self.postgres(target)
        else:
            raise CommandError(f"No backup for a {connection.vendor} database.")
        target.chmod(0o600)  # participant data: the app's user only
        self.stdout.write(f"Database copied to {target} ({target.stat().st_size} bytes).")

    def sqlite(self, target: Path) -> None:
        source = sqlite3.connect(connection.settings_dict["NAME"])
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()

    def postgres(self, target: Path) -> None:
        db = connection.settings_dict
        env = {**os.environ, "PGDATABASE": db["NAME"]}
        for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                          ("PASSWORD", "PGPASSWORD")):  # fmt: skip
            if db.get(key):
                env[name] = str(db[key])
        done = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={target}"],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            target.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {done.stderr.strip()}")
