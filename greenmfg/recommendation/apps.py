from django.apps import AppConfig


class RecommendationConfig(AppConfig):
    name = "greenmfg.recommendation"
    label = "recommendation"
    verbose_name = "推荐、征求意见与名额"

    def ready(self) -> None:
        # connects the receivers of selection's signals (rewards at publication)
        from greenmfg.recommendation import receivers  # noqa: F401, PLC0415 - AppConfig.ready(): the receivers import models, which load only once the app registry is ready
