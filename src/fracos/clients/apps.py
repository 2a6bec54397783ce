from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "fracos.clients"
    label = "clients"
