"""Each live page names every module its script imports up front (modulepreload),
so a phone on slow wifi fetches them at once instead of one import after another."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

JS = Path(__file__).resolve().parents[2] / "static" / "js"
IMPORT = re.compile(r'^import .* from "\./([\w.-]+\.js)";', re.MULTILINE)


def imported_by(entry: str) -> set[str]:
    """Every module `entry` imports, directly or through another module."""
    found, todo = set(), [entry]
    while todo:
        for name in IMPORT.findall((JS / todo.pop()).read_text()):
            if name not in found:
                found.add(name)
                todo.append(name)
    return found


def preloaded(html: str) -> set[str]:
    return set(re.findall(r'<link rel="modulepreload" href="/static/js/([\w.-]+\.js)">', html))


@pytest.mark.parametrize(
    "page, entry",
    [("join", "place.js"), ("screen", "screen.js"), ("control", "control.js")],
)
def test_every_imported_module_is_preloaded(client, session, alice, page, entry):
    client.force_login(alice)
    args = [session.join_code] if page == "join" else [session.pk]
    html = client.get(reverse(page, args=args)).text

    assert f'src="/static/js/{entry}"' in html
    assert imported_by(entry)  # the regex still reads the imports
    assert preloaded(html) == imported_by(entry)
