"""`manage.py printables <session> --out DIR [--only NAME ...]`: write the PDFs to disk."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from printables import materials
from printables.data import snapshot
from workshop.models import Session, normalise_join_code


def find_session(ref: str) -> Session:
    """By id, or by join code as a participant would type it."""
    sessions = Session.objects.all()
    found = sessions.filter(pk=int(ref)).first() if ref.isdigit() else None
    found = found or sessions.filter(join_code=normalise_join_code(ref)).first()
    if found is None:
        raise CommandError(f"no session with id or join code {ref!r}")
    return found


class Command(BaseCommand):
    help = "Write a session's printable PDFs (all of them, or those named with --only)."

    def add_arguments(self, parser):
        parser.add_argument("session", help="session id or join code")
        parser.add_argument("--out", required=True, type=Path, help="directory to write to")
        parser.add_argument(
            "--only",
            nargs="+",
            choices=list(materials.BY_NAME),
            metavar="NAME",
            help="only these: " + ", ".join(materials.BY_NAME),
        )
        parser.add_argument(
            "--public-url",
            default="",
            help="the address phones use, for the QR codes (default: the PUBLIC_URL setting)",
        )

    def handle(self, *args, session: str, out: Path, only, public_url: str, **options):
        found = find_session(session)
        public_url = (public_url or settings.PUBLIC_URL).rstrip("/")
        if not public_url:
            # No request to take the host from: the codes would point at localhost.
            self.stderr.write(
                "warning: no --public-url or PUBLIC_URL; QR codes point at http://localhost:8000"
            )
        with override_settings(PUBLIC_URL=public_url):
            data = snapshot(found)
        out.mkdir(parents=True, exist_ok=True)
        cache: dict = {}  # one image cache for the whole batch
        for material in materials.MATERIALS:
            if only and material.name not in only:
                continue
            started = time.perf_counter()
            path = out / material.filename(data.join_code)
            path.write_bytes(materials.render(data, material.name, cache=cache))
            seconds = time.perf_counter() - started
            self.stdout.write(f"{path}  ({seconds:.1f} s)")
