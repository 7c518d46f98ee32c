from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search_index(sender, using="default", **kwargs) -> None:
    """SQLite: a migration that rebuilds register_listing drops the triggers that keep
    the FTS5 search tables in sync; re-create them (greenmfg/register/search.py)."""
    from greenmfg.register.search import ensure_sqlite_index

    ensure_sqlite_index(using)


class RegisterConfig(AppConfig):
    name = "greenmfg.register"
    label = "register"
    verbose_name = "公开名录"

    def ready(self) -> None:
        post_migrate.connect(_ensure_search_index, sender=self)
