"""Everything the code imports is declared in pyproject.toml.

A package that only arrives as another package's dependency (Pillow through
WeasyPrint, asgiref through Django) may disappear from a fresh install when
that package changes: a newcomer's `pip install` would then break Assenkruis.
"""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = {"workshop", "printables", "bench", "tests"}
SOURCES = ["workshop", "printables", "bench", "tests", "manage.py"]


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return {normalise(re.match(r"[A-Za-z0-9_.\-]+", r).group()) for r in requirements}


def top_level_imports() -> dict[str, set[str]]:
    """Module name -> the files that import it (absolute imports only)."""
    found: dict[str, set[str]] = {}
    for source in SOURCES:
        path = ROOT / source
        for file in [path] if path.is_file() else sorted(path.rglob("*.py")):
            tree = ast.parse(file.read_text(), filename=str(file))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], set()).add(str(file.relative_to(ROOT)))
    return found


def undeclared(imports: dict[str, set[str]]) -> dict[str, tuple]:
    """The imported modules no declared distribution provides, with who provides them."""
    distributions = packages_distributions()
    wanted = declared()
    missing = {}
    for module, files in imports.items():
        if module in sys.stdlib_module_names or module in FIRST_PARTY:
            continue
        providers = {normalise(d) for d in distributions.get(module, [])}
        if not providers & wanted:
            missing[module] = (sorted(providers) or ["not installed"], sorted(files)[:3])
    return missing


def test_every_imported_package_is_stdlib_first_party_or_declared():
    assert not undeclared(top_level_imports()), "imported but not declared in pyproject.toml"


def test_the_check_finds_the_imports_and_refuses_a_package_that_only_comes_along():
    imports = top_level_imports()
    assert {"django", "weasyprint", "PIL", "workshop", "json"} <= set(imports)
    # txaio arrives with Daphne (through autobahn): not ours to import unless declared.
    found = undeclared({"txaio": {"x.py"}, "json": {"x.py"}, "workshop": {"x.py"}})
    assert set(found) == {"txaio"}
