"""The public register: published green lists (绿色制造名单) and their listings."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel
from greenmfg.core.vocabulary import Level, ListType
from greenmfg.register.search import listing_search_text


class ListSource(models.TextChoices):
    PLATFORM = "platform", _("本平台公布")
    MIIT_2017_2021 = "miit_green_lists_2017_2021", _("工业和信息化部历史名单（2017–2021）")
    IMPORTED = "imported", _("导入的已公布名单")


class GreenList(PublicIdModel):
    """绿色制造名单: one published list of one jurisdiction, level and year (all list
    types of that round), e.g. 2026年度广州市绿色制造名单 or MIIT's 第一批绿色制造名单."""

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="green_lists",
        verbose_name=_("发布辖区"),
    )
    level = models.CharField(_("层级"), max_length=12, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    batch = models.CharField(_("批次"), max_length=40, blank=True)
    title = models.CharField(_("名称"), max_length=200)
    document_no = models.CharField(_("文号"), max_length=120, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    campaign = models.OneToOneField(
        "selection.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="green_list",
    )
    source = models.CharField(
        _("来源"), max_length=40, choices=ListSource.choices, default=ListSource.PLATFORM
    )
    source_key = models.CharField(_("来源键"), max_length=60, blank=True)

    class Meta:
        ordering = ["-year", "level", "title"]
        verbose_name = _("绿色制造名单")
        verbose_name_plural = _("绿色制造名单")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_key"],
                condition=~Q(source_key=""),
                name="green_list_source_key_unique",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ListingStatus(models.TextChoices):
    """Whether a listing is still on its list. A change of name, scope, address or
    boundary (000 第二十三条) is not a status: the listing stays active and records the
    day in ``changed_on`` (and former names in ``details``)."""

    ACTIVE = "active", _("有效")
    REMOVED = "removed", _("已移出")


#: the listing's moves (register.services): removed from its list by the publishing
#: authority (000 第二十一条; 004 第十六条); a removal is final (a unit comes back only
#: through a new application)
LISTING_TRANSITIONS: dict[str, set[str]] = {
    ListingStatus.ACTIVE: {ListingStatus.REMOVED},
    ListingStatus.REMOVED: set(),
}


class Listing(PublicIdModel):
    """One unit (or, for design products, one product) on a published list.

    For imported historical lists the unit may be unknown to the platform: then
    ``unit`` is empty and ``unit_name``/``region_text`` keep what the source says;
    fields the source lacks stay empty (unknown), never invented.
    """

    green_list = models.ForeignKey(GreenList, on_delete=models.PROTECT, related_name="listings")
    unit = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="listings",
    )
    application = models.OneToOneField(
        "selection.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="listing",
    )
    unit_name = models.CharField(_("单位名称"), max_length=200, blank=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    list_type = models.CharField(_("名单类型"), max_length=20, choices=ListType.choices)
    level = models.CharField(_("层级"), max_length=12, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    batch = models.CharField(_("批次"), max_length=40, blank=True)
    region = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="listings",
        verbose_name=_("地区"),
    )
    region_text = models.CharField(_("地区（来源写法）"), max_length=40, blank=True)
    star = models.PositiveSmallIntegerField(_("星级"), null=True, blank=True)
    grade = models.CharField(_("等级"), max_length=1, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ListingStatus.choices, default=ListingStatus.ACTIVE
    )
    agency_name = models.CharField(_("第三方评价机构"), max_length=200, blank=True)
    #: the agency record behind ``agency_name`` once an official confirmed it
    #: (greenmfg.agencies.history): caps and distrust then count this listing
    agency = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agency_listings",
        verbose_name=_("评价机构（主体）"),
    )
    industry_text = models.CharField(_("行业"), max_length=100, blank=True)
    product_name = models.CharField(_("产品名称"), max_length=300, blank=True)
    product_model = models.CharField(_("产品型号"), max_length=300, blank=True)
    product_category = models.CharField(_("产品种类"), max_length=200, blank=True)
    details = models.JSONField(_("其他信息"), default=dict, blank=True)
    listed_on = models.DateField(_("列入日期"), null=True, blank=True)
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    changed_on = models.DateField(_("变更日期"), null=True, blank=True)
    source = models.CharField(
        _("来源"), max_length=40, choices=ListSource.choices, default=ListSource.PLATFORM
    )
    source_key = models.CharField(_("来源键"), max_length=60, blank=True)
    #: jieba words of the unit, product and agency names (greenmfg/register/search.py)
    search_text = models.TextField(_("检索词"), blank=True, default="", editable=False)

    class Meta:
        ordering = ["-year", "unit_name"]
        verbose_name = _("名单条目")
        verbose_name_plural = _("名单条目")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_key"],
                condition=~Q(source_key=""),
                name="listing_source_key_unique",
            )
        ]
        indexes = [
            models.Index(fields=["level", "list_type", "year"]),
            models.Index(fields=["unit_name"]),
            # the public register's order (search_listings): a page without a sort
            models.Index(
                F("year").desc(),
                "level",
                "list_type",
                "unit_name",
                "id",
                name="listing_register_order",
            ),
        ]

    def __str__(self) -> str:
        name = self.unit_name or "—"
        return f"{name} · {self.product_name}" if self.product_name else name

    def save(self, *args, **kwargs):
        """Keep the search words (``search_text``) of a row saved one at a time (bulk
        paths set it themselves; ``greenmfg reindex-search`` repairs the rest)."""
        self.search_text = listing_search_text(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.region.path if self.region_id else ""


#: a listing's star only rises (004 第三条: listed at the provincial level → 2 stars, at
#: the national level → 3 stars); moved by :func:`greenmfg.register.services.listing_star_raise`
LISTING_STAR_RISES: dict[int | None, set[int]] = {
    None: {1, 2, 3},
    1: {2, 3},
    2: {3},
    3: set(),
}


class DocumentFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"


class DocumentState(models.TextChoices):
    PENDING = "pending", _("正在生成")
    READY = "ready", _("已生成")
    FAILED = "failed", _("生成失败")


class ListDocument(models.Model):
    """A published list's announcement (PDF) or table (XLSX), rendered once by a
    background job and stored (``default_storage``), for one **content version** of the
    list: the SHA-256 of what the document shows (greenmfg/register/documents.py). A
    change to the list's listings gives a new version, so a stored document is never
    served for content it does not show. Downloads serve the stored file; nothing is
    rendered in a web request."""

    green_list = models.ForeignKey(
        GreenList, on_delete=models.CASCADE, related_name="documents", verbose_name=_("名单")
    )
    format = models.CharField(_("格式"), max_length=8, choices=DocumentFormat.choices)
    content_version = models.CharField(_("内容版本"), max_length=64)
    state = models.CharField(
        _("状态"), max_length=10, choices=DocumentState.choices, default=DocumentState.PENDING
    )
    file = models.CharField(_("存储文件"), max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    requested_at = models.DateTimeField(_("请求时间"))
    rendered_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("名单文件")
        verbose_name_plural = _("名单文件")
        constraints = [
            models.UniqueConstraint(
                fields=["green_list", "format", "content_version"],
                name="list_document_one_per_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.green_list} · {self.format} · {self.get_state_display()}"


# --- list imports (greenmfg/register/imports/, docs/data-imports.md) ----------------------


class ListImportState(models.TextChoices):
    """Where one run of a list import stands. A dry run ends ``previewed``; a real run
    ends ``done`` (all rows written or reported), ``failed`` (errors: nothing written)."""

    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("导入中")
    PREVIEWED = "previewed", _("已预览（未写入）")
    DONE = "done", _("已导入")
    FAILED = "failed", _("失败（未写入）")


class ListImport(PublicIdModel):
    """One run of a published list's import (``greenmfg import-list`` or the officials'
    page): who ran it, what list (level, jurisdiction, type, year, batch), the file's
    SHA-256, the counts and the row report (JSON, one entry per row with its number)."""

    created_by = models.ForeignKey(
        "parties.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="list_imports",
        verbose_name=_("操作人"),
    )
    level = models.CharField(_("层级"), max_length=12, choices=Level.choices)
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="list_imports",
        verbose_name=_("发布辖区"),
    )
    list_type = models.CharField(_("名单类型"), max_length=20, choices=ListType.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    batch = models.CharField(_("批次"), max_length=40, blank=True)
    title = models.CharField(_("名称"), max_length=200, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    source_url = models.URLField(_("来源网址"), max_length=500, blank=True)
    file_name = models.CharField(_("文件名"), max_length=255)
    file_sha256 = models.CharField(_("文件 SHA-256"), max_length=64)
    #: the uploaded file in ``default_storage`` (page runs; the background job reads it)
    stored_file = models.CharField(_("存储文件"), max_length=300, blank=True)
    dry_run = models.BooleanField(_("试运行"), default=False)
    state = models.CharField(
        _("状态"), max_length=10, choices=ListImportState.choices, default=ListImportState.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    rows_done = models.PositiveIntegerField(_("已处理行数"), default=0)
    counts = models.JSONField(_("计数"), default=dict, blank=True)
    report = models.JSONField(_("逐行报告"), default=dict, blank=True)
    green_list = models.ForeignKey(
        GreenList,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
        verbose_name=_("名单"),
    )
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    error = models.TextField(_("错误"), blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("名单导入")
        verbose_name_plural = _("名单导入")

    def __str__(self) -> str:
        return f"{self.title or self.file_name} · {self.get_state_display()}"


class AdjustmentKind(models.TextChoices):
    """The two kinds of dynamic-adjustment notice (动态调整) of a publishing authority."""

    REMOVAL = "removal", _("移出名单")
    RENAME = "rename", _("更名名单")


class AdjustmentNotice(PublicIdModel):
    """One dynamic-adjustment notice applied to the register (e.g. MIIT's 关于公布绿色制造
    名单动态调整情况的通知): its number (文号), date, issuing authority and address, the
    SHA-256 of the imported file and the row report of its last run
    (greenmfg/register/adjustments.py)."""

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="adjustment_notices",
        verbose_name=_("发布辖区"),
    )
    kind = models.CharField(_("调整类型"), max_length=10, choices=AdjustmentKind.choices)
    notice_no = models.CharField(_("文号"), max_length=120)
    notice_date = models.DateField(_("发文日期"))
    title = models.CharField(_("标题"), max_length=200, blank=True)
    url = models.URLField(_("网址"), max_length=500, blank=True)
    file_sha256 = models.CharField(_("文件 SHA-256"), max_length=64, blank=True)
    report = models.JSONField(_("处理结果"), default=dict, blank=True)
    applied_by = models.ForeignKey(
        "parties.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )

    class Meta:
        ordering = ["-notice_date", "notice_no"]
        verbose_name = _("动态调整通知")
        verbose_name_plural = _("动态调整通知")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "kind", "notice_no"], name="adjustment_notice_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.notice_no} · {self.get_kind_display()}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.jurisdiction.path


class LinkState(models.TextChoices):
    """A link between a listing (of a list published outside the platform) and the
    organisation it names (greenmfg/register/links.py)."""

    PROPOSED = "proposed", _("平台建议，待确认")
    CLAIMED = "claimed", _("企业已认领，待确认")
    LINKED = "linked", _("已关联")
    REFUSED = "refused", _("已驳回")
    UNLINKED = "unlinked", _("已解除关联")

    @classmethod
    def open_states(cls) -> tuple[str, ...]:
        """States that still hold a listing for one organisation."""
        return (cls.PROPOSED, cls.CLAIMED, cls.LINKED)

    @classmethod
    def pending_states(cls) -> tuple[str, ...]:
        """States an official decides."""
        return (cls.PROPOSED, cls.CLAIMED)


#: the link's moves (greenmfg.register.links): a proposal is claimed by the enterprise
#: or decided by the official; a claim is confirmed or refused; a link may be undone
LINK_TRANSITIONS: dict[str, set[str]] = {
    LinkState.PROPOSED: {LinkState.CLAIMED, LinkState.LINKED, LinkState.REFUSED},
    LinkState.CLAIMED: {LinkState.LINKED, LinkState.REFUSED},
    LinkState.LINKED: {LinkState.UNLINKED},
    LinkState.REFUSED: set(),
    LinkState.UNLINKED: set(),
}


class LinkMethod(models.TextChoices):
    USCC = "uscc", _("统一社会信用代码一致")
    NAME = "name", _("名称一致（规范化后）")
    CLAIM = "claim", _("企业认领")


class ListingLink(PublicIdModel):
    """认领／关联: the organisation a listing of an imported list names. Linked by the
    platform when certain (one unified social credit code, or one organisation of that
    normalised name within the listing's region); proposed when ambiguous; claimed by
    an enterprise; confirmed or refused by the unit's district or city official. While
    ``linked``, ``listing.unit`` is the organisation."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="links")
    organisation = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        related_name="listing_links",
        verbose_name=_("单位"),
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=LinkState.choices, default=LinkState.PROPOSED
    )
    method = models.CharField(_("依据"), max_length=8, choices=LinkMethod.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    decided_on = models.DateField(_("确认日期"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("名单条目关联")
        verbose_name_plural = _("名单条目关联")
        constraints = [
            models.UniqueConstraint(
                fields=["listing"],
                condition=Q(state="linked"),
                name="listing_link_one_linked_per_listing",
            ),
            models.UniqueConstraint(
                fields=["listing", "organisation"],
                condition=Q(state__in=["proposed", "claimed", "linked"]),
                name="listing_link_one_open_per_listing_organisation",
            ),
        ]
        indexes = [models.Index(fields=["state", "organisation"])]

    def __str__(self) -> str:
        return f"{self.listing} → {self.organisation}"

    @property
    def unit(self):
        """The organisation (scoping and the ``rules`` predicates read ``obj.unit``)."""
        return self.organisation

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.organisation.registered_division.path


class ListingName(models.Model):
    """One name a listing carried, and when (名称历史): ``valid_from`` (empty: since it was
    listed) up to, not including, ``valid_until`` (empty: still its name), and the
    notice that gave it (empty for a change accepted on the platform). Written by
    :func:`greenmfg.register.services.listing_rename`; read by ``as_of``."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("名称"), max_length=200)
    valid_from = models.DateField(_("起始日期"), null=True, blank=True)
    valid_until = models.DateField(_("截止日期"), null=True, blank=True)
    notice = models.ForeignKey(
        AdjustmentNotice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="names",
        verbose_name=_("依据通知"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["listing", "valid_from", "id"]
        verbose_name = _("名称历史")
        verbose_name_plural = _("名称历史")
        indexes = [models.Index(fields=["listing", "valid_until"])]

    def __str__(self) -> str:
        return self.name
