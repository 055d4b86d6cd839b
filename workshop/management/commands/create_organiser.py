"""`manage.py create_organiser USERNAME EMAIL`: the first organiser of a new server.

Makes the account (no password yet), puts it in the Organisers group, mails the
link to choose a password and prints it too, for a server without mail.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from workshop import accounts


class Command(BaseCommand):
    help = "Create an organiser account and print (and mail) the link to choose its password."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("email")
        parser.add_argument(
            "--url", default="", help="Address of this server (default: PUBLIC_URL)"
        )

    def handle(self, *args, username, email, url, **options):
        users = get_user_model().objects
        username, email = username.strip(), users.normalize_email(email.strip())
        if users.filter(username__iexact=username).exists():
            raise CommandError(f"The username {username!r} is taken.")
        if users.filter(email__iexact=email).exists():
            raise CommandError(f"An account with the e-mail address {email!r} exists.")
        try:
            _, link = accounts.invite(username, email, organiser=True, base_url=url)
        except accounts.MailFailed as exc:
            raise CommandError(
                f"The invitation mail could not be sent ({exc}), so no account was made. "
                "Check the EMAIL_* settings (docs/deploy.md) and run this again."
            ) from exc
        self.stdout.write(
            f"Organiser {username} created. The link to choose a password was mailed to {email};\n"
            f"it works once, for a few days:\n\n  {link}\n"
        )
