from django.apps import AppConfig


class RecommendationConfig(AppConfig):
    name = "greenmfg.recommendation"
    label = "recommendation"
    verbose_name = "推荐、征求意见与名额"

    def ready(self) -> None:
        from greenmfg.core import inbox
        from greenmfg.recommendation import labels, selectors

        labels.register()
        inbox.register_provider("recommendation", selectors.inbox_items, order=40)
