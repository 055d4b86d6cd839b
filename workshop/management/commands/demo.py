"""`manage.py demo`: migrate, make the demo facilitator and session, print URLs, run Daphne."""

import os
import socket
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from workshop.demo import DEMO_USERNAME, demo_facilitator, demo_session
from workshop.lib.serving import NO_ACCESS_LOG, daphne_endpoint


def lan_address() -> str:
    """This machine's address on the local network, for phones in the same room."""
    candidates = []
    try:  # Linux: every address of every interface, without sending anything
        candidates = subprocess.run(
            ["hostname", "-I"], capture_output=True, text=True, timeout=2
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        candidates.append(socket.gethostbyname(socket.gethostname()))
    except OSError:
        pass
    for address in candidates:
        if "." in address and not address.startswith("127."):
            return address
    return "127.0.0.1"


class Command(BaseCommand):
    help = "Prepare a demo session and start the live server (Daphne) for a try-out workshop."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--public-url", default="", help="Address phones use; default: LAN IP")
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare and print, don't serve"
        )

    def handle(self, *args, port, public_url, no_serve, **options):
        if settings.PRODUCTION:
            raise CommandError(
                f"The demo is not for a production server: it makes the account {DEMO_USERNAME} "
                "with its password printed on the screen, and serves every network. "
                "Use `manage.py create_organiser` instead (docs/deploy.md)."
            )
        call_command("migrate", interactive=False, verbosity=0)
        session = demo_session()
        _, password = demo_facilitator()
        base = (public_url or settings.PUBLIC_URL or f"http://{lan_address()}:{port}").rstrip("/")
        local = f"http://127.0.0.1:{port}"
        self.stdout.write(
            "\nAssenkruis is ready.\n\n"
            f"  Dashboard (facilitator): {local}{reverse('dashboard')}\n"
            f"  Projector:               {local}{reverse('screen', args=[session.pk])}\n"
            f"  Control:                 {local}{reverse('control', args=[session.pk])}\n"
            f"  Join (phones):           {base}{session.join_path()}   code {session.join_code}\n"
            f"  Login:                   {DEMO_USERNAME} / {password}\n\n"
            "Phones must reach this machine at the join address (same wifi).\n"
        )
        if no_serve:
            return
        sys.stdout.flush()
        env = {**os.environ, "PUBLIC_URL": base}
        os.execvpe(
            sys.executable,
            [
                sys.executable,
                "-m",
                "daphne",
                *NO_ACCESS_LOG,
                *daphne_endpoint("0.0.0.0", port),
                "workshop.asgi:application",
            ],
            env,
        )
