"""Join-code guessing throttle: a per-address counter of failed joins in Django's cache.

A join code is the only key to a session, so guessing must be slow. Every
attempt to join with a code that does not exist counts against the client's
address; after `JOIN_FAILURES_ALLOWED` failures in `JOIN_FAILURE_WINDOW`
seconds, that address may not join anything (not even a real code, or the
answer would still tell codes apart) until the window has passed. Successful
joins and reconnects with a valid code cost nothing, so a venue full of phones
behind one NAT address is only affected by its own typos.

Used by the phone websocket (workshop/consumers.py) and the join-by-code page.
The cache is per process in the embedded profile; with several processes,
configure a shared cache (Redis) so the counter is shared too. Behind a proxy,
run Daphne with --proxy-headers so the address is the client's, not the proxy's.
"""

import logging

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)

JOIN_FAILURES_ALLOWED = getattr(settings, "JOIN_FAILURES_ALLOWED", 20)
JOIN_FAILURE_WINDOW = getattr(settings, "JOIN_FAILURE_WINDOW", 600)  # seconds


def client_ip(request_or_scope_or_ip) -> str:
    """The client address of an HttpRequest, an ASGI scope (dict) or an address string."""
    source = request_or_scope_or_ip
    if isinstance(source, str):
        return source
    if isinstance(source, dict):  # ASGI scope: ("host", port) or None
        client = source.get("client")
        return client[0] if client else "unknown"
    return source.META.get("REMOTE_ADDR") or "unknown"


def _key(ip: str) -> str:
    return f"join-failures:{ip}"


def check_join_attempt(request_or_scope_or_ip) -> bool:
    """True if this client may try a join code now; False while it is throttled."""
    try:
        failures = cache.get(_key(client_ip(request_or_scope_or_ip)), 0)
    except Exception:  # a shared cache that is down must not keep the room out
        log.warning("join throttle: cache unavailable; letting the join through", exc_info=True)
        return True
    return failures < JOIN_FAILURES_ALLOWED


def record_failed_join(request_or_scope_or_ip) -> int:
    """Count one join with an unknown code; returns the failures in the current window."""
    key = _key(client_ip(request_or_scope_or_ip))
    try:
        if cache.add(key, 1, timeout=JOIN_FAILURE_WINDOW):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=JOIN_FAILURE_WINDOW)
            return 1
    except Exception:
        log.warning("join throttle: cache unavailable; failure not counted", exc_info=True)
        return 0


def reset_join_failures(request_or_scope_or_ip) -> None:
    cache.delete(_key(client_ip(request_or_scope_or_ip)))
