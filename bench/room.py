"""A fresh database with a facilitator and an open session, for benchmarks and live tests.

    python -m bench.room --database-url postgres://postgres@127.0.0.1:5432/x --cards 6

prints one JSON line: {"session": id, "join_code": …, "cookie": …, "cards": […]}.
Live tests whose own Django talks to another database use it as a subprocess.
"""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/assenkruis_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")


def recreate_postgres(url: str) -> None:
    import psycopg

    admin, name = url.rsplit("/", 1)
    with psycopg.connect(admin + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare_database(profile: str, url: str | None = None) -> str:
    """A fresh, migrated database for `profile`; returns its URL. Sets Django up on it."""
    if profile == "embedded":
        folder = ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = url or f"sqlite:///{path}"
    else:
        url = url or POSTGRES_URL
        recreate_postgres(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def session_cookie_for(user) -> str:
    """A Cookie header value that logs `user` in, for websocket clients and browsers."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the one that finds accounts
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def create_session(cards: int):
    """A facilitator, an open session with `cards` open cards, and a login cookie."""
    from django.contrib.auth import get_user_model

    from workshop.models import Session

    user = get_user_model().objects.create_user("bench", password="bench-password-1")
    session = Session.create_from_library(user, title="Plenaire bijeenkomst")
    session.state = Session.State.OPEN
    session.save()
    card_ids = list(session.cards.values_list("pk", flat=True)[:cards])
    session.cards.filter(pk__in=card_ids).update(is_open=True)
    return session, card_ids, session_cookie_for(user)


def stored_placements(session_id: int) -> int:
    """Placement messages in the history: every move, not only the latest."""
    from workshop.models import PlacementEvent

    return PlacementEvent.objects.filter(card__session_id=session_id, kind="place").count()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--cards", type=int, default=3)
    parser.add_argument("--count-placements", type=int, metavar="SESSION",
                        help="print the stored placements of SESSION instead")  # fmt: skip
    args = parser.parse_args()
    if args.count_placements:
        os.environ["DATABASE_URL"] = args.database_url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
        import django

        django.setup()
        from workshop.models import Placement

        rows = Placement.objects.filter(card__session_id=args.count_placements)
        print(json.dumps({
            "events": stored_placements(args.count_placements),
            "placements": [[pl.participant_id, pl.card_id, pl.x, pl.y] for pl in rows],
        }))  # fmt: skip
    else:
        profile = "embedded" if args.database_url.startswith("sqlite") else "postgres"
        prepare_database(profile, args.database_url)
        session, card_ids, cookie = create_session(args.cards)
        print(json.dumps({"session": session.pk, "join_code": session.join_code,
                          "cookie": cookie, "cards": card_ids}))  # fmt: skip
