"""The phone and the handout in the room's languages (issue 22, point 7).

"Phone strings" are the msgids whose .po references point into the phone's
own files (PHONE_SOURCES), or into the phone's functions in a shared file
(PHONE_FUNCTIONS: the line range of that function or class), plus every msgid
the handout looks up while it is rendered for each kind of session. Every one
must be translated, and not fuzzy, in each room language; and where the
English msgid uses a term of docs/glossary.md, the translation uses that
language's term for it.
"""

import ast
import contextlib
import re
from functools import cache
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.db import transaction
from django.utils.translation import trans_real

ROOT = Path(__file__).resolve().parents[2]
ROOM_ONLY = [code for code, _name in settings.ROOM_LANGUAGES if code not in ("en",)]

PHONE_SOURCES = {
    "templates/workshop/join.html",
    "templates/workshop/join_results.html",
    "templates/workshop/join_unknown.html",
    "templates/workshop/join_throttled.html",
    "templates/workshop/_phone_header.html",
    "templates/workshop/_phone_footer.html",
    "templates/workshop/_answers_removed.html",  # the results page includes it
    "workshop/pages/phone.py",
}
PHONE_FUNCTIONS = {
    "workshop/live/strings.py": ("phone", "roles"),
    "workshop/models.py": ("Role",),
    "workshop/lib/findings.py": ("texts",),  # the results page's sentence about each card
}


def catalogue(code: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / code / "LC_MESSAGES" / "django.po"))


@cache
def line_ranges(path: str) -> list[range]:
    tree = ast.parse((ROOT / path).read_text())
    wanted = PHONE_FUNCTIONS[path]
    return [
        range(node.lineno, node.end_lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name in wanted
    ]


def is_phone_entry(entry: polib.POEntry) -> bool:
    for path, line in entry.occurrences:
        if path in PHONE_SOURCES:
            return True
        if path in PHONE_FUNCTIONS and any(int(line) in r for r in line_ranges(path)):
            return True
    return False


def phone_keys() -> set[tuple[str | None, str]]:
    """(msgctxt, msgid) of every phone string, read from the Dutch catalogue's references."""
    return {(e.msgctxt, e.msgid) for e in catalogue("nl") if is_phone_entry(e)}


@contextlib.contextmanager
def recording():
    """Every (msgctxt, msgid) looked up through Django's translations inside the block."""
    seen: set[tuple[str | None, str]] = set()
    cls = trans_real.DjangoTranslation
    gettext, ngettext = cls.gettext, cls.ngettext

    def note(message):
        ctxt, sep, msgid = message.partition(trans_real.CONTEXT_SEPARATOR)
        seen.add((ctxt, msgid) if sep else (None, message))

    def recording_gettext(self, message):
        note(message)
        return gettext(self, message)

    def recording_ngettext(self, singular, plural, n):
        note(singular)
        return ngettext(self, singular, plural, n)

    cls.gettext, cls.ngettext = recording_gettext, recording_ngettext
    try:
        yield seen
    finally:
        cls.gettext, cls.ngettext = gettext, ngettext


@pytest.fixture(scope="module")
def handout_keys(django_db_setup, django_db_blocker) -> set[tuple[str | None, str]]:
    """What the handout looks up, rendered for every kind of session."""
    from django.contrib.auth import get_user_model
    from django.utils import translation

    from printables import materials
    from printables.data import snapshot
    from tests.printables import kinds

    with django_db_blocker.unblock(), transaction.atomic():
        user = get_user_model().objects.create_user("glossary-reader")
        with recording() as seen:
            for kind in kinds.KINDS:
                data = snapshot(kinds.build(kind, user))
                with translation.override("tr"):
                    materials.html(data, "handout")
        transaction.set_rollback(True)
    # Django's own words (month names) come translated with Django.
    ours = {(e.msgctxt, e.msgid) for e in catalogue("nl")}
    return seen & ours


def missing(code: str, keys) -> list[str]:
    entries = {(e.msgctxt, e.msgid): e for e in catalogue(code)}
    wrong = []
    for key in sorted(keys, key=lambda k: (k[0] or "", k[1])):
        entry = entries.get(key)
        if entry is None:
            wrong.append(f"not in the catalogue: {key[1]!r}")
        elif entry.fuzzy or not entry.translated():
            wrong.append(f"{'fuzzy' if entry.fuzzy else 'untranslated'}: {key[1]!r}")
    return wrong


def test_phone_strings_are_a_real_set():
    keys = phone_keys()
    # Guards the definition itself: the phone's own pages and its live table are in it.
    assert (None, "Who are you?") in keys
    assert (None, "Tap a card first. Then tap the grid.") in keys
    assert (None, "Results") in keys
    assert (None, "Only one person placed this card.") in keys
    assert len(keys) > 60


@pytest.mark.parametrize("code", ROOM_ONLY)
def test_every_phone_string_is_translated(code):
    assert missing(code, phone_keys()) == []


# The glossary -------------------------------------------------------------------


def glossary() -> list[dict]:
    """docs/glossary.md's table: one row per term, a column per language."""
    rows = []
    text = (ROOT / "docs" / "glossary.md").read_text()
    table = [line for line in text.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in table[0].strip("|").split("|")]
    for line in table[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def variants(cell: str) -> list[str]:
    """A cell may give several accepted forms, separated by " / "."""
    return [form.strip().lower() for form in cell.split(" / ") if form.strip()]


def uses_term(text: str, forms: list[str]) -> bool:
    text = text.lower()
    return any(form in text for form in forms)


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{[^}]*\}")


@cache
def english_pattern(forms: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"\b(" + "|".join(re.escape(f) for f in forms) + r")\b", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ROOM_ONLY)
def test_translations_use_the_glossary(code, handout_keys):
    # Turkish, Arabic and Polish: every translation (they are the phone's and the
    # handout's); Dutch: those strings, the rest being the facilitator's.
    keys = phone_keys() | handout_keys
    entries = [
        e
        for e in catalogue(code)
        if (code != "nl" or (e.msgctxt, e.msgid) in keys) and e.translated() and not e.fuzzy
    ]
    wrong = []
    for term in glossary():
        pattern = english_pattern(tuple(variants(term["en"])))
        wanted = variants(term[code])
        for entry in entries:
            if not pattern.search(PLACEHOLDER.sub("", entry.msgid)):
                continue
            texts = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
            if not all(uses_term(t, wanted) for t in texts):
                wrong.append(f"{term['en']} → {term[code]}: {entry.msgid!r} = {texts[0]!r}")
    assert wrong == [], "\n".join(wrong)


def test_the_glossary_names_every_room_language():
    codes = [code for code, _name in settings.ROOM_LANGUAGES]
    for term in glossary():
        assert all(term.get(code) for code in codes), term


@pytest.mark.django_db
def test_every_handout_string_is_translated(handout_keys):
    keys = handout_keys
    assert (None, "Participant handout") in keys
    wrong = {code: missing(code, keys) for code in ROOM_ONLY}
    assert wrong == {code: [] for code in ROOM_ONLY}
