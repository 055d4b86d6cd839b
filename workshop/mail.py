"""Mail kept as files when no mail server is set (for trying out; docs/deploy.md sets SMTP).

Invitations and reset mails carry a link that sets an account's password, so the
files are the app user's alone (folder 0700, files 0600), and a file is removed
once no link in it works any more: used (the password was set) or expired
(PASSWORD_RESET_TIMEOUT). `prune_stored_mail` runs when a password is chosen and
daily (`manage.py retention`).
"""

import os
import re
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail.backends import filebased
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

# The set-password link of an invitation or reset mail (workshop/urls.py).
LINK = re.compile(rb"/accounts/reset/([A-Za-z0-9_\-]+)/([0-9a-z]+-[0-9a-f]+)/")


class PrivateFileBackend(filebased.EmailBackend):
    """Django's file backend, readable by the app's user only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        os.chmod(self.file_path, 0o700)

    def open(self):
        if self.stream is not None:
            return False
        fd = os.open(self._get_filename(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self.stream = os.fdopen(fd, "ab")
        return True


def link_works(uidb64: str, token: str) -> bool:
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        user = get_user_model().objects.filter(pk=pk).first()
    except (ValueError, TypeError, OverflowError):
        return False
    return user is not None and default_token_generator.check_token(user, token)


def still_needed(path: Path, now: float) -> bool:
    """A mail with a working link is kept; one without a link until the links' lifetime."""
    links = LINK.findall(path.read_bytes())
    if links:
        return any(link_works(uid.decode(), token.decode()) for uid, token in links)
    return now - path.stat().st_mtime < settings.PASSWORD_RESET_TIMEOUT


def prune_stored_mail(now: float | None = None) -> int:
    """Remove stored mails whose links were used or have expired; returns how many."""
    folder = Path(settings.EMAIL_FILE_PATH)
    if not folder.is_dir():
        return 0
    now = time.time() if now is None else now
    removed = 0
    for path in folder.glob("*.log"):
        if not still_needed(path, now):
            path.unlink(missing_ok=True)
            removed += 1
    return removed
