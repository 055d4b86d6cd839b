"""Nobody identifiable in print: no role group under three is shown apart, per
session and per card, in any material (workshop/participation.py, docs/privacy.md).

Sessions built so the answer is known: one artist among five community workers
(no role can be shown at all: the artist's place would be the room's minus the
workers'), and a role of two beside larger groups (counted with "anders").
"""

import base64
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from printables import materials
from tests.printables.conftest import data_of, flat, pdf_text
from workshop.models import Participant, Placement, Role, Session

LABELS = {
    "kunstenaar": "kunstenaar / kunstvakdocent",
    "opbouwwerker": "opbouwwerker / sociaal werker",
    "beleidsmaker": "beleidsmaker",
    "bewoner": "bewoner",
    "anders": "anders",
    "": "geen rol opgegeven",
}


def build(title: str, roles: list[str], *, partial: dict[str, int] | None = None) -> Session:
    """A closed session where each person of `roles` places every card with a
    comment (the first one featured); on the last card only `partial[role]` of
    each listed role place it."""
    user = get_user_model().objects.create_user(f"privacy-{len(roles)}-{title[:5]}")
    session = Session.create_from_library(user, title=title, place="Buurthuis")
    cards = list(session.cards.all())[:4]
    session.cards.exclude(pk__in=[c.pk for c in cards]).delete()
    people = [Participant.objects.create(session=session, role=role) for role in roles]
    seen: dict[str, int] = {}
    rows = []
    for i, person in enumerate(people):
        seen[person.role] = seen.get(person.role, 0) + 1
        for j, card in enumerate(cards):
            if card == cards[-1] and partial and seen[person.role] > partial.get(person.role, 99):
                continue
            x, y = (0.8, -0.8) if person.role == Role.ARTIST else (-0.3 + 0.05 * i, 0.5)
            rows.append(
                Placement(participant=person, card=card, x=x, y=y, comment=f"Opmerking {i}-{j}",
                          comment_featured=(i == 0))
            )  # fmt: skip
    Placement.objects.bulk_create(rows)
    session.state = Session.State.CLOSED
    session.save()
    return session


def every_material(session: Session) -> dict[str, tuple[str, str]]:
    """name -> (the material's HTML, its PDF's text), in Dutch."""
    data = data_of(session)
    result = {}
    for material in materials.MATERIALS:
        with translation.override("nl"):
            page = materials.html(data, material.name)
        result[material.name] = (page, flat(pdf_text(materials.render(data, material.name))))
    return result


def marks(page: str) -> str:
    """The page's class attributes, those of its charts and legends (data: URIs)
    included; not its style sheet, which styles every role."""
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    charts = [
        base64.b64decode(uri).decode()
        for uri in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", page)
    ]
    return " ".join(re.findall(r'class="([^"]*)"', " ".join([page, *charts])))


def shown_apart(text: str, label: str) -> list[str]:
    """Where `label` stands with a count of 1 or 2 ("bewoner (2)", "bewoner: 1")."""
    return re.findall(rf"{re.escape(label)}:? \(?[12]\b", text)


@pytest.mark.django_db
def test_a_lone_artist_among_five_community_workers_is_never_identifiable():
    session = build("Eén kunstenaar", [Role.ARTIST] + [Role.COMMUNITY_WORKER] * 5)
    rendered = every_material(session)
    for name, (page, text) in rendered.items():
        # No role at all: the artist's own marker, or the workers' beside the room's.
        for role in ("kunstenaar", "opbouwwerker", "anders", "none"):
            assert f"said-{role}" not in marks(page).split(), name
            assert f"role-{role}" not in marks(page).split(), name
            assert f"ak-role-{role}" not in marks(page).split(), name
        if name == "worksheet":
            continue  # the empty form, every role a box to tick
        assert LABELS["kunstenaar"] not in text, name
        assert LABELS["opbouwwerker"] not in text, name
        assert LABELS[""] not in text, name
    text = rendered["summary"][1]
    assert "iedereen, rollen niet getoond (6)" in text  # each card's legend
    assert "Wie deden mee: rollen niet getoond." in text  # no counts by role to take apart
    comments = rendered["comments"][1]
    assert "Opmerking 0-0" in comments  # the artist's comment is there, with no role
    assert "iedereen, rollen niet getoond (6)" in comments


@pytest.mark.django_db
def test_a_role_of_two_counts_with_anders_and_so_does_a_card_of_two():
    roles = [Role.ARTIST] * 4 + [Role.COMMUNITY_WORKER] * 4 + [Role.RESIDENT] * 2 + [""] * 3
    # On the last card only two artists: they count with "anders" there.
    session = build("Twee van een rol", roles, partial={Role.ARTIST: 2})
    rendered = every_material(session)
    for name, (page, text) in rendered.items():
        if name == "worksheet":
            continue  # the empty form, every role a box to tick
        assert not re.search(r"\bbewoner:? \(?\d", text), name  # with any count
        assert not {"said-bewoner", "role-bewoner", "ak-role-bewoner"} & set(marks(page).split())
        for label in LABELS.values():
            assert not shown_apart(text, label), (name, label, shown_apart(text, label))
    summary = rendered["summary"][1]
    # The two residents with the three who gave no role: five, as "anders".
    assert "anders: 5" in summary
    assert f"{LABELS['kunstenaar']} (4)" in summary  # cards every artist placed
    # The last card: two artists and two residents as "anders" (4), three without a role.
    assert "anders (4)" in summary and f"{LABELS['']} (3)" in summary
