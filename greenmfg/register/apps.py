from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save

from greenmfg.core.pagecache import register_changed
from greenmfg.register.search import ensure_sqlite_index, ensure_sqlite_search_rows


def _ensure_search_index(sender, using="default", **kwargs) -> None:
    """SQLite: a migration that rebuilds register_listing drops the triggers that keep
    the FTS5 search tables and the narrow search table in sync; re-create them
    (greenmfg/register/search.py)."""
    ensure_sqlite_index(using)
    ensure_sqlite_search_rows(using)


class RegisterConfig(AppConfig):
    """The public register; connects the search-index repair after ``migrate`` and the
    page cache's invalidation on every saved or deleted list and listing."""

    name = "greenmfg.register"
    label = "register"
    verbose_name = "公开名录"

    def ready(self) -> None:
        post_migrate.connect(_ensure_search_index, sender=self)
        # cached public register pages (greenmfg/core/pagecache.py)
        for model in ("Listing", "GreenList"):
            sender = self.get_model(model)
            post_save.connect(register_changed, sender=sender, dispatch_uid=f"page-{model}-save")
            post_delete.connect(register_changed, sender=sender, dispatch_uid=f"page-{model}-del")
