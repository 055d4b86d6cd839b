"""The files in deploy/ do what docs/deploy.md says, tried without root's systemd.

What cannot run here: systemd as init (starting the units for real). What does:
the env file sourced by bash and read by Django, `systemd-analyze verify` on the
units with the paths the install step makes, and deploy/manage (tests/deploy/
test_nginx_in_front.py runs the nginx site and the Daphne command line of the unit).
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.deploy.installed import DEPLOY, SERVER, env_file, folders, manage, sourced
from tests.helpers import require

SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'from': s.DEFAULT_FROM_EMAIL, 'hosts': s.ALLOWED_HOSTS, 'db': s.DATABASES['default']['NAME'],"
    "'media': str(s.MEDIA_ROOT), 'mail': s.EMAIL_FILE_PATH, 'static': str(s.STATIC_ROOT),"
    "'smtp': s.EMAIL_BACKEND, 'port': s.EMAIL_PORT, 'production': s.PRODUCTION,"
    "'hsts': [s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD]}))"
)


def test_the_env_template_sources_in_bash_with_every_value_intact(tmp_path):
    env = sourced(env_file(tmp_path))

    assert env["DEFAULT_FROM_EMAIL"] == "Assenkruis <assenkruis@example.nl>"
    assert env["ASSENKRUIS_PRODUCTION"] == "1"
    assert env["DATABASE_URL"] == f"sqlite:///{tmp_path}/srv/data/db.sqlite3"
    template = (DEPLOY / "assenkruis.env").read_text().splitlines()
    settings = [line for line in template if line and not line.startswith("#")]
    assert settings and all(line.split("=", 1)[1].startswith("'") for line in settings), (
        "every value is quoted"
    )


def test_the_env_files_values_reach_django_through_deploy_manage(tmp_path):
    folders(tmp_path)
    path = env_file(tmp_path, ALLOWED_HOSTS="assenkruis.example.nl,www.example.nl")

    result = manage(path, "shell", "-c", SHOW)

    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    data = f"{tmp_path}/srv/data"
    assert shown["from"] == "Assenkruis <assenkruis@example.nl>"
    assert shown["hosts"] == ["assenkruis.example.nl", "www.example.nl"]
    assert shown["production"] and shown["db"] == f"{data}/db.sqlite3"
    assert shown["media"] == f"{data}/media" and shown["mail"] == f"{data}/mail"
    assert shown["static"] == f"{tmp_path}/srv/static"
    assert shown["smtp"] == "django.core.mail.backends.smtp.EmailBackend" and shown["port"] == 587
    assert shown["hsts"] == [31536000, False, False], "HSTS for this host only, unless opted in"


def test_check_deploy_passes_with_the_template_filled_in(tmp_path):
    folders(tmp_path)
    path = env_file(tmp_path)

    result = manage(path, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_manage_refuses_someone_who_cannot_read_the_settings(tmp_path):
    result = manage(tmp_path / "missing.env", "check")

    assert result.returncode == 2
    assert "cannot read" in result.stderr and "missing.env" in result.stderr


def test_run_as_root_deploy_manage_works_as_the_app_user_with_the_settings_it_loaded():
    """As root (docs/deploy.md's way, no sudo): deploy/manage reads the env file
    only root may read, then runs manage.py as the app's user (setpriv), so the
    database it makes belongs to that user. `nobody` stands in for the app user."""
    import os
    import pwd
    import tempfile

    require(os.geteuid() == 0, "root, to switch to another user (CI runs as root)")
    app_user = pwd.getpwnam("nobody")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        tmp.chmod(0o755)  # the app user walks through it to its data
        folders(tmp)
        data = tmp / "srv" / "data"
        os.chown(data, app_user.pw_uid, app_user.pw_gid)
        path = env_file(tmp)  # 0640, root's: the app user cannot read it itself

        migrated = manage(path, "migrate", env={"ASSENKRUIS_USER": "nobody"})
        who = manage(path, "shell", "-c", "import os; print(os.getuid())",
                     env={"ASSENKRUIS_USER": "nobody"})  # fmt: skip

        assert migrated.returncode == 0, migrated.stderr
        assert who.stdout.strip().splitlines()[-1] == str(app_user.pw_uid)
        assert (data / "db.sqlite3").stat().st_uid == app_user.pw_uid, "the app user's database"


def units_installed(tmp: Path, prefix: str) -> Path:
    """The units as /etc/systemd/system holds them, their /srv/assenkruis moved to `prefix`."""
    units = tmp / "units"
    units.mkdir()
    for unit in [*DEPLOY.glob("*.service"), *DEPLOY.glob("*.timer")]:
        (units / unit.name).write_text(unit.read_text().replace(SERVER, prefix))
    return units


def verify(units: Path) -> subprocess.CompletedProcess:
    names = ["assenkruis@8001.service", "assenkruis@8002.service",
             "assenkruis-retention.service", "assenkruis-retention.timer"]  # fmt: skip
    return subprocess.run(
        ["systemd-analyze", "verify", *(str(units / name) for name in names)],
        cwd=units, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.fixture
def systemd_analyze():
    require(shutil.which("systemd-analyze") is not None, "systemd-analyze (Debian: systemd)")


def test_systemd_accepts_the_units_with_the_paths_the_install_step_makes(tmp_path, systemd_analyze):
    prefix = tmp_path / "srv"
    for program in ("daphne", "python"):  # what `python3 -m venv` and `pip install` make
        path = prefix / "venv" / "bin" / program
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("#!/bin/sh\n")
        path.chmod(0o755)
    (prefix / "app").mkdir()

    result = verify(units_installed(tmp_path, str(prefix)))

    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


def test_systemd_verify_would_catch_a_command_the_install_step_does_not_make(
    tmp_path, systemd_analyze
):
    result = verify(units_installed(tmp_path, str(tmp_path / "not-installed")))

    assert "venv/bin/daphne is not executable" in result.stderr
