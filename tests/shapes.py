"""Rooms built so that the right description is known in advance (issue 21):
two camps, a tie, a tight cluster at the centre and on an axis, uniform
spread and one clear quadrant; each with the Dutch sentence every output must
say about it (workshop/lib/findings.py words it). Used by the classifier's tests,
the PDFs', the phone's results page and the projector's."""

import random

from workshop.models import Card, Participant, Placement, Session


def around(centre, n, reach, seed=1):
    """n points uniformly within `reach` of `centre` on each axis, inside the grid."""
    r = random.Random(seed)
    cx, cy = centre

    def clip(v):
        return max(-1.0, min(1.0, v))

    return [
        (clip(cx + r.uniform(-reach, reach)), clip(cy + r.uniform(-reach, reach))) for _ in range(n)
    ]


TWO_CAMPS = around((-0.8, 0.8), 24, 0.15) + around((0.8, -0.8), 23, 0.15, seed=2)
TIE = around((-0.4, 0.5), 18, 0.35, seed=3) + around((0.4, 0.5), 18, 0.35, seed=4)
CENTRE = around((0, 0), 20, 0.1, seed=5)
ON_AXIS = around((0.03, 0.6), 20, 0.12, seed=6)  # on the line between the two upper quadrants
UNIFORM = around((0, 0), 60, 1.0, seed=7)
CLEAR = around((0.55, 0.55), 17, 0.4, seed=8) + [(-0.6, -0.3), (-0.2, 0.7), (0.4, -0.5)]

# Card title -> (placements, what every output says, in Dutch).
ROOMS = {
    "Twee kampen": (
        TWO_CAMPS,
        "De groep viel uiteen in twee kampen: 24 van de 47 plaatsingen rond ‘Collectieve"
        " hulpverlening’, 23 rond ‘Individuele activering’.",
    ),
    "Gelijkspel": (
        TIE,
        "De groep was verdeeld: ‘Collectieve hulpverlening’ en ‘Collectieve activering’ hebben"
        " elk 18 van de 36 plaatsingen.",
    ),
    "Midden": (
        CENTRE,
        "De groep was het eens: de plaatsingen liggen dicht bij elkaar in het midden van het"
        " assenkruis.",
    ),
    "Op de as": (
        ON_AXIS,
        "De groep was het eens: de plaatsingen liggen dicht bij elkaar op de grens tussen"
        " ‘Collectieve hulpverlening’ en ‘Collectieve activering’.",
    ),
    "Overal": (UNIFORM, "De plaatsingen liggen verspreid; geen vak heeft meer dan de helft:"),
    "Duidelijk": (
        CLEAR,
        "De meesten zetten de kaart bij ‘Collectieve activering’: 17 van de 20 plaatsingen.",
    ),
}


def build(user, state=Session.State.CLOSED) -> Session:
    """A session with one card per room of ROOMS, each placed by its own people."""
    session = Session.objects.create(title="Vormen", state=state, language="nl")
    session.facilitators.add(user)
    for position, (title, (points, _said)) in enumerate(ROOMS.items()):
        card = Card.objects.create(session=session, title=title, position=position)
        people = Participant.objects.bulk_create(Participant(session=session) for _ in points)
        Placement.objects.bulk_create(
            Placement(participant=p, card=card, x=x, y=y)
            for p, (x, y) in zip(people, points, strict=True)
        )
    return session
