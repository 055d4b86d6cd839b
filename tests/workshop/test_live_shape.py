"""The live core stays readable: no function in workshop/live/ over ~50 lines.

strings.py is left out: its functions are tables of texts, not logic.
(Complexity is held by ruff: C901 at most 10 in the whole tree, pyproject.toml.)
"""

import ast
from pathlib import Path

LIVE = Path(__file__).resolve().parents[2] / "workshop" / "live"
MOST_LINES = 55


def test_no_function_in_the_live_core_is_longer_than_a_screen():
    long = []
    for path in LIVE.rglob("*.py"):
        if path.name == "strings.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MOST_LINES:
                    long.append(
                        f"{path.relative_to(LIVE)}:{node.lineno} {node.name} ({lines} lines)"
                    )
    assert not long, long
