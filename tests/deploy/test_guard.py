"""manage.py stops, saying what to do, when run on a server as root or without its settings
(workshop/guard.py); a failing invitation mail leaves no account behind."""

import os
import subprocess
import sys

import pytest

from bench.servers import ROOT

# manage.py, with the server's settings file looked for at FILE instead of /etc.
MANAGE = (
    "import runpy, sys; from workshop import guard; guard.SERVER_ENV_FILE = sys.argv.pop(1); "
    "sys.argv[0] = 'manage.py'; runpy.run_path('manage.py', run_name='__main__')"
)


def manage_py(env_file, *args, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ASSENKRUIS_", "DJANGO"))}
    return subprocess.run(
        [sys.executable, "-c", MANAGE, str(env_file), *args], cwd=ROOT, env={**base, **env},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_without_the_servers_settings_manage_py_stops_before_touching_a_database(tmp_path):
    server_env = tmp_path / "assenkruis.env"
    server_env.write_text("ASSENKRUIS_ENV_FILE='x'\n")
    stray = tmp_path / "stray.sqlite3"

    result = manage_py(server_env, "migrate", DATABASE_URL=f"sqlite:///{stray}")

    assert result.returncode == 2, result.stdout + result.stderr
    assert f"keeps its settings in {server_env}" in result.stderr
    assert "deploy/manage migrate" in result.stderr
    assert not stray.exists(), "no database was made"


def test_with_the_servers_settings_loaded_it_runs(tmp_path):
    server_env = tmp_path / "assenkruis.env"
    server_env.write_text("")

    result = manage_py(server_env, "check", ASSENKRUIS_ENV_FILE=str(server_env))

    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root, as the mistake it guards against")
def test_as_root_it_stops_when_the_data_folder_is_the_apps(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    os.chown(data, 65534, 65534)  # nobody: the app's user on a server

    result = manage_py(tmp_path / "none.env", "migrate", ASSENKRUIS_DATA_DIR=str(data),
                       DATABASE_URL=f"sqlite:///{data}/db.sqlite3")  # fmt: skip

    assert result.returncode == 2, result.stdout + result.stderr
    assert "runs as root" in result.stderr and "nobody" in result.stderr
    assert list(data.iterdir()) == [], "root made nothing in the app's folder"


def test_a_newcomers_checkout_runs_as_before(tmp_path):
    result = manage_py(tmp_path / "none.env", "check")

    assert result.returncode == 0, result.stderr
