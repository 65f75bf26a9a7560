from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project's wiring, above every app: settings, root URLs, the Celery app, the home page and
    navigation, the demo data and the periodic-task setup. No app imports `config`."""

    name = "config"
    verbose_name = "Configuratie"
