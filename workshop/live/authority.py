"""Who may run a session's projector and control page, asked of the database.

Asked when a socket connects, when one of its commands is applied (under the
commit's lock), when it asks for a snapshot, and when publish.py says a
facilitator lost a session or logged out. A login is the Django session the
socket's cookie named: logging out deletes it, so its sockets lose the
session even when the account still runs it elsewhere.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.utils.crypto import constant_time_compare

from workshop.models import Session


def login_of(scope) -> str:
    """The Django session key a socket was opened with ("" without one)."""
    session = scope.get("session")
    return (session.session_key if session is not None else None) or ""


def facilitates(session_id: int, user_id: int | None, login: str) -> bool:
    """Whether this login of this account runs the session now.

    The login must still exist and belong to the account (not logged out,
    not expired, password not changed since), the account must be active,
    and it must facilitate the session (superusers run every session).
    """
    if not user_id or not login:
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=login)
    if store.get(SESSION_KEY) != str(user_id):
        return False
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not constant_time_compare(
        store.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash()
    ):
        return False
    return Session(pk=session_id).is_facilitator(user)
