"""Runs of a list import: who may import what, building the rows of one file, running
it (dry or real) and resolving its conflicts. Used by ``greenmfg import-list``, the
officials' page (greenmfg/register/import_views.py) and its background job
(``list_import``, greenmfg/register/tasks.py).

Who may import (issue 13 item 1): national officials national lists (jurisdiction
全国), provincial officials the provincial lists of their own province, city officials
the municipal lists of their own city; nobody else (the command runs as the system).

Keys. A list imported here is a :class:`GreenList` with ``source = imported`` and the
key ``<jurisdiction code>-<year>-<batch hash>``; its listings are keyed within it by
list type and 序号 (factories, parks, supply-chain enterprises, when the file has a
numeric 序号) or by a hash of the normalised unit name (and, for design products, the
product's name and model).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import lock
from greenmfg.core.decisions import NotPermitted, Reason, RuleViolation, TransitionConflict
from greenmfg.core.vocabulary import Level, ListType, Role
from greenmfg.jobs.tasks import job_submit
from greenmfg.jurisdictions.models import Jurisdiction, JurisdictionLevel
from greenmfg.parties.uscc import validate_uscc
from greenmfg.register.documents import documents_queue_missing
from greenmfg.register.imports.engine import (
    ImportRow,
    ListTarget,
    Plan,
    RowReport,
    name_key,
    norm_name,
    plan_rows,
    touched_lists,
    write_plan,
)
from greenmfg.register.imports.reading import (
    DETAIL_FIELDS,
    NUMBER,
    FileUnreadable,
    parse_file,
)
from greenmfg.register.imports.regions import RegionMatcher, normalise_region
from greenmfg.register.models import ListImport, ListImportState, Listing, ListSource
from greenmfg.register.search import listing_search_text

SOURCE = ListSource.IMPORTED
logger = logging.getLogger(__name__)

#: the jurisdiction level each list level belongs to
LEVEL_JURISDICTION = {
    Level.NATIONAL: JurisdictionLevel.NATIONAL,
    Level.PROVINCIAL: JurisdictionLevel.PROVINCE,
    Level.MUNICIPAL: JurisdictionLevel.CITY,
}
#: the official role that imports each level
LEVEL_ROLE = {
    Level.NATIONAL: Role.NATIONAL,
    Level.PROVINCIAL: Role.PROVINCE,
    Level.MUNICIPAL: Role.CITY,
}
TYPE_CODES = {
    ListType.FACTORY: "F",
    ListType.PARK: "P",
    ListType.SUPPLY_CHAIN: "S",
    ListType.DESIGN_PRODUCT: "D",
}
MAX_LENGTHS = {
    name: Listing._meta.get_field(field_name).max_length
    for name, field_name in {
        "unit_name": "unit_name",
        "region": "region_text",
        "agency": "agency_name",
        "industry": "industry_text",
        "product_name": "product_name",
        "product_model": "product_model",
        "product_category": "product_category",
        "grade": "grade",
    }.items()
}
SKIP_REASONS = {
    "title": "表头之上的标题行",
    "blank": "空行",
    "header": "重复的表头行",
    "heading": "分类标题行，不是名单条目",
}


@dataclass(frozen=True)
class ImportSpec:
    """What list a file is: level, publishing jurisdiction, type, year, batch, title,
    publication date and source address."""

    level: str
    jurisdiction: Jurisdiction
    list_type: str
    year: int
    batch: str = ""
    title: str = ""
    published_on: dt.date | None = None
    source_url: str = ""

    @property
    def list_key(self) -> str:
        batch = hashlib.sha1(self.batch.encode("utf-8")).hexdigest()[:8] if self.batch else "-"
        return f"{self.jurisdiction.code}-{self.year}-{batch}"

    @property
    def list_title(self) -> str:
        if self.title:
            return self.title
        name = "国家级" if self.level == Level.NATIONAL else self.jurisdiction.name
        return f"{self.year}年度{self.batch}{name}绿色制造名单"


# --- who may import ---------------------------------------------------------------------


def may_import(actor, level: str, jurisdiction: Jurisdiction | None = None) -> bool:
    """Whether ``actor`` may import a list of ``level`` published by ``jurisdiction``
    (default: the actor's own): the official of that level and jurisdiction only."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if actor.role != LEVEL_ROLE.get(level) or not actor.authority_id:
        return False
    own = actor.authority.jurisdiction
    return jurisdiction is None or own.pk == jurisdiction.pk


def require_import(actor, spec: ImportSpec) -> None:
    """Raise :class:`NotPermitted` unless ``actor`` (None = the system: the command) may
    import ``spec``'s list, and :class:`RuleViolation` if its level and jurisdiction do
    not fit (a provincial list is published by a province …)."""
    if spec.jurisdiction.level != LEVEL_JURISDICTION[spec.level]:
        raise RuleViolation(
            [
                Reason(
                    "list_import.level_jurisdiction",
                    _("名单层级与发布辖区不符：{level}名单应由{expected}发布"),
                    params={
                        "level": Level(spec.level).label,
                        "expected": JurisdictionLevel(LEVEL_JURISDICTION[spec.level]).label,
                    },
                )
            ]
        )
    if actor is not None and not may_import(actor, spec.level, spec.jurisdiction):
        raise NotPermitted(_("只能导入本级本辖区公布的名单"))


def imports_for(actor):
    """The runs ``actor`` may see: those of its own seat's jurisdiction and level."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.authority_id:
        return ListImport.objects.none()
    level = next((lv for lv, role in LEVEL_ROLE.items() if role == actor.role), None)
    if level is None:
        return ListImport.objects.none()
    return ListImport.objects.filter(
        jurisdiction_id=actor.authority.jurisdiction_id, level=level
    ).select_related("jurisdiction", "created_by", "green_list")


# --- building the rows ------------------------------------------------------------------


@dataclass
class Built:
    """A file turned into the engine's input: the list target, the rows, the rows
    already reported (title/heading/blank rows skipped, rows in error) and the file's
    header problems (each an error; nothing is written)."""

    target: ListTarget
    rows: list[ImportRow] = field(default_factory=list)
    reported: list[RowReport] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    total_rows: int = 0


def build(path: Path, spec: ImportSpec) -> Built:
    """Read ``path`` as a list of ``spec`` and validate every row (no writes).

    Errors, each with its row number: a header it cannot map (naming the column), a
    required column missing, an empty unit (or, for design products, product) name, a
    region outside the jurisdiction or unknown, a malformed unified social credit code,
    a star other than 1–3, a cell too long. Raises :class:`FileUnreadable`.
    """
    target = ListTarget(
        key=spec.list_key,
        source=SOURCE,
        level=spec.level,
        jurisdiction=spec.jurisdiction,
        year=spec.year,
        batch=spec.batch,
        title=spec.list_title,
        published_on=spec.published_on,
    )
    parsed = parse_file(Path(path), spec.list_type)
    out = Built(target=target, problems=list(parsed.problems))
    out.total_rows = len(parsed.rows)
    for number, message in parsed.problems:
        out.reported.append(RowReport(number, "error", code="header", reason=message))
    for title in parsed.titles:
        out.reported.append(
            RowReport(title.number, "skipped", code="title", reason=_skip(title.kind, title.text))
        )
    if parsed.problems:
        return out
    national = spec.level == Level.NATIONAL
    matcher = RegionMatcher(None if national else spec.jurisdiction)
    type_code = TYPE_CODES[spec.list_type]
    use_seq = spec.list_type != ListType.DESIGN_PRODUCT and "seq" in parsed.fields
    for prow in parsed.rows:
        if prow.kind != "data":
            out.reported.append(
                RowReport(
                    prow.number, "skipped", code=prow.kind, reason=_skip(prow.kind, prow.text)
                )
            )
            continue
        v = prow.values
        problems: list[str] = []
        name = v.get("unit_name", "")
        if not name:
            problems.append("单位名称为空")
        if spec.list_type == ListType.DESIGN_PRODUCT and not v.get("product_name"):
            problems.append("绿色设计产品名单的产品名称为空")
        for key, limit in MAX_LENGTHS.items():
            if limit and len(v.get(key, "")) > limit:
                problems.append(f"“{key}”超过 {limit} 个字符")
        uscc = v.get("uscc", "").upper()
        if uscc:
            why = validate_uscc(uscc)
            if why:
                problems.append(f"统一社会信用代码 {uscc}：{why}")
        star = None
        if v.get("star"):
            text = v["star"].rstrip("星").strip()
            if text in {"1", "2", "3", "一", "二", "三"}:
                star = {"一": 1, "二": 2, "三": 3}.get(text) or int(text)
            else:
                problems.append(f"星级“{v['star']}”不是 1–3")
        region_text = normalise_region(v.get("region"))
        region = None
        if region_text:
            region = matcher.match(region_text)
            if region is None:
                where = "全国" if national else spec.jurisdiction.full_name
                problems.append(f"地区“{region_text}”不是{where}内可识别的行政区划")
        elif not national:
            region = spec.jurisdiction
        seq = v.get("seq", "")
        if use_seq and seq and NUMBER.match(seq):
            ident = str(int(float(seq)))
        else:
            parts = [name]
            if spec.list_type == ListType.DESIGN_PRODUCT:
                parts += [v.get("product_name", ""), v.get("product_model", "")]
            ident = name_key(*parts)
        if problems:
            out.reported.append(
                RowReport(
                    prow.number,
                    "error",
                    code="invalid",
                    reason="；".join(problems),
                    unit_name=name,
                )
            )
            continue
        details = {k: v[k] for k in DETAIL_FIELDS if v.get(k)}
        if seq:
            details["source_seq"] = seq
        if v.get("batch"):
            details["source_batch"] = v["batch"]
        out.rows.append(
            ImportRow(
                number=prow.number,
                target=target.key,
                list_type=spec.list_type,
                source_key=f"{target.key}-{type_code}-{ident}",
                unit_name=name,
                uscc=uscc,
                region=region,
                region_text=region_text,
                agency_name=v.get("agency", ""),
                industry_text=v.get("industry", ""),
                product_name=v.get("product_name", ""),
                product_model=v.get("product_model", ""),
                product_category=v.get("product_category", ""),
                details=details,
                star=star,
                grade=v.get("grade", ""),
            )
        )
    return out


def _skip(kind: str, text: str) -> str:
    reason = SKIP_REASONS.get(kind, kind)
    return f"{reason}（{text[:60]}）" if text else reason


def sha256_of(path: Path) -> str:
    """The SHA-256 (hex) of a file."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- running ----------------------------------------------------------------------------


@dataclass
class RunResult:
    """A run's outcome: the plan, the report (JSON-ready), the run record (None for a
    command run that wrote nothing) and whether it was written."""

    plan: Plan
    report: dict[str, Any]
    run: ListImport | None = None
    written: bool = False

    @property
    def failed(self) -> bool:
        return self.plan.has_errors


def import_list(
    path: Path,
    spec: ImportSpec,
    *,
    actor=None,
    dry_run: bool = False,
    resolutions: dict[int, str] | None = None,
    run: ListImport | None = None,
    file_name: str = "",
    progress=None,
) -> RunResult:
    """Import one published list file (issue 13 item 1).

    In: the file (.csv/.xlsx), what list it is (:class:`ImportSpec`), the actor (None =
    the system), ``dry_run``, conflict ``resolutions`` {row: skip/keep/take}, the run
    record of a page run (``run``; a command run makes one when it writes), the
    original file name and ``progress(done, total)``.
    Out: a :class:`RunResult`. Nothing is written by a dry run or when any row is in
    error (a page run's record then says ``previewed``/``failed`` with the report);
    otherwise the listings, the run record and the audit events (``list_import.run``
    with the file's SHA-256 and the counts; one per listing created or changed) are
    written in one transaction.
    Raises :class:`NotPermitted`/:class:`RuleViolation` (who may import what) and
    :class:`FileUnreadable`.
    """
    require_import(actor, spec)
    sha = sha256_of(path)
    built = build(path, spec)
    plan = plan_rows(
        source=SOURCE,
        targets={built.target.key: built.target},
        rows=built.rows,
        reported=built.reported,
        resolutions=resolutions,
        progress=progress,
    )
    report = plan.report()
    report["file_sha256"] = sha
    conflicting = {x.row for x in plan.rows if x.outcome == "conflict"}
    report["pending"] = {
        str(r.number): _row_values(r) for r in built.rows if r.number in conflicting
    }
    counts = {k: v for k, v in report.items() if isinstance(v, int)}
    if dry_run or plan.has_errors:
        if run is not None:
            _finish(
                run,
                ListImportState.PREVIEWED if not plan.has_errors else ListImportState.FAILED,
                counts,
                report,
                sha,
            )
            record_event(
                actor=actor,
                action="list_import.preview" if not plan.has_errors else "list_import.fail",
                obj=run,
                to_state=run.state,
                payload={"file_sha256": sha, **counts},
            )
        return RunResult(plan, report, run, written=False)
    with transaction.atomic():
        if run is None:
            run = ListImport.objects.create(
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                level=spec.level,
                jurisdiction=spec.jurisdiction,
                list_type=spec.list_type,
                year=spec.year,
                batch=spec.batch,
                title=spec.list_title,
                published_on=spec.published_on,
                source_url=spec.source_url,
                file_name=file_name or Path(path).name,
                file_sha256=sha,
                state=ListImportState.RUNNING,
            )
        lists = write_plan(
            plan, targets={built.target.key: built.target}, actor=actor, run_uuid=str(run.uuid)
        )
        run.green_list = lists[built.target.key]
        _finish(run, ListImportState.DONE, counts, report, sha)
        record_event(
            actor=actor,
            action="list_import.run",
            obj=run,
            to_state=ListImportState.DONE,
            payload={"file_sha256": sha, "green_list": str(run.green_list.uuid), **counts},
        )
    try:  # the lists' PDF and XLSX: secondary, never a reason to call the import failed
        documents_queue_missing(touched_lists(plan, lists))
    except Exception:  # logged; `greenmfg render-list-documents` renders what is missing
        logger.exception("list import %s: queueing the list documents failed", run.uuid)
    return RunResult(plan, report, run, written=True)


def _row_values(row: ImportRow) -> dict[str, Any]:
    """What a conflicting row would write (kept in the report for its resolution)."""
    return {
        **{k: v for k, v in row.file_values().items() if k != "region_id"},
        "region": row.region.pk if row.region else None,
        "uscc": row.uscc,
        "source_key": row.source_key,
    }


def _finish(run: ListImport, state: str, counts: dict, report: dict, sha: str) -> None:
    run.state = state
    run.counts = counts
    run.report = report
    run.file_sha256 = sha
    run.rows_done = run.rows_total = len(report["rows"])
    run.finished_at = timezone.now()
    run.save()


def run_record(
    *, actor, spec: ImportSpec, file_name: str, stored_file: str, sha: str, dry_run: bool
) -> ListImport:
    """The record of a page run, queued (checked: who may import what)."""
    require_import(actor, spec)
    run = ListImport.objects.create(
        created_by=actor,
        level=spec.level,
        jurisdiction=spec.jurisdiction,
        list_type=spec.list_type,
        year=spec.year,
        batch=spec.batch,
        title=spec.list_title,
        published_on=spec.published_on,
        source_url=spec.source_url,
        file_name=file_name,
        file_sha256=sha,
        stored_file=stored_file,
        dry_run=dry_run,
    )
    record_event(
        actor=actor,
        action="list_import.upload",
        obj=run,
        to_state=ListImportState.QUEUED,
        payload={"file_sha256": sha, "file": file_name, "dry_run": dry_run},
    )
    return run


def spec_of(run: ListImport) -> ImportSpec:
    """The :class:`ImportSpec` a run record describes."""
    return ImportSpec(
        level=run.level,
        jurisdiction=run.jurisdiction,
        list_type=run.list_type,
        year=run.year,
        batch=run.batch,
        title=run.title,
        published_on=run.published_on,
        source_url=run.source_url,
    )


# --- conflicts --------------------------------------------------------------------------


def conflict_resolve(*, actor, run: ListImport, row: int, choice: str) -> ListImport:
    """Resolve the conflict of ``row`` of a written run: ``skip`` (the row stays out),
    ``keep`` (the existing listing stays as it is) or ``take`` (the row is applied to the
    existing listing: refused when that listing is linked to an organisation whose
    unified social credit code differs from the row's, i.e. another unit).

    In: the official who may import this list, the run, the row number, the choice.
    Out: the run, its report marking the row resolved. Audit: ``list_import.resolve``
    (and ``listing.import_update`` for ``take``). Raises :class:`NotPermitted`,
    :class:`RuleViolation` (not a pending conflict; another unit) and
    :class:`TransitionConflict` (the listing changed since).
    """
    if choice not in ("skip", "keep", "take"):
        raise ValueError(choice)
    with transaction.atomic():
        run = lock(run)
        require_import(actor, spec_of(run))
        entry = next(
            (
                r
                for r in run.report.get("rows", [])
                if r["row"] == row and r["outcome"] == "conflict"
            ),
            None,
        )
        values = run.report.get("pending", {}).get(str(row))
        if (
            run.state != ListImportState.DONE
            or entry is None
            or entry.get("resolution")
            or not values
        ):
            raise RuleViolation([Reason("list_import.no_conflict", _("该行没有待处理的冲突"))])
        changed: list[str] = []
        if choice == "take":
            listing = lock(Listing, uuid=entry["existing"]["listing"])
            unit_uscc = listing.unit.uscc if listing.unit_id else ""
            if values["uscc"] and unit_uscc and unit_uscc != values["uscc"]:
                raise RuleViolation(
                    [
                        Reason(
                            "list_import.other_unit",
                            _("已有条目已关联另一单位（统一社会信用代码不同），不能采用本行"),
                        )
                    ]
                )
            updates = {
                k: values[k]
                for k in (
                    "unit_name",
                    "region_text",
                    "agency_name",
                    "industry_text",
                    "product_name",
                    "product_model",
                    "product_category",
                    "details",
                    "star",
                    "grade",
                )
                if getattr(listing, k) != values[k]
            }
            if listing.region_id != values["region"]:
                updates["region_id"] = values["region"]
            if values["uscc"] and not listing.uscc:
                updates["uscc"] = values["uscc"]
            changed = sorted(k.removesuffix("_id") for k in updates)
            if updates:
                for k, v in updates.items():
                    setattr(listing, k, v)
                updates["search_text"] = listing_search_text(listing)
                updates["updated_at"] = timezone.now()
                rows = Listing.objects.filter(pk=listing.pk, version=listing.version).update(
                    version=F("version") + 1, **updates
                )
                if rows != 1:
                    raise TransitionConflict("listing changed since it was read")
                record_event(
                    actor=actor,
                    action="listing.import_update",
                    obj=listing,
                    payload={"import": str(run.uuid), "row": row, "fields": changed},
                )
        entry["resolution"] = choice
        if changed:
            entry["fields"] = changed
        ListImport.objects.filter(pk=run.pk).update(report=run.report, updated_at=timezone.now())
        record_event(
            actor=actor,
            action="list_import.resolve",
            obj=run,
            payload={"row": row, "choice": choice, "fields": changed},
        )
    return run


def same_unit_name(a: str, b: str) -> bool:
    """Whether two unit names are the same once normalised (for the page's hints)."""
    return norm_name(a) == norm_name(b)


__all__ = [
    "FileUnreadable",
    "ImportSpec",
    "RunResult",
    "build",
    "conflict_resolve",
    "import_list",
    "imports_for",
    "may_import",
    "require_import",
    "run_record",
    "spec_of",
    "execute_run",
    "run_from_preview",
    "run_submit",
]


# --- the page's background job ----------------------------------------------------------


def execute_run(run_uuid: str, *, resolutions: dict | None = None) -> ListImport:
    """Run a queued page run (the ``list_import`` job): its stored file, as its
    uploader, dry or real as recorded; progress is written on the record every 1,000
    rows (outside the import's transaction, so the page's progress bar sees it).
    Out: the record, ``previewed``/``done``/``failed``. An exception marks it failed
    (nothing written) and is re-raised for the job's record."""
    run = ListImport.objects.select_related("jurisdiction", "created_by").get(uuid=run_uuid)
    claimed = ListImport.objects.filter(pk=run.pk, state=ListImportState.QUEUED).update(
        state=ListImportState.RUNNING, updated_at=timezone.now()
    )
    if not claimed:
        return run
    run.state = ListImportState.RUNNING

    def progress(done: int, total: int) -> None:
        ListImport.objects.filter(pk=run.pk).update(rows_done=done, rows_total=total)

    suffix = Path(run.stored_file).suffix
    try:
        with tempfile.TemporaryDirectory() as tmp:
            local = Path(tmp) / f"upload{suffix}"
            with default_storage.open(run.stored_file, "rb") as src:
                local.write_bytes(src.read())
            import_list(
                local,
                spec_of(run),
                actor=run.created_by,
                dry_run=run.dry_run,
                resolutions={int(k): v for k, v in (resolutions or {}).items()},
                run=run,
                file_name=run.file_name,
                progress=progress,
            )
    except Exception as exc:  # recorded on the run; the job records it too
        ListImport.objects.filter(pk=run.pk, state=ListImportState.RUNNING).update(
            state=ListImportState.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    run.refresh_from_db()
    return run


def run_submit(*, actor, run: ListImport, resolutions: dict | None = None) -> ListImport:
    """Queue the background job of a recorded run (``list_import``)."""
    job = job_submit(
        actor=actor,
        kind="list_import",
        params={"import": str(run.uuid), "resolutions": dict(resolutions or {})},
    )
    ListImport.objects.filter(pk=run.pk).update(job=job)
    run.job = job
    return run


def run_from_preview(*, actor, preview: ListImport, resolutions: dict[int, str]) -> ListImport:
    """The real run of a previewed file (the same stored file and list), with the
    official's conflict resolutions; queued. Refuses (RuleViolation) a preview that
    failed or was not a dry run."""
    require_import(actor, spec_of(preview))
    if preview.state != ListImportState.PREVIEWED or not preview.dry_run:
        raise RuleViolation(
            [Reason("list_import.not_previewed", _("只有试运行成功的导入才能正式导入"))]
        )
    clean = {int(k): v for k, v in resolutions.items() if v in ("skip", "keep", "take")}
    with transaction.atomic():
        run = run_record(
            actor=actor,
            spec=spec_of(preview),
            file_name=preview.file_name,
            stored_file=preview.stored_file,
            sha=preview.file_sha256,
            dry_run=False,
        )
        run_submit(actor=actor, run=run, resolutions={str(k): v for k, v in clean.items()})
    return run
