"""The README's two commands are the fresh-machine path, and CI runs the same one.

A Python that is "externally managed" (PEP 668: Debian 12/13, Ubuntu) refuses
`pip install` outside a virtual environment, so each command makes one first.
CI (.ci/run) must install the way a newcomer does: a new environment each run,
with the README's own test command (an environment kept between runs keeps old
releases that still satisfy the requirements, and hides a broken fresh install).
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", (ROOT / "README.md").read_text())


def ci_lines() -> list[str]:
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_the_readme_has_two_commands_and_both_install_into_a_new_or_own_venv():
    demo, tests = readme_commands()[:2]
    for command in (demo, tests):
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install -e ")
        assert " pip install" not in command.replace(".venv/bin/pip install", ""), command
    assert demo.endswith(".venv/bin/python manage.py demo")
    assert tests.endswith(".venv/bin/python -m pytest")


def test_ci_runs_the_readmes_test_command_in_a_virtual_environment_it_just_made():
    tests = readme_commands()[1]
    lines = ci_lines()
    assert lines[-1] == tests, "the last thing CI does is the README's test command"
    assert lines[-2] == "rm -rf .venv", "and in a new environment, not one kept from before"
    assert not any(re.match(r"(sudo )?pip3? install", line) for line in lines)


def test_the_virtual_environment_is_not_committed():
    assert "/.venv/" in (ROOT / ".gitignore").read_text().splitlines()
