"""Rooms for the projector and control page tests: the longest texts the forms
allow, a full hall, earlier rounds; and the checks those pages must pass."""

import os
import random
from pathlib import Path

from workshop.models import Card, Participant, Placement, PlacementEvent, Role, Session

SIZES = {
    "1024x768": (1024, 768),
    "1280x720": (1280, 720),
    "1920x1080": (1920, 1080),
    "3840x2160": (3840, 2160),
}
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

LONG_COMMENT = (
    "Kans: als de bibliotheek, het buurthuis en de muziekschool samen één plek maken "
    "waar bewoners zelf het programma bepalen, dan komt er een groep die elkaar anders "
    "nooit zou ontmoeten; begin klein, met één avond per maand en een open podium voor "
    "iedereen uit de straat."
)[:280]


LONGEST = {
    "quadrant_top_left": "Collectieve hulpverlening met buurtteams en vrijwilligers sa",
    "quadrant_top_right": "Collectieve activering van bewoners in de hele wijk en de st",
    "quadrant_bottom_left": "Individuele hulpverlening door therapeuten en sociaal werker",
    "quadrant_bottom_right": "Individuele activering: talenten ontdekken in lessen en atel",
    "x_from": "Hulpverlening, zorg en ondersteuning thu",
    "x_to": "Activering, meedoen en eigen kracht in w",
    "y_from": "Individueel, één persoon of één gezin th",
    "y_to": "Collectief, een groep of de hele buurt s",
}


def longest_texts(session: Session) -> Card:
    """Every text at its form's maximum; returns the first card (open, 80-character title)."""
    for field, text in LONGEST.items():
        assert len(text) == Session._meta.get_field(field).max_length, field
        setattr(session, field, text)
    session.title = ("Kunst en cultuur in het sociaal domein: wat doen we samen in de wijk " * 2)[
        :120
    ]
    session.save()
    card = session.cards.order_by("position", "id").first()
    card.title = "Buurtvoorstelling met bewoners, kunstenaars en opbouwwerkers in de Vlinderbuurt."
    assert len(card.title) == Card._meta.get_field("title").max_length
    card.description = ("Een voorstelling die bewoners samen met een theatermaker maken. " * 5)[
        :300
    ]
    card.save()
    return card


def crowd(
    card: Card, people: int, *, round_: int = 1, comments: int = 0, paper: int = 0, seed: int = 1
):
    """`people` placements of `card` (round `round_`), `comments` of them with the longest comment."""
    rng = random.Random(seed)
    roles = [Role.ARTIST, Role.COMMUNITY_WORKER, Role.POLICY_MAKER, Role.RESIDENT, ""]
    persons = Participant.objects.bulk_create(
        Participant(
            session=card.session,
            role=rng.choice(roles),
            source=Participant.Source.PAPER if i < paper else Participant.Source.PHONE,
        )
        for i in range(people)
    )
    placements = []
    for i, person in enumerate(persons):
        x = max(-1.0, min(1.0, rng.gauss(0.45, 0.3)))
        y = max(-1.0, min(1.0, rng.gauss(0.5, 0.3)))
        comment = LONG_COMMENT if i < comments else ""
        placements.append(
            Placement(participant=person, card=card, round=round_, x=x, y=y, comment=comment)
        )
    Placement.objects.bulk_create(placements)
    PlacementEvent.objects.bulk_create(
        PlacementEvent(participant=p.participant, card=card, kind="place", round=round_, x=p.x, y=p.y,
                       client_id=f"t-{card.pk}-{round_}")
        for p in placements
    )  # fmt: skip
    return persons


def full_room(session: Session) -> Card:
    """The longest texts, a first round of 60, a second round of 1000 (12 on paper, 30
    with the longest comment), results shown and an agreed position; card 1 is open
    alone so it is the card under discussion."""
    card = longest_texts(session)
    session.cards.exclude(pk=card.pk).update(is_open=False)
    crowd(card, 60, round_=1, seed=2)
    Card.objects.filter(pk=card.pk).update(
        round=2, is_open=True, revealed=True, agreed_x=0.5, agreed_y=0.5
    )
    crowd(card, 1000, round_=2, comments=30, paper=12, seed=3)
    other = session.cards.order_by("position", "id")[1]
    Card.objects.filter(pk=other.pk).update(is_open=True)
    card.refresh_from_db()
    return card


CLIPPED = """() => {
    const bad = [];
    const doc = document.documentElement;
    if (doc.scrollHeight > innerHeight + 1 || doc.scrollWidth > innerWidth + 1)
        bad.push(`page ${doc.scrollWidth}x${doc.scrollHeight}`);
    for (const el of document.body.querySelectorAll('*')) {
        if (!(el instanceof HTMLElement) || el.closest('[hidden]')) continue;
        const cs = getComputedStyle(el);
        if (cs.display === 'none' || cs.display === 'inline' || cs.display === 'contents') continue;
        if (['SCRIPT', 'STYLE', 'LINK', 'TEMPLATE'].includes(el.tagName)) continue;
        if (el.classList.contains('ak-visually-hidden')) continue;
        const name = el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + [...el.classList].join('.');
        // A glyph's descender may reach past a tight line box: ink, not a cut line.
        const ink = Math.max(1, 0.2 * parseFloat(cs.fontSize));
        if (el.scrollWidth > el.clientWidth + 1) bad.push(`${name} wide ${el.scrollWidth}>${el.clientWidth}`);
        if (el.scrollHeight > el.clientHeight + ink) bad.push(`${name} tall ${el.scrollHeight}>${el.clientHeight}`);
        if (cs.visibility !== 'hidden') {
            const r = el.getBoundingClientRect();
            if (r.width && (r.right > innerWidth + 1 || r.bottom > innerHeight + 1 || r.left < -1 || r.top < -1))
                bad.push(`${name} off screen`);
        }
    }
    return bad;
}"""


# Every text the room reads (HTML and the grid's SVG), its rendered size against
# the screen's height. Not read by the room: the facilitator's key help, text for
# screen readers only (clipped to 1 px). A mark's digit on the grid (the earlier
# round's ring, a role's mean) is drawn to its mark's size; the legend names it.
SMALL_TEXT = """(share) => {
    const bad = [], floor = share * innerHeight;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!node.textContent.trim() || !el || el.closest('[hidden], #ak-help, script, style')) continue;
        if (el.closest('.ak-visually-hidden, .ak-earlier-label, .ak-role-mean-label, .ak-arrow-label')) continue;
        const cs = getComputedStyle(el);
        if (cs.display === 'none' || cs.visibility === 'hidden') continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const r = range.getBoundingClientRect();
        if (r.width < 1 || r.height < 1) continue;
        // In the SVG the font size is in the grid's units: scale it to the screen.
        const m = el instanceof SVGElement ? el.getScreenCTM() : null;
        const scale = m ? Math.hypot(m.a, m.b) : 1; // rotated labels too
        const px = parseFloat(cs.fontSize) * scale;
        if (px < floor - 0.5) {
            const name = el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + [...el.classList].join('.');
            bad.push(`${name} ${px.toFixed(1)}px "${node.textContent.trim().slice(0, 30)}"`);
        }
    }
    return bad;
}"""


def small_text(page, share: float = 0.035) -> list[str]:
    """Every visible text smaller than `share` of the screen's height."""
    return page.evaluate(SMALL_TEXT, share)


def clipped(page) -> list[str]:
    """Every element whose content is larger than its box, or that lies off the screen."""
    return page.evaluate(CLIPPED)


def shot(page, name: str) -> None:
    """A screenshot to look at, when ASSENKRUIS_SCREENSHOTS=1 (var/screenshots/)."""
    if os.environ.get("ASSENKRUIS_SCREENSHOTS") != "1":
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(200)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


CONSOLE_WATCH = """() => {
    window.akCsp = [];
    document.addEventListener('securitypolicyviolation',
        (e) => window.akCsp.push(`${e.violatedDirective}: ${e.blockedURI || e.sourceFile}:${e.lineNumber}`));
}"""


def card_action(control, card, action: str) -> None:
    """On the control page: make `card` the card under discussion, then press its `action`."""
    control.locator(f'.ak-card-pick[data-card="{card.pk}"]').click()
    control.locator(
        f'#ak-now-actions button[data-card="{card.pk}"][data-action="{action}"]'
    ).click()
