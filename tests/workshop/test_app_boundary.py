"""workshop (the live app) and printables (the PDFs) share the chart and QR modules,
which live in workshop; printables may import workshop, never the other way round."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

import workshop

WORKSHOP = Path(workshop.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module or "")
        elif isinstance(node, ast.Call) and getattr(
            node.func, "attr", getattr(node.func, "id", "")
        ) in {
            "import_module",
            "__import__",
        }:
            names.update(a.value for a in node.args if isinstance(a, ast.Constant))
    return names


def test_workshop_imports_nothing_from_printables():
    offenders = {
        str(path.relative_to(WORKSHOP)): sorted(
            m for m in imported_modules(path) if m.split(".")[0] == "printables"
        )
        for path in WORKSHOP.rglob("*.py")
    }
    assert {path: mods for path, mods in offenders.items() if mods} == {}


def test_the_check_sees_an_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import printables.materials\nfrom printables.charts import x\n"
        "def f():\n    from printables import qr\n    importlib.import_module('printables.views')\n"
    )
    assert imported_modules(sample) >= {
        "printables.materials",
        "printables.charts",
        "printables",
        "printables.views",
    }


@pytest.mark.django_db
def test_the_control_page_still_links_every_printable(client, alice, session):
    from django.apps import apps

    client.force_login(alice)
    page = client.get(reverse("control", args=[session.pk])).content.decode()
    for material in apps.get_app_config("printables").material_list():
        assert reverse("printable", args=[session.pk, material.name]) in page
