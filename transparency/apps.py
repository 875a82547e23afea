from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "transparency"
    verbose_name = _("Public pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Publishing a report freezes the public figures of its period (`snapshot_take`).
        from transparency.services import connect

        connect()
