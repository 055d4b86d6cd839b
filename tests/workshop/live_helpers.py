"""The in-process socket clients moved to tests/helpers.py; this name stays for older imports."""

from tests.helpers import Client, new_id, phone, screen  # noqa: F401
