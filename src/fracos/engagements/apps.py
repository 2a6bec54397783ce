from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "fracos.engagements"
    label = "engagements"
