"""One settings file for laptop, CI and production; the environment chooses.

Embedded profile (default): SQLite and the in-memory channel layer, one Daphne.
Scale-out profile: DATABASE_URL (PostgreSQL) and REDIS_URL (channels_redis).
Production hardening: ASSENKRUIS_PRODUCTION=1 (needs SECRET_KEY and ALLOWED_HOSTS).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
# What the server writes (uploads, stored mail, fonts; the SQLite file on a server):
# outside the code on a server (deploy/assenkruis.env), var/ in a checkout.
DATA_DIR = Path(os.environ.get("ASSENKRUIS_DATA_DIR", "") or BASE_DIR / "var")


def envbool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = envbool("ASSENKRUIS_PRODUCTION")
DEBUG = envbool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    # No default: refuse to start without a real one.
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "ASSENKRUIS_PRODUCTION needs SECRET_KEY (50+ random characters)."
        )
    if not envlist("ALLOWED_HOSTS"):
        raise ImproperlyConfigured("ASSENKRUIS_PRODUCTION needs ALLOWED_HOSTS.")
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-do-not-use-in-production")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "*")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
# The address phones use to reach this server, for QR codes and join links
# (e.g. https://assenkruis.example.nl). Empty: taken from the request.
PUBLIC_URL = os.environ.get("PUBLIC_URL", "").rstrip("/")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "csp",
    "axes",
    "workshop",
    "printables",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "workshop.urls"
ASGI_APPLICATION = "workshop.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 600),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the projector read while phones write; IMMEDIATE avoids
        # "database is locked" on upgrade from a read to a write lock.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Live tests run Daphne in another process: the test database must be a
    # file, one per test run so two runs on one machine don't share it.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get(
            "TEST_DB_NAME", str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")
        )
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # One PUBLISH per group_send; only the per-process hubs subscribe.
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            # Pub/sub ignores Redis database numbers: the prefix keeps two
            # installations (or test runs) on one Redis apart.
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": os.environ.get("REDIS_PREFIX", "assenkruis"),
            },
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            "CONFIG": {"capacity": 1000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
# Password guessing (workshop/throttle.py): after this many failed logins for one
# username, or from one address, within the window (seconds), logins are refused.
LOGIN_FAILURES_PER_USERNAME = envint("LOGIN_FAILURES_PER_USERNAME", 5)
LOGIN_FAILURES_PER_ADDRESS = envint("LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_FAILURE_WINDOW = envint("LOGIN_FAILURE_WINDOW", 15 * 60)
# Join-code guessing (workshop/throttle.py): this many unknown codes from one
# address within the window (seconds), then that address may not join for a while.
JOIN_FAILURES_ALLOWED = envint("JOIN_FAILURES_ALLOWED", 20)
JOIN_FAILURE_WINDOW = envint("JOIN_FAILURE_WINDOW", 600)
# Retention (workshop/retention.py, docs/privacy.md): days after closing that a session keeps
# what each participant did; then `manage.py retention` (daily) removes it. 0: kept until the
# session is deleted. RETENTION_KEEP: "results" keeps the figures per card, "nothing" none.
RETENTION_DAYS = envint("RETENTION_DAYS", 0)
RETENTION_KEEP = os.environ.get("RETENTION_KEEP", "results")
if RETENTION_KEEP not in ("results", "nothing"):
    raise ImproperlyConfigured("RETENTION_KEEP is results or nothing.")
# PDFs (printables/render.py): render processes, and seconds a render may take.
PRINTABLES_WORKERS = envint("PRINTABLES_WORKERS", 1)
PRINTABLES_TIMEOUT = envint("PRINTABLES_TIMEOUT", 120)
# django-axes counts them (in the database; the login form answers a lockout itself).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "workshop.accounts.CaseInsensitiveModelBackend",  # username or e-mail, any capitalisation
]
AXES_HANDLER = "workshop.throttle.LoginAttempts"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own, each with its limit
AXES_FAILURE_LIMIT = "workshop.throttle.login_failure_limit"
AXES_COOLOFF_TIME = "workshop.throttle.login_cool_off"
AXES_USERNAME_CALLABLE = "workshop.throttle.login_username"
AXES_CLIENT_IP_CALLABLE = "workshop.throttle.client_ip"  # as the join throttle: REMOTE_ADDR
AXES_RESET_ON_SUCCESS = False  # axes would forget the address's count too: see throttle.py
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # refused tries do not extend it
AXES_SENSITIVE_PARAMETERS = []  # the audit line names the account and address (never a password)
AXES_DISABLE_ACCESS_LOG = True  # no lasting record of every good login (docs/privacy.md)
# The login form itself shows a lockout on the page (workshop/pages/forms.py), for the
# login page and the admin's, so axes' middleware, which would replace the page, is not used.
SILENCED_SYSTEM_CHECKS = ["axes.W002"]

# Mail (invitations, forgotten passwords): SMTP when EMAIL_HOST is set, else every mail
# is written as a file to EMAIL_FILE_PATH (var/mail/), for the organiser to open
# (readable by the app's user only, removed once its link is used or expired: workshop/mail.py).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", not envbool("EMAIL_USE_SSL"))
    EMAIL_USE_SSL = envbool("EMAIL_USE_SSL")
else:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "workshop.mail.PrivateFileBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Assenkruis <assenkruis@localhost>")
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600)  # invitations too

LANGUAGE_CODE = "nl"
# The facilitator's pages speak these two.
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
# The room's languages: a session's language, and what a participant may choose
# on the phone (join and results pages) and for the handout. A text not yet
# translated shows in Dutch, the fallback Django gives LANGUAGE_CODE.
ROOM_LANGUAGES = [*LANGUAGES, ("tr", _("Turkish")), ("ar", _("Arabic")), ("pl", _("Polish"))]
# The phone's own choice, kept for the next visit (the facilitator's pages keep theirs).
PHONE_LANGUAGE_COOKIE = "ak_lang"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", "") or BASE_DIR / "staticfiles")
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"

# Emoji in PDFs (printables/fonts.py): "auto" prints them with the emoji font
# fontconfig has, or as [name] when it has none; "font" or "text" forces either.
PRINT_EMOJI = os.environ.get("PRINT_EMOJI", "auto")
if PRINT_EMOJI not in ("auto", "font", "text"):
    raise ImproperlyConfigured("PRINT_EMOJI is auto, font or text.")
# The typeface files, made once from the font packages (workshop/lib/typeface.py).
FONT_DIR = DATA_DIR / "fonts"

# Live layer tuning (see docs/protocol.md and docs/performance.md).
# Projector and control updates at most once a tick (30 a second): a placement
# waits for the next one, so the tick is most of its way to the projector.
LIVE_SCREEN_TICK_MS = envint("LIVE_SCREEN_TICK_MS", 33)
LIVE_PHONE_TICK_MS = envint("LIVE_PHONE_TICK_MS", 1000)  # room results on phones
# Sends of result views to phones per second and process, at most, spread over
# the ticks: a hall of 1000 gets new results every 4 s, 250 phones a second
# (the projector stays live at the tick); a card's new state goes 4× as fast.
LIVE_PHONE_SENDS_PER_SECOND = envint("LIVE_PHONE_SENDS_PER_SECOND", 250)
LIVE_MAX_MESSAGE_BYTES = envint("LIVE_MAX_MESSAGE_BYTES", 4096)
LIVE_RATE_PER_SECOND = envint("LIVE_RATE_PER_SECOND", 20)
LIVE_RATE_BURST = envint("LIVE_RATE_BURST", 40)
LIVE_WRITE_BATCH = envint("LIVE_WRITE_BATCH", 500)  # phone messages per group commit, at most
LIVE_WRITE_GATHER_MS = envint("LIVE_WRITE_GATHER_MS", 4)  # wait for more before a small commit
# Projector and control sockets are asked again this often whether their login still
# runs the session (besides at every action and when a removal or logout is announced).
LIVE_AUTHORITY_RECHECK_MS = envint("LIVE_AUTHORITY_RECHECK_MS", 30000)

# Content-Security-Policy: no inline script, nothing from another host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

if PRODUCTION:
    DEBUG = False  # whatever DEBUG says: tracebacks and settings never reach the public
    if PUBLIC_URL and not CSRF_TRUSTED_ORIGINS:
        CSRF_TRUSTED_ORIGINS = [PUBLIC_URL]
    if REDIS_URL:
        # Several processes share one join-code throttle (workshop/throttle.py) and
        # one printables cache, instead of each process counting on its own.
        CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
            }
        }
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    # Only this host by default: sub-domains and the browsers' preload list bind every
    # name under the domain to https for a long time, so the admin opts in (docs/deploy.md).
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD")
    if not SECURE_HSTS_INCLUDE_SUBDOMAINS:
        SILENCED_SYSTEM_CHECKS.append("security.W005")  # a choice, not an oversight
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A Redis outage is one line when lost and one when back (workshop/live/outage.py).
    "filters": {"layer_outage": {"()": "workshop.live.outage.QuietOutage"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"channels_redis.pubsub": {"filters": ["layer_outage"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
