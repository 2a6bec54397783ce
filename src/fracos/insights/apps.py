from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "fracos.insights"
    label = "insights"

    def ready(self) -> None:
        from fracos.insights import freshness

        # Every connection, in every process (web, API, CLI, run-due), reports its writes.
        freshness.install()
