"""The kinds of session every printable must survive (issue 13).

demo, a realistic 60-person session with two rounds, hostile text, no
participants, every field at its maximum length, 40 cards, emoji and Arabic,
and the realistic one after retention removed what each participant did.
`build(kind, user)` makes one in the database; the tests and
`python -m tests.printables.look` use them.
"""

import datetime
import random

from django.test import override_settings

from bench.pdf_summary import COMMENTS
from workshop import retention
from workshop.models import Card, Participant, Placement, PlacementEvent, Role, Session

KINDS = ["demo", "realistic", "hostile", "empty", "maximal", "forty", "emoji-arabic", "removed"]
REMOVED_AT = datetime.datetime(2027, 1, 6, 3, 0, tzinfo=datetime.UTC)  # retention's night run

ROLES = [r.value for r in Role] + [""]
COMPOUND = "Langetermijnsamenwerkingsverbanden"
HOSTILE = '<img src="http://evil.example/x.png"> <script>alert(1)</script> {{ data }} {% now "Y" %} &amp; ‮gnirts'


def place(session, people, cards, rng, round_=1, spread=0.25, comment_share=0.4, comments=COMMENTS):
    lean = {"kunstenaar": (0.3, -0.1), "opbouwwerker": (-0.2, 0.3)}
    rows = []
    for card in cards:
        cx, cy = rng.uniform(-0.7, 0.7), rng.uniform(-0.7, 0.7)
        for person in people:
            dx, dy = lean.get(person.role, (0, 0))
            x = max(-1, min(1, rng.gauss(cx + dx, spread)))
            y = max(-1, min(1, rng.gauss(cy + dy, spread)))
            comment = rng.choice(comments) if rng.random() < comment_share else ""
            rows.append(
                Placement(participant=person, card=card, round=round_, x=x, y=y, comment=comment)
            )
    Placement.objects.bulk_create(rows)


def people(session, n, rng, paper=0):
    made = Participant.objects.bulk_create(
        Participant(session=session, role=rng.choice(ROLES)) for _ in range(n)
    )
    if paper:
        made += Participant.objects.bulk_create(
            Participant(session=session, role=rng.choice(ROLES), source=Participant.Source.PAPER)
            for _ in range(paper)
        )
    return made


def close(session, **fields):
    for name, value in fields.items():
        setattr(session, name, value)
    session.state = Session.State.CLOSED
    session.save()
    return session


def build(kind: str, user) -> Session:
    if kind == "demo":
        from workshop.demo import demo_session

        return demo_session()
    if kind not in BUILDERS:
        raise ValueError(kind)
    session = Session.create_from_library(
        user, title=f"Kunst in de wijk – {kind}", place="Buurthuis De Vlinder"
    )
    return BUILDERS[kind](session, list(session.cards.all()), random.Random(kind))


def _realistic(session: Session, cards: list[Card], rng: random.Random) -> Session:
    """56 people and 4 on paper; three cards in a second round, three comments featured."""
    crowd = people(session, 56, rng, paper=4)
    place(session, crowd, cards, rng)
    for card in cards[:3]:  # discussed again: a second round
        card.round = 2
        card.agreed_x, card.agreed_y = rng.uniform(-0.8, 0.8), rng.uniform(-0.8, 0.8)
        card.save()
    place(session, crowd[:45], cards[:3], rng, round_=2, spread=0.15)
    featured = Placement.objects.filter(card__session=session, round=2).exclude(comment="")[:3]
    Placement.objects.filter(pk__in=[p.pk for p in featured]).update(comment_featured=True)
    return close(
        session,
        title="Kunst en opbouwwerk in Noord: waar zit de kracht van samenwerken?",
        date=datetime.date(2026, 10, 8),
        organiser="Wijkteam Noord en Kunstencentrum De Vonk, info@wijkteamnoord.example, 020 123 45 67",
        notes="Veel discussie over de buurtvoorstelling.\nVolgende keer meer tijd voor ronde 2.",
    )


def _hostile(session: Session, cards: list[Card], rng: random.Random) -> Session:
    """Markup, template syntax and a right-to-left override in every text a facilitator types."""
    for card in cards[:2]:
        card.title = HOSTILE[:80]
        card.description = HOSTILE * 2
        card.image_credit = HOSTILE[:120]
        card.save()
    crowd = people(session, 8, rng)
    place(session, crowd, cards[:4], rng, comment_share=1, comments=[HOSTILE[:280]])
    return close(
        session,
        title=HOSTILE[:120],
        place=HOSTILE[:120],
        organiser=HOSTILE[:200],
        notes=HOSTILE * 20,
    )


def _maximal(session: Session, cards: list[Card], rng: random.Random) -> Session:
    """Every field at its maximum length, every comment long, far too many featured."""
    word = COMPOUND + " "
    for i, card in enumerate(cards):
        card.title = (f"{i + 1} " + word * 3)[:80]
        card.description = (word * 10)[:300]
        card.image_credit = ("Foto: " + word * 4)[:120]
        card.save()
    session.x_from, session.x_to, session.y_from, session.y_to = (
        (f"{name} " + word)[:40]
        for name in ("Hulpverlening", "Activering", "Individueel", "Collectief")
    )
    session.quadrant_top_left = ("Collectieve " + word * 2)[:60]
    session.quadrant_top_right = ("Collectieve activering " + word)[:60]
    session.quadrant_bottom_left = ("Individuele hulpverlening " + word)[:60]
    session.quadrant_bottom_right = ("Individuele " + word * 2)[:60]
    crowd = people(session, 30, rng, paper=3)
    long_comments = [(c + " " + word * 8)[:280] for c in COMMENTS]
    place(session, crowd, cards, rng, comment_share=1, comments=long_comments)
    # A facilitator who features far too many: the summary still keeps its budget.
    many = Placement.objects.filter(card__session=session).values_list("pk", flat=True)[:60]
    Placement.objects.filter(pk__in=list(many)).update(comment_featured=True)
    for card in cards:
        card.agreed_x, card.agreed_y = rng.uniform(-1, 1), rng.uniform(-1, 1)
        card.save()
    return close(
        session,
        title=("Samenwerkingsverbanden tussen kunstenaars en opbouwwerkers " + word * 3)[:120],
        place=("Wijkcentrum " + word * 4)[:120],
        organiser=("Gemeente Amsterdam, afdeling " + word * 5 + " tel. 020 123 45 67")[:200],
        date=datetime.date(2026, 12, 31),
        notes=(word * 300)[:10000],
    )


def _forty(session: Session, cards: list[Card], rng: random.Random) -> Session:
    """Forty cards, 36 of them placed, 20 with an agreed place."""
    Card.objects.bulk_create(
        Card(
            session=session,
            title=f"Extra project {i}",
            description="Een project uit de wijk.",
            position=100 + i,
        )
        for i in range(40 - len(cards))
    )
    cards = list(session.cards.all())
    crowd = people(session, 25, rng)
    place(session, crowd, cards[:36], rng, spread=0.15)
    for card in cards[:20]:
        card.agreed_x, card.agreed_y = rng.uniform(-0.9, 0.9), rng.uniform(-0.9, 0.9)
        card.save()
    return close(
        session,
        title="Veertig kaarten",
        date=datetime.date(2026, 9, 1),
        organiser="Kunstencentrum",
    )


def _emoji_arabic(session: Session, cards: list[Card], rng: random.Random) -> Session:
    """Emoji and Arabic in titles, descriptions, a quadrant and comments."""
    arabic = "الفن في الحي: العمل معًا من أجل المجتمع"
    cards[0].title = "🎨 Muurschildering met de buurt 🏘️"
    cards[0].description = "Samen een muur 🧱 beschilderen; iedereen doet mee 👩‍🎨👨🏿‍🎨."
    cards[1].title = arabic[:80]
    cards[1].description = "مشروع فني مع سكان الحي " * 5
    for card in cards[:2]:
        card.save()
    session.quadrant_top_right = "التفعيل الجماعي"
    crowd = people(session, 20, rng)
    place(
        session,
        crowd,
        cards,
        rng,
        comments=["Top! 👍🎉", "رائع جدا، فكرة جميلة للحي", "Mooi 🌻 en ook: جميل"],
    )
    return close(
        session,
        title=arabic + " 🎨",
        organiser="مركز الثقافة, 020 123 45 67",
        date=datetime.date(2026, 5, 4),
    )


def _removed(session: Session, cards: list[Card], rng: random.Random) -> Session:
    """The realistic session after retention removed what each participant did; the
    figures per card kept (RETENTION_KEEP = "results")."""
    _realistic(session, cards, rng)
    # place() above skips the history; the live core writes it, and retention counts by it.
    PlacementEvent.objects.bulk_create(
        PlacementEvent(participant_id=row.participant_id, card_id=row.card_id, round=row.round,
                       kind=PlacementEvent.Kind.PLACE, x=row.x, y=row.y, client_id=f"k{row.pk}")
        for row in Placement.objects.filter(card__session=session)
    )  # fmt: skip
    with override_settings(RETENTION_KEEP="results"):
        retention.remove_participant_data(session.pk, REMOVED_AT)
    session.refresh_from_db()
    return session


BUILDERS = {
    "realistic": _realistic,
    "hostile": _hostile,
    "empty": lambda session, cards, rng: session,
    "maximal": _maximal,
    "forty": _forty,
    "emoji-arabic": _emoji_arabic,
    "removed": _removed,
}
