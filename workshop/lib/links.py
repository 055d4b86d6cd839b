from django.conf import settings
from django.urls import reverse

FALLBACK_BASE = "http://localhost:8000"


def absolute(path: str, request=None) -> str:
    """An address phones can open: PUBLIC_URL when set, else the request's host."""
    if settings.PUBLIC_URL:
        return settings.PUBLIC_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return FALLBACK_BASE + path


def join_url(session, request=None) -> str:
    """What the QR code encodes: /j/<CODE>/ on this server."""
    return absolute(reverse("join", args=[session.join_code]), request)
