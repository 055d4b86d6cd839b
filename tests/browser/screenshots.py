"""The project's screenshot tool.

    python -m tests.browser.screenshots --readme   # docs/img/*.png, the README's pictures
    python -m tests.browser.screenshots --all      # every screen, to var/screenshots/

Both drive the real app (Daphne and Chromium, as the browser tests do) on a
fresh test database with the demo session, and check what they show.
"""

import argparse
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readme", action="store_true", help="write docs/img/*.png")
    parser.add_argument("--all", action="store_true", help="every screen, to var/screenshots/")
    args = parser.parse_args(argv)
    if not (args.readme or args.all):
        parser.error("say --readme or --all")
    tests = []
    if args.readme:
        os.environ["ASSENKRUIS_README_PICTURES"] = "1"
        tests.append(os.path.join(HERE, "test_readme_pictures.py"))
    if args.all:
        os.environ["ASSENKRUIS_SCREENSHOTS"] = "1"
        tests.append(os.path.join(HERE, "test_screenshots.py"))
    return pytest.main([*tests, "-q", "-p", "no:cacheprovider"])


if __name__ == "__main__":
    sys.exit(main())
