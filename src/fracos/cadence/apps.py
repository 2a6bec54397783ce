from django.apps import AppConfig


class CadenceConfig(AppConfig):
    name = "fracos.cadence"
    label = "cadence"
