from django.apps import AppConfig


class RecommendationConfig(AppConfig):
    name = "greenmfg.recommendation"
    label = "recommendation"
    verbose_name = "推荐、征求意见与名额"
