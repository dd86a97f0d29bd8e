"""The orphan-file sweeper: files in the upload store that no row points to — left by a crash between writing an
uploaded file and committing its row — are deleted once older than a grace period. A file any FileField of any
model names is never deleted; the reference is checked again just before each deletion."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

from yiwang.audit.services import record

from .. import conf

log = logging.getLogger(__name__)
CHUNK = 500


@dataclass
class SweepReport:
    scanned: int = 0
    referenced: int = 0
    young: int = 0
    deleted: list[str] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict:
        return {"scanned": self.scanned, "referenced": self.referenced, "young": self.young,
                "deleted": len(self.deleted), "dry_run": self.dry_run}


def file_fields() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) that stores a file name."""
    return [(m, f.name) for m in apps.get_models() for f in m._meta.get_fields()
            if isinstance(f, models.FileField) and not f.many_to_many]


def walk(storage, prefix: str):
    """Every file name under `prefix` (works for the file system and for S3-compatible storage)."""
    try:
        dirs, files = storage.listdir(prefix)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{prefix.rstrip('/')}/{name}"
    for d in dirs:
        yield from walk(storage, f"{prefix.rstrip('/')}/{d}/")


def referenced(names: list[str], fields=None) -> set[str]:
    out: set[str] = set()
    for model, name in fields or file_fields():
        out.update(model._base_manager.filter(**{f"{name}__in": names}).values_list(name, flat=True))
    return out


def _chunks(it, size):
    batch = []
    for x in it:
        batch.append(x)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def sweep_orphans(*, grace_minutes: int | None = None, dry_run: bool = False, storage=None) -> SweepReport:
    storage = storage or default_storage
    grace = timedelta(minutes=conf.orphan_grace_minutes() if grace_minutes is None else grace_minutes)
    cutoff = timezone.now() - grace
    fields = file_fields()
    report = SweepReport(dry_run=dry_run)
    for prefix in conf.orphan_sweep_prefixes():
        for names in _chunks(walk(storage, prefix), CHUNK):
            report.scanned += len(names)
            live = referenced(names, fields)
            report.referenced += len(live)
            for name in names:
                if name in live:
                    continue
                try:
                    modified = storage.get_modified_time(name)
                except (FileNotFoundError, NotImplementedError):
                    continue
                if modified > cutoff:
                    report.young += 1
                    continue
                if referenced([name], fields):  # a row committed since the batch was checked
                    report.referenced += 1
                    continue
                report.deleted.append(name)
                if not dry_run:
                    storage.delete(name)
    if report.deleted and not dry_run:
        with transaction.atomic():
            record(actor=None, action="cases.files.sweep", target=None,
                   data={"deleted": report.deleted[:1000], "count": len(report.deleted),
                         "grace_minutes": int(grace.total_seconds() // 60)})
    if report.deleted:
        log.warning("orphan sweep %s %d unreferenced file(s): %s", "found" if dry_run else "deleted",
                    len(report.deleted), ", ".join(report.deleted[:20]))
    return report
