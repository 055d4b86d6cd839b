"""`manage.py retention`: the daily clean-up (deploy/assenkruis-retention.timer).

Closed sessions past RETENTION_DAYS lose their participant data (workshop/retention.py),
and stored mails whose links were used or expired go (workshop/mail.py).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from workshop import retention
from workshop.mail import prune_stored_mail


class Command(BaseCommand):
    help = "Remove participant data of sessions closed longer than RETENTION_DAYS, and old mail."

    def handle(self, *args, **options):
        sessions = retention.run()
        mails = prune_stored_mail()
        if settings.RETENTION_DAYS <= 0:
            policy = "RETENTION_DAYS is 0: sessions keep their participant data"
        else:
            policy = f"after {settings.RETENTION_DAYS} days, keeping {settings.RETENTION_KEEP}"
        self.stdout.write(
            f"Participant data removed from {sessions} closed session(s) ({policy}); "
            f"{mails} used or expired stored mail(s) removed."
        )
