"""Facilitator accounts the Django way: organisers invite, facilitators set their own password.

- An organiser is a member of the "Organisers" group (migration 0008), which
  holds `auth.add_user` (invite), `auth.view_user`/`auth.change_user` and
  `workshop.look_after_library` (change every library card and deck).
- An invitation is an account with an unusable password and a mail with a link
  to Django's set-password page (the password-reset machinery: one-time token,
  void once the password is set).
- Usernames and e-mail addresses match case-insensitively: logging in (by
  either), adding a co-host, resetting a forgotten password.
"""

import logging
from contextlib import nullcontext

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy

log = logging.getLogger(__name__)

ORGANISERS = "Organisers"
LIBRARY_PERMISSION = "workshop.look_after_library"
INVITE_PERMISSION = "auth.add_user"


def find_account(name: str, active_only: bool = True):
    """The account whose username, or else e-mail address, is `name` in any capitalisation.

    An exact username wins; a name that fits several accounts fits none.
    """
    users = get_user_model().objects.all()
    if active_only:
        users = users.filter(is_active=True)
    name = (name or "").strip()
    if not name:
        return None
    exact = users.filter(username=name).first()
    if exact is not None:
        return exact
    for lookup in ({"username__iexact": name}, {"email__iexact": name}):
        found = list(users.filter(**lookup)[:2])
        if len(found) == 1:
            return found[0]
        if found:
            return None
    return None


class CaseInsensitiveModelBackend(ModelBackend):
    """Django's ModelBackend, finding the account with find_account()."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = find_account(username, active_only=False)
        if user is None:
            get_user_model()().set_password(password)  # as slow as a real check (timing)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def is_organiser(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(INVITE_PERMISSION))


ORGANISER_PERMISSIONS = [
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "view_user"),
    ("workshop", "look_after_library"),
]


def organisers_group(**kwargs) -> Group:
    """The Organisers group with its permissions (made after migrate, or on first use)."""
    group, _ = Group.objects.get_or_create(name=ORGANISERS)
    wanted = [
        Permission.objects.filter(content_type__app_label=app, codename=codename).first()
        for app, codename in ORGANISER_PERMISSIONS
    ]
    group.permissions.add(*[permission for permission in wanted if permission is not None])
    return group


def make_organiser(user) -> None:
    """Organisers also use the Django admin (accounts, lockouts), so they are staff."""
    user.groups.add(organisers_group())
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def set_password_url(user, base_url: str) -> str:
    """The one-time link to Django's set-password page for `user`."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def base_url_of(request=None) -> str:
    if settings.PUBLIC_URL:
        return settings.PUBLIC_URL
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return "http://localhost:8000"


class MailFailed(Exception):
    """The invitation could not be sent (mail server, or the mail folder)."""


MAIL_FAILED = gettext_lazy(
    "The invitation could not be sent. Try again later, or ask whoever looks after the "
    "server to check the mail settings."
)


def send_invitation(user, invited_by=None, request=None, base_url: str = "") -> str:
    """Mail `user` the link to choose a password; returns the link (or raises MailFailed)."""
    link = set_password_url(user, base_url or base_url_of(request))
    context = {
        "user": user,
        "link": link,
        "invited_by": invited_by.get_username() if invited_by else "",
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    with translation.override(settings.LANGUAGE_CODE) if request is None else nullcontext():
        subject = render_to_string("registration/invite_subject.txt", context).strip()
        body = render_to_string("registration/invite_email.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except (OSError, ImproperlyConfigured) as exc:  # SMTP errors are OSErrors
        log.warning("invitation for %s not sent: %s", user.get_username(), exc)
        raise MailFailed(str(exc)) from exc
    return link


def invite(
    username: str,
    email: str,
    organiser: bool = False,
    invited_by=None,
    request=None,
    base_url: str = "",
):
    """A new account without a password, and the mail with its link: both or neither.

    Returns (account, link). A mail that cannot be sent (MailFailed) undoes the
    account, so a second try with the same name works.
    """  # fmt: skip
    with transaction.atomic():
        person = get_user_model().objects.create_user(username, email=email)
        if organiser:
            make_organiser(person)
        return person, send_invitation(person, invited_by, request, base_url)


def mail_is_set_up() -> bool:
    return bool(settings.EMAIL_HOST)


class PlainHelpMixin:
    """The page above the form says the rules in plain words (and as "je"): Django's
    formal help texts under the password fields would say them twice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("new_password1", "new_password2"):
            self.fields[name].help_text = ""


class ChoosePasswordForm(PlainHelpMixin, SetPasswordForm):
    def save(self, commit=True):
        from workshop.mail import prune_stored_mail

        user = super().save(commit)
        if commit:  # the link is used: its stored mail goes (workshop/mail.py)
            prune_stored_mail()
        return user


class ChangePasswordForm(PlainHelpMixin, PasswordChangeForm):
    pass
