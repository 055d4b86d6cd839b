"""`manage.py printables <session> --out DIR [--only NAME ...]`."""

import shutil

import pytest
from django.core.management import CommandError, call_command

from printables import materials
from tests.helpers import require
from tests.printables.conftest import decode, pdf_pages, pdf_to_pngs

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


def test_public_url_goes_into_the_qr_code(session, tmp_path, capsys):
    require(shutil.which("zbarimg") is not None, "zbarimg (zbar-tools) is not installed")
    call_command(
        "printables", session.join_code, "--out", str(tmp_path), "--only", "poster-a4",
        "--public-url", "https://assenkruis.example.nl/",
    )  # fmt: skip
    (pdf,) = tmp_path.glob("*.pdf")
    (page,) = pdf_to_pngs(pdf.read_bytes(), tmp_path, dpi=72)
    assert decode(page) == [f"https://assenkruis.example.nl/j/{session.join_code}/"]
    assert "warning" not in capsys.readouterr().err


def test_it_warns_when_the_codes_would_point_at_localhost(session, tmp_path, capsys, settings):
    settings.PUBLIC_URL = ""
    call_command("printables", str(session.pk), "--out", str(tmp_path), "--only", "poster-a4")
    assert "localhost" in capsys.readouterr().err
