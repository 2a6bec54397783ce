from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "fracos.practice"
    label = "practice"
