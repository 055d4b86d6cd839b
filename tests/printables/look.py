"""Render every material of every kind of session, to look at.

    python -m tests.printables.look --out /tmp/look [--kinds demo forty] [--dpi 50]

Builds a throwaway SQLite database, makes each kind (tests/printables/kinds.py),
writes its PDFs with `manage.py printables` and turns every page into a PNG.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--kinds", nargs="+")
    parser.add_argument("--only", nargs="+")
    parser.add_argument("--dpi", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/look.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command

        from tests.printables.kinds import KINDS, build

        call_command("migrate", verbosity=0)
        user = get_user_model().objects.create_user("look")
        for kind in args.kinds or KINDS:
            session = build(kind, user)
            out = args.out / kind
            only = ["--only", *args.only] if args.only else []
            call_command(
                "printables",
                str(session.pk),
                "--out",
                str(out),
                "--public-url",
                "https://assenkruis.example",
                *only,
            )
            for pdf in sorted(out.glob("*.pdf")):
                subprocess.run(
                    ["pdftoppm", "-r", str(args.dpi), "-png", str(pdf), str(pdf.with_suffix(""))],
                    check=True,
                )


if __name__ == "__main__":
    main()
