from django.apps import AppConfig


class TimesheetsConfig(AppConfig):
    name = "fracos.timesheets"
    label = "timesheets"
