"""The card library is shared, its cards are not everyone's to change.

Every facilitator sees every library card and gets the ticked ones in new
sessions; only the one who added a card (or an organiser) changes or deletes it, and
the built-in cards (added by nobody) only organisers. Refused: 403, nothing changed.

Forms are filled in as a browser would from the real page: disabled fields
are not sent.
"""

from html.parser import HTMLParser

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from workshop.models import LibraryCard, Session

pytestmark = pytest.mark.django_db


class LibraryForm(HTMLParser):
    """The fields a browser sends from the library page's form: enabled ones, ticked boxes."""

    def __init__(self, html: str):
        super().__init__()
        self.data: dict[str, str] = {}
        self.disabled: set[str] = set()
        self._inside = False
        self._textarea = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "ak-edit-form" in (a.get("class") or ""):
            self._inside = True
        if not self._inside or tag not in ("input", "textarea") or not a.get("name"):
            return
        if "disabled" in a:
            self.disabled.add(a["name"])
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data[a["name"]] = ""
        elif a.get("type") != "checkbox":
            self.data[a["name"]] = a.get("value") or ""
        elif "checked" in a:
            self.data[a["name"]] = a.get("value") or "on"

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            self.data[self._textarea] = self.data[self._textarea].removeprefix("\n")
            self._textarea = None
        if tag == "form":
            self._inside = False

    def row(self, card: LibraryCard) -> str:
        """The prefix ("form-3") of the card's row."""
        for name, value in self.data.items():
            if name.endswith("-id") and value == str(card.pk):
                return name.removesuffix("-id")
        raise AssertionError(f"no row for {card}")


def as_user(user) -> HttpClient:
    client = HttpClient()
    client.force_login(user)
    return client


def library_form(client) -> LibraryForm:
    response = client.get(reverse("library"))
    assert response.status_code == 200
    return LibraryForm(response.content.decode())


@pytest.fixture
def built_in():
    LibraryCard.ensure_defaults()
    return LibraryCard.objects.order_by("position").first()


@pytest.fixture
def alices_card(built_in, alice):
    return LibraryCard.objects.create(
        title="Zingen in de wijk", description="Een buurtkoor", position=40, created_by=alice
    )


@pytest.fixture
def organiser(django_user_model):
    """Dana looks after the library: a member of the Organisers group (workshop/accounts.py)."""
    from workshop.accounts import make_organiser

    dana = django_user_model.objects.create_user("dana", password="dana-password-1")
    make_organiser(dana)
    return dana


@pytest.fixture
def staff_only(django_user_model):
    """Erik may use the Django admin (is_staff) but is no organiser."""
    return django_user_model.objects.create_user("erik", password="erik-password-1", is_staff=True)


def stored(card: LibraryCard) -> tuple:
    card = LibraryCard.objects.filter(pk=card.pk).first()
    return card and (card.title, card.description, card.position, card.active)


# Seeing and using -------------------------------------------------------------


def test_every_facilitator_sees_every_library_card(alices_card, built_in, bob):
    page = as_user(bob).get(reverse("library")).content.decode()

    assert "Zingen in de wijk" in page and built_in.title in page
    assert "Toegevoegd door alice" in page


def test_a_card_someone_added_goes_into_every_facilitators_new_sessions(alices_card, bob):
    response = as_user(bob).post(reverse("session_create"), {"title": "Bobs middag"})

    assert response.status_code == 302
    titles = [c.title for c in Session.objects.get(title="Bobs middag").cards.all()]
    assert "Zingen in de wijk" in titles


# Changing one's own ---------------------------------------------------------


def test_a_facilitator_changes_their_own_card_and_the_rest_stays_as_it_was(
    alices_card, built_in, alice
):
    client = as_user(alice)
    form = library_form(client)
    row = form.row(alices_card)
    form.data.update({f"{row}-title": "Zingen op het plein", f"{row}-description": "Buiten"})
    before = stored(built_in)

    response = client.post(reverse("library"), form.data)

    assert response.status_code == 302, response.content.decode()
    assert stored(alices_card)[:2] == ("Zingen op het plein", "Buiten")
    assert stored(built_in) == before


def test_a_facilitator_deletes_their_own_card(alices_card, alice):
    client = as_user(alice)
    form = library_form(client)
    form.data[f"{form.row(alices_card)}-DELETE"] = "on"

    assert client.post(reverse("library"), form.data).status_code == 302
    assert stored(alices_card) is None


def test_a_card_added_on_the_page_belongs_to_whoever_added_it(built_in, bob, alice):
    client = as_user(bob)
    form = library_form(client)
    new = f"form-{form.data['form-INITIAL_FORMS']}"
    form.data.update({f"{new}-title": "Theater in de bibliotheek", f"{new}-active": "on"})

    assert client.post(reverse("library"), form.data).status_code == 302
    card = LibraryCard.objects.get(title="Theater in de bibliotheek")
    assert card.created_by == bob
    assert card.may_be_changed_by(bob) and not card.may_be_changed_by(alice)


# Someone else's ---------------------------------------------------------------


def test_the_page_offers_no_fields_and_no_delete_box_for_cards_one_may_not_change(
    alices_card, built_in, alice, bob
):
    bobs, alices = library_form(as_user(bob)), library_form(as_user(alice))

    for form, card in [(bobs, alices_card), (bobs, built_in), (alices, built_in)]:
        row = form.row(card)
        assert {f"{row}-title", f"{row}-description", f"{row}-active"} <= form.disabled
        assert not any(name.startswith(f"{row}-") for name in form.data if name != f"{row}-id")
        assert f"{row}-DELETE" not in form.disabled
    row = alices.row(alices_card)
    assert f"{row}-title" in alices.data and f"{row}-DELETE" not in alices.disabled
    assert "Ingebouwde kaart" in as_user(bob).get(reverse("library")).content.decode()


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Overgenomen"},
        {"description": "Anders"},
        {"position": "0"},
        {"active": ""},
        {"DELETE": "on"},
    ],
    ids=["title", "description", "position", "active", "delete"],
)
@pytest.mark.parametrize("whose", ["alices_card", "built_in"])
def test_a_facilitator_cannot_change_or_delete_a_card_someone_else_added_or_a_built_in_one(
    change, whose, alices_card, built_in, bob, request
):
    card = request.getfixturevalue(whose)
    client = as_user(bob)
    form = library_form(client)
    row = form.row(card)
    form.data.update({f"{row}-title": card.title, f"{row}-description": card.description})
    form.data.update({f"{row}-{field}": value for field, value in change.items()})
    before = stored(card), LibraryCard.objects.count()

    response = client.post(reverse("library"), form.data)

    assert response.status_code == 403
    assert (stored(card), LibraryCard.objects.count()) == before


def test_pointing_the_row_of_ones_own_card_at_someone_elses_is_refused_too(alices_card, bob):
    bobs_card = LibraryCard.objects.create(title="Bobs kaart", position=41, created_by=bob)
    client = as_user(bob)
    form = library_form(client)
    row = form.row(bobs_card)
    form.data.update({f"{row}-id": str(alices_card.pk), f"{row}-title": "Overgenomen"})

    assert client.post(reverse("library"), form.data).status_code == 403
    assert stored(alices_card)[0] == "Zingen in de wijk"
    assert stored(bobs_card)[0] == "Bobs kaart"


def test_the_refusal_page_is_in_dutch_and_says_nothing_changed(alices_card, bob):
    client = as_user(bob)
    form = library_form(client)
    form.data[f"{form.row(alices_card)}-DELETE"] = "on"

    response = client.post(reverse("library"), form.data)

    assert response.status_code == 403
    assert "Niet toegestaan" in response.content.decode()


def test_the_library_still_needs_a_login(alices_card):
    response = HttpClient().post(reverse("library"), {"form-0-id": alices_card.pk})

    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert stored(alices_card)[0] == "Zingen in de wijk"


# Organisers ------------------------------------------------------------------------


def test_organisers_change_and_delete_any_card_built_in_ones_included(
    alices_card, built_in, organiser
):
    client = as_user(organiser)
    form = library_form(client)
    assert not form.disabled, "nothing is greyed out for an organiser"
    form.data[f"{form.row(built_in)}-active"] = ""
    form.data[f"{form.row(alices_card)}-DELETE"] = "on"

    assert client.post(reverse("library"), form.data).status_code == 302
    assert stored(built_in)[3] is False
    assert stored(alices_card) is None


def test_being_staff_is_not_enough_to_change_others_cards(alices_card, built_in, staff_only):
    client = as_user(staff_only)
    form = library_form(client)
    assert form.disabled, "the others' cards are greyed out for staff who are no organisers"
    form.data[f"{form.row(built_in)}-active"] = ""
    assert client.post(reverse("library"), form.data).status_code == 403
    assert stored(built_in)[3] is True
    assert not alices_card.may_be_changed_by(staff_only)


def test_cards_of_a_removed_account_stay_in_the_library_for_organisers_to_look_after(
    alices_card, alice, bob, organiser
):
    alice.delete()

    assert stored(alices_card)[0] == "Zingen in de wijk"
    card = LibraryCard.objects.get(pk=alices_card.pk)
    assert card.created_by is None
    assert card.may_be_changed_by(organiser) and not card.may_be_changed_by(bob)
