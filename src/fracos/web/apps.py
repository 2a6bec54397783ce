from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "fracos.web"
    label = "web"
