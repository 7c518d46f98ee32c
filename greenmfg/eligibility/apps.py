from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    """Eligibility: credit records, fraud findings, the disqualifying conditions and the
    imports of credit records, used by every lifecycle app (LAYOUT.md layer 2). Its
    models keep the ``supervision`` app label (greenmfg/eligibility/models.py)."""

    name = "greenmfg.eligibility"
    label = "eligibility"
    verbose_name = "申报资格"
