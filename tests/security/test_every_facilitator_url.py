"""Every URL about a session or a deck refuses everyone but its facilitators.

The URLs are found in the URL configuration, not listed by hand: a page added
later is checked without anyone remembering to add it here.
"""

import re

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from workshop.models import Deck, Session

pytestmark = pytest.mark.django_db

EXTRA_ARGS = {"name": "summary"}  # printables: one material stands for all


def named_patterns(patterns=None, namespace=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin: staff only, tested by Django
            yield from named_patterns(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, set(entry.pattern.converters)


def urls_with(key: str, leave_out: tuple = ()) -> list:
    found = sorted((name, args) for name, args in named_patterns() if key in args)
    return [pytest.param(name, args, id=name) for name, args in found if name not in leave_out]


SESSION_URLS = urls_with("session_id")
DECK_URLS = urls_with("deck_id")


def url_for(name: str, args: set, **ids) -> str:
    return reverse(name, kwargs={a: ids.get(a, EXTRA_ARGS.get(a)) for a in args})


def state_of(session) -> tuple:
    session = Session.objects.get(pk=session.pk)
    return (
        session.title,
        session.state,
        session.notes,
        sorted(session.facilitators.values_list("username", flat=True)),
        Session.objects.count(),
        Deck.objects.count(),
    )


def test_the_configuration_has_the_urls_this_test_is_about():
    names = {param.id for param in SESSION_URLS}
    assert {"control", "session_edit", "screen", "session_duplicate", "printable"} <= names


@pytest.mark.parametrize("name, args", SESSION_URLS)
def test_a_session_url_needs_a_login(name, args, session):
    url = url_for(name, args, session_id=session.pk)
    before = state_of(session)
    for response in (HttpClient().get(url), HttpClient().post(url, {"title": "x"})):
        assert response.status_code in (302, 405), f"{name}: {response.status_code}"
        if response.status_code == 302:
            assert reverse("login") in response["Location"], name
    assert state_of(session) == before


@pytest.mark.parametrize("name, args", SESSION_URLS)
@pytest.mark.parametrize("persona", ["bob", "charlie"])
def test_a_session_url_refuses_someone_who_does_not_facilitate_it(
    name, args, persona, session, request
):
    client = HttpClient()
    client.force_login(request.getfixturevalue(persona))
    url = url_for(name, args, session_id=session.pk)
    before = state_of(session)

    get = client.get(url)
    post = client.post(url, {"title": "Overgenomen", "username": persona, "name": "Buit"})

    assert get.status_code in (403, 404, 405), f"GET {name}: {get.status_code}"
    assert post.status_code in (403, 404, 405), f"POST {name}: {post.status_code}"
    assert state_of(session) == before


@pytest.mark.parametrize("name, args", urls_with("session_id", leave_out=("printable",)))
def test_a_session_url_opens_for_its_facilitator(name, args, session, alice):
    client = HttpClient()
    client.force_login(alice)

    response = client.get(url_for(name, args, session_id=session.pk))

    assert response.status_code in (200, 302, 405), f"{name}: {response.status_code}"


@pytest.mark.parametrize("name, args", DECK_URLS)
@pytest.mark.parametrize("persona", ["alice", "charlie"])
def test_a_deck_url_refuses_someone_whose_deck_it_is_not(name, args, persona, bob, request):
    deck = Deck.objects.create(name="Bobs set", owner=bob)
    client = HttpClient()
    client.force_login(request.getfixturevalue(persona))
    url = url_for(name, args, deck_id=deck.pk)

    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"name": "Overgenomen"}).status_code in (403, 404, 405)
    assert Deck.objects.get(pk=deck.pk).name == "Bobs set"


def test_every_form_that_posts_on_any_page_carries_a_csrf_token(session, alice):
    deck = Deck.objects.create(name="Alices set", owner=alice)
    ids = {"session_id": session.pk, "deck_id": deck.pk, "code": session.join_code}
    client = HttpClient()
    client.force_login(alice)
    checked_pages = checked_forms = 0
    for name, args in named_patterns():
        if not args <= set(ids) or name in ("logout", "set_language"):
            continue
        response = client.get(reverse(name, kwargs={a: ids[a] for a in args}))
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        checked_pages += 1
        for form in re.findall(r"<form\b[^>]*>.*?</form>", response.text, flags=re.S | re.I):
            if re.search(r"method=[\"']?post", form, flags=re.I):
                assert "csrfmiddlewaretoken" in form, f"a form on {name} has no CSRF token"
                checked_forms += 1
    assert checked_pages >= 10 and checked_forms >= 8
