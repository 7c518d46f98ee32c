"""Labels of the kernel's own actions and of the shared words (review steps, decisions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels
from greenmfg.core.vocabulary import ReviewDecision, ReviewStep


def register() -> None:
    """Called from :class:`greenmfg.audit.apps.AuditConfig.ready`."""
    labels.register_words(dict(ReviewStep.choices))
    labels.register_words(dict(ReviewDecision.choices))
    labels.register_words(
        {
            "create": _("创建"),
            "submit": _("提交"),
            "open": _("启动"),
            "close": _("结束"),
        }
    )
    labels.register_actions(
        {
            "audit.export": _("导出审计记录"),
            "audit.head_publish": _("公布审计链头"),
            "database.backup": _("数据库备份"),
            "database.restore": _("数据库恢复"),
        }
    )
