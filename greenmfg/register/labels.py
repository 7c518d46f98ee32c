"""Labels of the register's audit actions and listing states (imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels
from greenmfg.register.models import LinkState, ListImportState, ListingStatus

labels.register_states("register.listing", ListingStatus)
labels.register_states("register.listimport", ListImportState)
labels.register_actions(
    {
        "listing.star_raise": _("星级提升"),
        "listing.remove": _("移出名单"),
        "listing.rename": _("名称变更"),
        "listing.change": _("变更"),
        "listing.import_create": _("导入名单条目"),
        "listing.import_update": _("导入更新名单条目"),
        "listing.heading_delete": _("删除误导入的分类标题行"),
        "list_import.upload": _("上传名单文件"),
        "list_import.preview": _("名单导入试运行"),
        "list_import.fail": _("名单导入失败（未写入）"),
        "list_import.run": _("导入名单"),
        "list_import.national": _("导入国家级历史名单"),
        "list_import.resolve": _("处理导入冲突"),
        "adjustment.apply": _("应用动态调整通知"),
    }
)
#: the listing's star, the other "state" its events move (listing.star_raise; 004 第三条)
labels.register_states("register.listing", {"1": _("1星"), "2": _("2星"), "3": _("3星")})

# links of listings to their organisations (greenmfg/register/links.py)
labels.register_states("register.listinglink", LinkState)
labels.register_actions(
    {
        "listing_link.run": _("名单条目批量关联"),
        "listing_link.claim": _("企业认领名单条目"),
        "listing_link.confirm": _("确认名单条目关联"),
        "listing_link.refuse": _("驳回名单条目关联"),
        "listing_link.unlink": _("解除名单条目关联"),
    }
)
