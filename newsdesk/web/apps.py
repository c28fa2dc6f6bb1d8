from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class WebConfig(AppConfig):
    name = "newsdesk.web"
    label = "web"
    verbose_name = "The read side: pages, exports, feeds and the API"

    def ready(self):
        # The app registry is ready only now.
        from entities.models import Country  # noqa: PLC0415
        from newsdesk.web.queries.countries import forget_countries  # noqa: PLC0415

        # The kept country table holds ids, which filters use directly: a country saved or
        # deleted (or every table flushed, which a migration signal follows) drops it.
        post_save.connect(forget_countries, sender=Country, dispatch_uid="web-countries-saved")
        post_delete.connect(forget_countries, sender=Country, dispatch_uid="web-countries-gone")
        post_migrate.connect(forget_countries, dispatch_uid="web-countries-migrated")
