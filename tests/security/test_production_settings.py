"""Production settings come from the environment and pass Django's deployment checks."""

import json
import re
import secrets
import subprocess
import sys

import pytest

from bench.servers import ROOT

SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": s.SESSION_COOKIE_HTTPONLY,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "CSP": s.CONTENT_SECURITY_POLICY["DIRECTIVES"],
}))
"""


def production_env(**extra: str) -> dict:
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "workshop.settings",
        "ASSENKRUIS_PRODUCTION": "1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.nl",
        "DATABASE_URL": f"sqlite:///{ROOT / 'var' / 'check-deploy.sqlite3'}",
    }
    env.update(extra)
    return {k: v for k, v in env.items() if v is not None}


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_check_deploy_reports_no_issues_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_turns_debug_off_and_secures_cookies_and_transport_even_if_debug_is_asked():
    result = run(["-c", SHOW_SETTINGS], production_env(DEBUG="1"))

    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["DEBUG"] is False
    assert shown["SESSION_COOKIE_SECURE"] and shown["CSRF_COOKIE_SECURE"]
    assert shown["SESSION_COOKIE_HTTPONLY"]
    assert shown["SECURE_HSTS_SECONDS"] >= 31536000 and shown["SECURE_SSL_REDIRECT"]
    assert shown["ALLOWED_HOSTS"] == ["example.nl"]


@pytest.mark.parametrize(
    "missing", [{"SECRET_KEY": None}, {"SECRET_KEY": "short"}, {"ALLOWED_HOSTS": None}]
)
def test_production_refuses_to_start_without_a_secret_key_or_allowed_hosts(missing):
    result = run(["manage.py", "check"], production_env(**missing))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_the_content_security_policy_allows_no_inline_script_and_no_other_host():
    result = run(["-c", SHOW_SETTINGS], production_env())
    csp = json.loads(result.stdout)["CSP"]

    allowed_sources = {"'self'", "'none'", "data:"}
    for directive, sources in csp.items():
        assert set(sources) <= allowed_sources, f"{directive} allows {sources}"
    assert csp["script-src"] == ["'self'"], "no inline script, no eval, no other host"
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]


def test_every_page_is_served_with_the_content_security_policy(client, db):
    response = client.get("/")

    policy = response.headers["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == ["'self'"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_contain_no_inline_script_the_policy_would_block(client, db):
    """Inline <script> with code would be blocked by the policy: pages must not rely on it."""
    for path in ["/", "/accounts/login/"]:
        html = client.get(path).content.decode()
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
            assert "src=" in attrs or 'type="application/json"' in attrs, (
                f"inline script on {path}: {body[:80]!r}"
            )
        assert not re.search(r"\son[a-z]+\s*=", html), f"inline event handler on {path}"


def test_production_with_redis_shares_the_join_throttle_between_processes():
    show = "import django; django.setup(); from django.conf import settings as s; "
    show += "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'])"
    result = run(["-c", show], production_env(REDIS_URL="redis://127.0.0.1:6379/0"))

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/0",
    ]


# A safe first run: the README's demo login never reaches production ---------


def test_the_demo_command_refuses_to_run_with_production_settings(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    result = run(["manage.py", "demo", "--no-serve"], env)

    assert result.returncode != 0
    assert "not for a production server" in result.stderr
    assert "create_organiser" in result.stderr


def test_production_refuses_to_start_while_the_demo_password_works(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    assert run(["manage.py", "migrate", "-v", "0"], env).returncode == 0
    made = run(
        [
            "-c",
            "import django; django.setup(); from django.contrib.auth.models import User; "
            "from workshop.demo import PUBLISHED_PASSWORD as p; "
            "User.objects.create_user('demo', password=p)",  # a demo database of before 2026-12
        ],
        env,
    )
    assert made.returncode == 0, made.stderr

    check = run(["manage.py", "check"], env)
    start = run(["-c", "import workshop.asgi"], env)  # what Daphne imports first

    assert check.returncode != 0 and "workshop.E001" in check.stderr
    assert start.returncode != 0 and "demo password" in start.stderr

    changed = run(
        [
            "manage.py",
            "shell",
            "-c",
            "from django.contrib.auth.models import User; u = User.objects.get(username='demo'); u.set_password('een-eigen-lang-wachtwoord'); u.save()",
        ],
        env,
    )
    assert changed.returncode == 0, changed.stderr
    assert run(["manage.py", "check"], env).returncode == 0
    assert run(["-c", "import workshop.asgi"], env).returncode == 0
