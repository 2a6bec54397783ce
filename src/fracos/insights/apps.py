from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "fracos.insights"
    label = "insights"
