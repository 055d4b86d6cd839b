from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopConfig(AppConfig):
    name = "workshop"
    verbose_name = _("Workshop")

    def ready(self) -> None:
        # Connects the logout signal: a facilitator's live sockets end with their login.
        # The Organisers group, once the permissions exist (workshop/accounts.py).
        from django.db.models.signals import post_migrate

        from workshop.accounts import organisers_group
        from workshop.live import publish  # noqa: F401

        post_migrate.connect(lambda **kwargs: organisers_group(), sender=self, weak=False)

        from django.core import checks

        checks.register(demo_login_check)


def demo_login_check(app_configs=None, **kwargs):
    """`manage.py check` (and migrate) fail in production while the demo login works."""
    from django.core.checks import Error
    from django.core.exceptions import ImproperlyConfigured

    from workshop.demo import refuse_demo_account_in_production

    try:
        refuse_demo_account_in_production()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="workshop.E001")]
    return []
