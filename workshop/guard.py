"""manage.py on a server: as the app's user, with the server's settings (deploy/manage).

Two mistakes made an installation unusable: a command run as root wrote files the
app could not read or write afterwards (var/mail owned by root: every invitation a
server error), and a command run without the settings made a stray SQLite database
next to the code. Both are refused before Django does anything. On a laptop, in CI
and for the README's commands neither condition holds: no server settings file, and
the data folder belongs to whoever runs the command.
"""

import os
import pwd
import sys
from pathlib import Path

# Written by the install step (docs/deploy.md); the file sets ASSENKRUIS_ENV_FILE to itself.
SERVER_ENV_FILE = "/etc/assenkruis.env"


def problem(data_dir: Path) -> str:
    """Why this command must not run here, or ""."""
    env_file = Path(SERVER_ENV_FILE)
    if env_file.exists() and not os.environ.get("ASSENKRUIS_ENV_FILE"):
        return (
            f"This server keeps its settings in {env_file}, but they are not loaded, so this "
            "command would use a database of its own next to the code.\n"
            "Run it with deploy/manage instead, for example:  deploy/manage migrate"
        )
    if os.geteuid() == 0 and data_dir.exists() and data_dir.stat().st_uid != 0:
        owner = pwd.getpwuid(data_dir.stat().st_uid).pw_name
        return (
            f"This command runs as root, but the data folder {data_dir} belongs to {owner}: "
            f"files made now would be root's, and the app ({owner}) could not use them.\n"
            "Run it as the app's user with deploy/manage, for example:  deploy/manage migrate"
        )
    return ""


def refuse_wrong_user_or_settings() -> None:
    from django.conf import settings

    reason = problem(Path(settings.DATA_DIR))
    if reason:
        sys.stderr.write(f"Stopped: {reason}\n")
        sys.exit(2)
