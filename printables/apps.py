from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrintablesConfig(AppConfig):
    name = "printables"
    verbose_name = _("Printables")

    def material_list(self):
        """The materials the control page links to (workshop asks every app for this,
        so it never imports printables)."""
        from printables.materials import MATERIALS

        return MATERIALS
