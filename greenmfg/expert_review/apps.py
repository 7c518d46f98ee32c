from django.apps import AppConfig


class ExpertReviewConfig(AppConfig):
    name = "greenmfg.expert_review"
    label = "expert_review"
    verbose_name = "专家评审"
