"""Guessing throttles: counters of failed attempts in Django's cache.

Two secrets can be guessed at, and both guesses are slowed the same way: each
failure counts against a key, and once a key has its limit of failures
within its window, every attempt under it is refused unchecked until the
window (which starts at the first failure) has passed. Successes cost nothing.

- Join codes, per client address (the phone websocket in
  workshop/live/consumers.py and the join pages). After `JOIN_FAILURES_ALLOWED`
  unknown codes in `JOIN_FAILURE_WINDOW` seconds that address may not join
  anything, not even a real code, or the answer would still tell codes apart.
  A venue full of phones behind one NAT address is only hurt by its own typos.
- Facilitator passwords, per username and per client address, through
  django-axes (below; the login form in workshop/pages/forms.py asks it, for the
  login page and the admin's). Settings `LOGIN_FAILURES_PER_USERNAME`,
  `LOGIN_FAILURES_PER_ADDRESS` and `LOGIN_FAILURE_WINDOW`. A refused username
  is refused for every address and whether or not it exists, so the refusal
  reveals no account. Axes keeps its counts in the database, so they are
  shared by every process and survive a cache outage.

The join-code cache is per process in the embedded profile; with several
processes, configure a shared cache (Redis) so the counters are shared too. A
cache that is down lets join attempts through (and logs it) rather than
locking everyone out.
Behind a proxy, run Daphne with --proxy-headers so the address is the
client's, not the proxy's.
"""

import logging
import unicodedata
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum

log = logging.getLogger(__name__)

JOIN_FAILURES_ALLOWED = settings.JOIN_FAILURES_ALLOWED
JOIN_FAILURE_WINDOW = settings.JOIN_FAILURE_WINDOW  # seconds


def client_ip(request_or_scope_or_ip) -> str:
    """The client address of an HttpRequest, an ASGI scope (dict) or an address string."""
    source = request_or_scope_or_ip
    if isinstance(source, str):
        return source
    if isinstance(source, dict):  # ASGI scope: ("host", port) or None
        client = source.get("client")
        return client[0] if client else "unknown"
    if source is None:
        return "unknown"
    return source.META.get("REMOTE_ADDR") or "unknown"


def _failures(key: str) -> int:
    """Failures counted under `key` in the current window; 0 if the cache is down."""
    try:
        return cache.get(key, 0)
    except Exception:  # a shared cache that is down must not lock everyone out
        log.warning("throttle: cache unavailable; letting %s through", key, exc_info=True)
        return 0


def _count_failure(key: str, window: int) -> int:
    """One more failure under `key`; the window starts at the first. Returns the count."""
    try:
        if cache.add(key, 1, timeout=window):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window)
            return 1
    except Exception:
        log.warning("throttle: cache unavailable; %s not counted", key, exc_info=True)
        return 0


def _forget(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:
        log.warning("throttle: cache unavailable; %s not reset", key, exc_info=True)


# Join codes ---------------------------------------------------------------


def _join_key(source) -> str:
    return f"join-failures:{client_ip(source)}"


def check_join_attempt(request_or_scope_or_ip) -> bool:
    """True if this client may try a join code now; False while it is throttled."""
    return _failures(_join_key(request_or_scope_or_ip)) < JOIN_FAILURES_ALLOWED


def record_failed_join(request_or_scope_or_ip) -> int:
    """Count one join with an unknown code; returns the failures in the current window."""
    return _count_failure(_join_key(request_or_scope_or_ip), JOIN_FAILURE_WINDOW)


def reset_join_failures(request_or_scope_or_ip) -> None:
    _forget(_join_key(request_or_scope_or_ip))


# Facilitator logins -------------------------------------------------------
#
# Counted and stored by django-axes (settings AXES_*): one AccessAttempt row per
# username, address and browser, kept in the database for the window after its
# last failure, and a log line (logger "axes") for each failure and lockout. Only
# what axes cannot say is here: a limit of its own for each lockout parameter,
# the folded username, and the window read from the settings at call time.


def login_window() -> int:
    """Seconds a login failure counts (read at call time: tests and admins may change it)."""
    return settings.LOGIN_FAILURE_WINDOW


def login_cool_off(request=None) -> timedelta:
    """AXES_COOLOFF_TIME."""
    return timedelta(seconds=login_window())


def login_failure_limit(request=None, credentials=None) -> int:
    """AXES_FAILURE_LIMIT: the username's; the address's is scaled to it (LoginAttempts)."""
    return settings.LOGIN_FAILURES_PER_USERNAME


def login_username(request, credentials=None) -> str:
    """AXES_USERNAME_CALLABLE: the count's key for what was typed as username."""
    if credentials is not None:
        username = credentials.get("username")
    else:
        username = request.POST.get("username") if request is not None else None
    return login_key(username)


def login_key(typed: str | None) -> str:
    """One count per account, however it is named: "Alice", "alice" and alice's e-mail
    address share one (login accepts all three: workshop/accounts.py); a name of no
    account counts under its folded self, so unknown names are locked alike."""
    from workshop.accounts import find_account

    account = find_account(typed or "", active_only=False)
    return fold_username(account.get_username() if account else typed)


def fold_username(username: str | None) -> str:
    return unicodedata.normalize("NFKC", username or "").casefold()


class LoginAttempts(AxesDatabaseHandler):
    """django-axes' database handler with a limit for each lockout parameter.

    Axes compares every parameter's count with one AXES_FAILURE_LIMIT; here a
    username may fail LOGIN_FAILURES_PER_USERNAME times and an address, whatever
    usernames it tries, LOGIN_FAILURES_PER_ADDRESS times. The address's count is
    scaled so it reaches the one limit exactly at its own:
    floor(n * per_username / per_address) >= per_username  <=>  n >= per_address.
    """

    def get_failures(self, request, credentials=None) -> int:
        by_username, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        per_username = settings.LOGIN_FAILURES_PER_USERNAME
        per_address = settings.LOGIN_FAILURES_PER_ADDRESS
        return max(by_username, by_address * per_username // per_address)


def login_allowed(request, username: str) -> bool:
    """False while the username or the address is locked out."""
    return AxesProxyHandler.is_allowed(request, {"username": username})


def forget_failed_logins(username: str) -> None:
    """After a good password: the account's own typos no longer count. Other usernames'
    failures from the same address still do, or logging in to one's own account would
    reset a guesser's count."""
    axes_reset(username=login_key(username))
