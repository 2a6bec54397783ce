from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "fracos.billing"
    label = "billing"
