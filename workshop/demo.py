"""A demo facilitator and a demo session with a realistic first round.

Used by `manage.py demo` so a newcomer sees a room's results on the projector
and in the printables straight away.
"""

import datetime
import os
import random
import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from workshop.accounts import organisers_group
from workshop.models import Card, Move, Participant, Role, Session, place

DEMO_USERNAME = "demo"
# The password every demo had until 2026-12, printed in the README: a database made
# then is refused in production while it still works (workshop.E001).
PUBLISHED_PASSWORD = "assenkruis-demo"
DEMO_TITLE = "Kunst in de wijk (demo)"

# Where each card tends to land, (x, y) in [-1, 1]², by card position.
TENDENCIES = [(-0.7, -0.7), (0.5, -0.6), (-0.4, 0.5), (0.7, 0.75), (-0.2, -0.5), (0.4, 0.3)]
COMMENTS = [
    "Kans: koppel dit aan het wijkteam.",
    "Mooi om samen met de bibliotheek te doen.",
    "Hier kunnen bewoners zelf de regie nemen.",
    "Zou ook in de brede school kunnen.",
    "Sterk als opbouwwerk en kunstenaar samen beginnen.",
    "",
    "",
]


def demo_password_active() -> bool:
    """True while the demo account exists with the once published password."""
    user = get_user_model().objects.filter(username=DEMO_USERNAME).first()
    return user is not None and user.check_password(PUBLISHED_PASSWORD)


def refuse_demo_account_in_production() -> None:
    """Production does not start while anyone can log in with the README's demo login."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    if not settings.PRODUCTION:
        return
    try:
        active = demo_password_active()
    except DatabaseError:  # no tables yet: `migrate` comes first, and checks again
        return
    if active:
        raise ImproperlyConfigured(
            f"The demo account {DEMO_USERNAME!r} still has the demo password {PUBLISHED_PASSWORD!r}, "
            "which everyone can read in the README. Delete it (manage.py shell, or the admin) "
            "before running in production: docs/deploy.md."
        )


def password_file() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR) / "demo-password"


def new_password() -> str:
    """Easy to type from the screen: three groups of four, no look-alike characters."""
    letters = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(letters) for _ in range(4)) for _ in range(3))


def demo_facilitator():
    """The demo's facilitator and its password: new for each demo database, kept (0600, next
    to the data) so a restart prints the same. Not staff: the demo serves the whole network,
    so its login does not open the admin."""
    user, _ = get_user_model().objects.update_or_create(
        username=DEMO_USERNAME, defaults={"is_staff": False, "is_superuser": False}
    )
    path = password_file()
    password = path.read_text().strip() if path.exists() else ""
    if not password or not user.check_password(password):
        password = new_password()
        user.set_password(password)
        user.save()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
            out.write(password + "\n")
    user.groups.add(organisers_group())  # tries the Team page and the library, not the admin
    return user, password


def demo_session() -> Session:
    """The demo session, made once: open, first four cards played, the first revealed."""
    user, _ = demo_facilitator()
    existing = Session.objects.filter(title=DEMO_TITLE, facilitators=user).first()
    if existing:
        return existing
    session = Session.create_from_library(
        user,
        title=DEMO_TITLE,
        date=datetime.date.today(),
        place="Buurthuis De Vlinder",
        organiser="Cultuurhuis Zaanstreek, Sam de Vries, sam@example.nl",
    )
    session.state = Session.State.OPEN
    session.save()
    add_round(session, participants=18, cards=list(session.cards.all()[:4]), rng=random.Random(7))
    first = session.cards.first()
    first.is_open = first.revealed = True
    first.agreed_x, first.agreed_y = -0.6, -0.55
    first.save()
    return session


@transaction.atomic
def add_round(session: Session, participants: int, cards: list[Card], rng: random.Random) -> None:
    """Participants with roles who placed (and sometimes commented on) each card."""
    roles = [Role.ARTIST, Role.COMMUNITY_WORKER, Role.POLICY_MAKER, Role.RESIDENT, ""]
    people = Participant.objects.bulk_create(
        Participant(session=session, role=rng.choice(roles)) for _ in range(participants)
    )
    moves = []
    for person in people:
        for card in cards:
            tx, ty = TENDENCIES[card.position % len(TENDENCIES)]
            lean = 0.25 if person.role == Role.ARTIST else -0.15  # roles see cards differently
            x = max(-1.0, min(1.0, rng.gauss(tx + lean, 0.25)))
            y = max(-1.0, min(1.0, rng.gauss(ty, 0.25)))
            comment = rng.choice(COMMENTS)
            moves.append(Move(person.pk, card.pk, card.round, x, y, f"demo-{card.pk}", comment))
    place(moves)
