from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "fracos.pipeline"
    label = "pipeline"
