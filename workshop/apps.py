from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopConfig(AppConfig):
    name = "workshop"
    verbose_name = _("Workshop")

    def ready(self) -> None:
        # Connects the logout signal: a facilitator's live sockets end with their login.
        from workshop.live import publish  # noqa: F401
