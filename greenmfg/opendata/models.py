"""Open-data snapshots (开放数据快照): the register and every published list as files,
frozen as they stood on a day (greenmfg/opendata/snapshots.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel


class SnapshotKind(models.TextChoices):
    YEAR_END = "year_end", _("年末快照")
    PUBLICATION = "publication", _("名单公布快照")
    REQUESTED = "requested", _("指定日期快照")


class Snapshot(PublicIdModel):
    """The register and the published lists as they stood at the end of ``as_of``
    (one snapshot per day; written once, never rewritten)."""

    as_of = models.DateField(_("数据截至日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=12, choices=SnapshotKind.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["-as_of"]
        verbose_name = _("开放数据快照")
        verbose_name_plural = _("开放数据快照")

    def __str__(self) -> str:
        return f"{self.as_of:%Y-%m-%d} · {self.get_kind_display()}"


class DataFormat(models.TextChoices):
    CSV = "csv", "CSV"
    JSON = "json", "JSON"
    XLSX = "xlsx", "XLSX"


class DatasetFile(models.Model):
    """One dataset of a snapshot in one format, stored (``default_storage``), with its
    metadata: title, publisher, licence, issued, modified, row count, SHA-256.
    ``dataset`` is ``register`` (the whole register), ``list-<uuid>`` (one published
    list) or ``changes`` (added, removed and renamed listings since the previous
    snapshot). A dataset whose rows did not change since the previous snapshot shares
    its stored file (same SHA-256, same ``modified``)."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="files")
    dataset = models.CharField(_("数据集"), max_length=60)
    format = models.CharField(_("格式"), max_length=8, choices=DataFormat.choices)
    title = models.CharField(_("标题"), max_length=300)
    publisher = models.CharField(_("发布者"), max_length=200)
    licence = models.CharField(_("许可"), max_length=200)
    issued = models.DateField(_("首次发布日期"))
    modified = models.DateField(_("最近修改日期"))
    row_count = models.PositiveIntegerField(_("行数"))
    content_sha256 = models.CharField(_("内容 SHA-256"), max_length=64)
    sha256 = models.CharField(_("文件 SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    file = models.CharField(_("存储文件"), max_length=300)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["snapshot", "dataset", "format"]
        verbose_name = _("开放数据文件")
        verbose_name_plural = _("开放数据文件")
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "dataset", "format"], name="dataset_file_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.snapshot.as_of:%Y-%m-%d}/{self.dataset}.{self.format}"
