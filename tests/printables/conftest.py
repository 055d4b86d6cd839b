"""Sessions with realistic data for the printables, and PDF helpers."""

import datetime
import io
import random
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from pypdf import PdfReader

from printables import materials
from printables.data import SessionData, snapshot
from tests.helpers import require
from workshop import defaults
from workshop.models import Participant, Placement, Role, Session

# Session.axes() of a session with the default axes and quadrant names.
AXES = {**defaults.AXES, **{k.removeprefix("quadrant_"): v for k, v in defaults.QUADRANTS.items()}}


@pytest.fixture(autouse=True)
def fresh_cache():
    """Cached handouts and the join throttle's counters live in the cache: start clean."""
    cache.clear()
    yield
    cache.clear()


def data_of(session: Session) -> SessionData:
    session.refresh_from_db()
    return snapshot(session)


def pdf_text(pdf: bytes) -> str:
    """The text of every page; the Unicode isolates around user text left out."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return text.replace("\u2068", "").replace("\u2069", "")


def flat(text: str) -> str:
    """Text with every run of white space (line breaks too) as one space."""
    return " ".join(text.replace("\u2010\n", "").split())  # words hyphenated at a line end joined


def pdf_pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def pdf_to_pngs(pdf: bytes, directory: Path, dpi: int = 100) -> list[Path]:
    require(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils) is not installed")
    source = directory / "doc.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(source), str(directory / "page")], check=True
    )
    return sorted(directory.glob("page*.png"))


def decode(png) -> list[str]:
    require(shutil.which("zbarimg") is not None, "zbarimg (zbar-tools) is not installed")
    # zbarimg prints a harmless D-Bus warning on stderr; the codes are on stdout.
    result = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
    return result.stdout.split()


def fill(session: Session, participants: int, seed: int = 1, comment_every: int = 3) -> None:
    """Participants with roles placing every card, clustered per card and role."""
    rng = random.Random(seed)
    roles = [r.value for r in Role] + [""]
    people = Participant.objects.bulk_create(
        Participant(session=session, role=rng.choice(roles)) for _ in range(participants)
    )
    cards = list(session.cards.all())
    centres = {c.pk: (rng.uniform(-0.7, 0.7), rng.uniform(-0.7, 0.7)) for c in cards}
    # Artists lean to the right, community workers up: the comparison has something to show.
    lean = {"kunstenaar": (0.25, -0.1), "opbouwwerker": (-0.15, 0.25)}
    placements = []
    for i, person in enumerate(people):
        for j, card in enumerate(cards):
            cx, cy = centres[card.pk]
            dx, dy = lean.get(person.role, (0, 0))
            x = max(-1, min(1, rng.gauss(cx + dx, 0.25)))
            y = max(-1, min(1, rng.gauss(cy + dy, 0.25)))
            comment = ""
            if (i + j) % comment_every == 0:
                comment = f"Kans {i}-{j}: samen met de buurt iets maken dat blijft."
            placements.append(Placement(participant=person, card=card, x=x, y=y, comment=comment))
    Placement.objects.bulk_create(placements)


def make_busy(session: Session) -> Session:
    """Closed, with 40 participants, comments, two agreed positions and notes."""
    fill(session, 40)
    first, second = session.cards.all()[:2]
    first.agreed_x, first.agreed_y = -0.4, -0.6
    first.save()
    second.agreed_x, second.agreed_y = 0.5, -0.3
    second.save()
    session.state = Session.State.CLOSED
    session.date = datetime.date(2026, 6, 27)
    session.organiser = "Wijkteam Noord, info@wijkteamnoord.example"
    session.notes = "Veel discussie over kaart 3.\nVolgende keer meer tijd."
    session.save()
    return session


@pytest.fixture
def busy_session(session):
    """Alice's session, made busy (see make_busy)."""
    return make_busy(session)


@dataclass
class Rendered:
    session: Session
    data: SessionData
    pdfs: dict[str, bytes]
    texts: dict[str, str]


@pytest.fixture(scope="module")
def busy_rendered(django_db_setup, django_db_blocker):
    """Every material of one busy session, rendered once per module, for tests
    that only read. Made outside the per-test transaction, so removed after."""
    with django_db_blocker.unblock():
        user = get_user_model().objects.create_user("printables-reader")
        session = make_busy(
            Session.create_from_library(
                user, title="Kunst in de wijk", place="Buurthuis De Vlinder"
            )
        )
        data = data_of(session)
        pdfs = {m.name: materials.render(data, m.name) for m in materials.MATERIALS}
    yield Rendered(session, data, pdfs, {name: pdf_text(pdf) for name, pdf in pdfs.items()})
    with django_db_blocker.unblock():
        session.delete()
        user.delete()
