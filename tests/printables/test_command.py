"""`manage.py printables <session> --out DIR [--only NAME ...]`."""

import pytest
from django.core.management import CommandError, call_command

from printables import materials
from tests.printables.conftest import pdf_pages

pytestmark = pytest.mark.django_db


def test_it_writes_every_material(session, tmp_path):
    call_command("printables", str(session.pk), "--out", str(tmp_path / "out"))
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    code = session.join_code.lower()
    assert written == sorted(f"assenkruis-{code}-{m.name}.pdf" for m in materials.MATERIALS)
    for path in (tmp_path / "out").iterdir():
        assert pdf_pages(path.read_bytes()) >= 1


def test_it_writes_only_the_named_ones_and_finds_the_session_by_code(session, tmp_path):
    typed = session.join_code.lower()[:3] + " " + session.join_code.lower()[3:]
    call_command("printables", typed, "--out", str(tmp_path), "--only", "summary", "handout")
    assert sorted(p.name.rsplit("-", 1)[-1] for p in tmp_path.iterdir()) == [
        "handout.pdf",
        "summary.pdf",
    ]


def test_it_refuses_an_unknown_session_or_material(tmp_path):
    with pytest.raises(CommandError):
        call_command("printables", "999999", "--out", str(tmp_path))
    with pytest.raises(CommandError):
        call_command("printables", "ZZZZZZ", "--only", "flyer", "--out", str(tmp_path))
