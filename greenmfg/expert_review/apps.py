from django.apps import AppConfig


class ExpertReviewConfig(AppConfig):
    name = "greenmfg.expert_review"
    label = "expert_review"
    verbose_name = "专家评审"

    def ready(self) -> None:
        from greenmfg.core import inbox
        from greenmfg.expert_review import labels, selectors

        labels.register()
        inbox.register_provider("expert_review", selectors.inbox_items, order=30)
