"""The house's rooms, and which way imports go between them (docs/architecture.md).

- workshop/lib/: pure helpers (charts, statistics, QR codes, the typeface …):
  no models, no database rules; they import nothing of the project's but each other.
- workshop/ itself: the domain (models and the rules around them: accounts,
  participation, throttles, exports, demo, retention …) and Django's wiring
  (settings, urls, asgi, routing, apps, admin, management commands).
  The domain imports lib only.
- workshop/live/: the live package (websockets); imports the domain and lib.
- workshop/pages/: the HTTP views and their forms; import anything in workshop.
- printables/ (the PDFs): may import workshop's domain and lib, never pages or
  live; workshop imports nothing from printables.
Only the wiring may import every room: it is what Django starts from.
"""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
WIRING = {"settings", "urls", "asgi", "routing", "apps", "admin", "management"}
ROOMS = {"lib", "pages", "live"}
# What each room may not import.
FORBIDDEN = {
    "lib": {"domain", "wiring", "live", "pages", "printables"},
    "domain": {"wiring", "live", "pages", "printables"},
    "live": {"wiring", "pages", "printables"},
    "pages": {"wiring", "printables"},
    "wiring": {"printables"},
    "printables": {"wiring", "live", "pages"},
}


def room(module: str) -> str | None:
    """The room a dotted module name (or a name imported from it) belongs to."""
    parts = module.split(".")
    if parts[0] == "printables":
        return "printables"
    if parts[0] != "workshop" or len(parts) == 1:
        return None  # another package, or `from workshop import …` itself
    if parts[1] in ROOMS:
        return parts[1]
    return "wiring" if parts[1] in WIRING else "domain"


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module `path` imports, and every name it imports from one (`from a
    import b`: a and a.b), also inside functions and under TYPE_CHECKING."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module or "")
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom):  # relative: from the module's own package
            package = path.relative_to(root).parent.parts
            base = ".".join(package[: len(package) - node.level + 1])
            base += f".{node.module}" if node.module else ""
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(
            node.func, "attr", getattr(node.func, "id", "")
        ) in {
            "import_module",
            "__import__",
        }:
            names.update(a.value for a in node.args if isinstance(a, ast.Constant))
    return names


def wrong_way(paths: list[Path], root: Path = ROOT) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        module = ".".join(path.relative_to(root).with_suffix("").parts)
        own = room(module)
        bad = sorted(m for m in imported_modules(path, root) if room(m) in FORBIDDEN[own])
        if bad:
            found[module] = bad
    return found


def test_imports_go_one_way():
    paths = [
        path
        for package in ("workshop", "printables")
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    ]
    assert wrong_way(paths) == {}


def test_every_module_has_a_room():
    """A new top-level module is domain unless named as wiring; every package of
    workshop/ is a room (a new one needs its place in FORBIDDEN)."""
    packages = {p.name for p in (ROOT / "workshop").iterdir() if (p / "__init__.py").exists()}
    assert packages - ROOMS == {"management", "migrations"}


def test_the_check_sees_a_wrong_import(tmp_path):
    lib = tmp_path / "workshop" / "lib"
    lib.mkdir(parents=True)
    sample = lib / "sample.py"
    sample.write_text(
        "import printables.materials\nfrom workshop.lib import stats\n"
        "def f():\n    from workshop import models, throttle\n"
        "    from workshop.pages.views import x\n"
        "    importlib.import_module('workshop.live.hub')\n"
        "    from . import charts\n    from .. import settings\n"
    )
    assert wrong_way([sample], root=tmp_path) == {
        "workshop.lib.sample": [
            "printables.materials",
            "workshop.live.hub",
            "workshop.models",
            "workshop.pages.views",
            "workshop.pages.views.x",
            "workshop.settings",
            "workshop.throttle",
        ]
    }


@pytest.mark.django_db
def test_the_control_page_still_links_every_printable(client, alice, session):
    from django.apps import apps

    client.force_login(alice)
    page = client.get(reverse("control", args=[session.pk])).content.decode()
    for material in apps.get_app_config("printables").material_list():
        assert reverse("printable", args=[session.pk, material.name]) in page
