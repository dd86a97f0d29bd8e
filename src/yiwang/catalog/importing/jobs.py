"""Catalogue imports as background jobs (huey): upload → dry run (nothing written) → confirm → import → report.

At most one job checks or imports at a time: `ImportJob.running` carries a unique partial index, so a second
upload while one runs is told so (Conflict, HTTP 409), never a 500 — also when the database is busy with the
running import (SQLite's single writer). Progress is kept in huey's own key-value store (not the database the
import holds in one transaction), so the page can show it while the import writes.
"""
from __future__ import annotations

import datetime as dt
import io
import logging

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.services import record

from ..models import ImportJob
from ..permissions import NotAllowed, can_manage, manageable_departments
from . import planner, writer

log = logging.getLogger(__name__)
State = ImportJob.State
MAX_BYTES = 20 * 1024 * 1024


def stale_after() -> dt.timedelta:
    """A job checking or importing for longer than this is taken as dead (its worker stopped):
    YIWANG_CATALOG_IMPORT_STALE_MINUTES, default 30."""
    return dt.timedelta(minutes=int(getattr(settings, "YIWANG_CATALOG_IMPORT_STALE_MINUTES", 30)))


def _huey():
    from huey.contrib.djhuey import HUEY

    return HUEY


def set_progress(job_id: int, done: int, total: int, phase: str) -> None:
    try:
        _huey().put(f"catalog-import-{job_id}", {"done": done, "total": total, "phase": phase})
    except Exception:  # noqa: BLE001 - progress is a courtesy; never fail an import over it
        log.warning("could not store import progress", exc_info=True)


def progress(job: ImportJob) -> dict:
    """{"done", "total", "phase", "percent"} of a running job (from huey's store), or of a finished one."""
    if job.state in (State.DONE, State.FAILED, State.CHECKED, State.CANCELLED):
        return {"done": 1, "total": 1, "phase": job.state, "percent": 100}
    try:
        p = _huey().get(f"catalog-import-{job.pk}", peek=True) or {}
    except Exception:  # noqa: BLE001
        p = {}
    total = p.get("total") or 0
    done = min(p.get("done") or 0, total)
    return {"done": done, "total": total, "phase": p.get("phase", "queued"),
            "percent": int(100 * done / total) if total else 0}


def running_job() -> ImportJob | None:
    return ImportJob.objects.filter(running=True).select_related("created_by").first()


def _busy(job: ImportJob | None) -> Conflict:
    if job is None:
        return Conflict("另一个导入正在写入数据，请稍后再试", code="import_running")
    who = job.created_by.display_name or job.created_by.username if job.created_by else "系统"
    started = timezone.localtime(job.created_at).strftime("%H:%M")
    return Conflict(f"已有一个导入正在进行（{who}于{started}上传的“{job.filename}”，{job.get_state_display()}），"
                    f"请等它完成后再导入", code="import_running", extra={"job": job.pk})


def _clear_stale() -> None:
    cutoff = timezone.now() - stale_after()
    for job in ImportJob.objects.filter(running=True, created_at__lt=cutoff, confirmed_at__isnull=True) | \
            ImportJob.objects.filter(running=True, confirmed_at__lt=cutoff):
        with transaction.atomic():
            ImportJob.objects.filter(pk=job.pk).update(running=None, state=State.FAILED,
                                                       message="导入超时未完成（后台任务已停止），未写入任何数据")
            record(actor=None, action="catalog.import.stale", target=job, data={"state": job.state})


def _enqueue(task, job_id: int, inline: bool) -> None:
    if not inline:
        transaction.on_commit(lambda: task(job_id))


def start(*, fileobj, filename: str, actor, effective_date: dt.date | None = None,
          create_departments: bool = False, inline: bool = False) -> ImportJob:
    """Upload a file: a job that first runs a dry run (nothing is written until `confirm`). With `inline` (the
    command) nothing is queued: the caller runs `check` and `run` itself, under the same one-at-a-time rule."""
    from .. import tasks

    if actor is not None and not manageable_departments(actor).exists():  # None: the operator's command
        raise NotAllowed("只有事项管理员可以导入事项")
    content = fileobj.read()
    if not content:
        raise DomainError("请选择要导入的 Excel 文件", field="file")
    if len(content) > MAX_BYTES:
        raise DomainError("文件超过20MB，请分批导入", field="file")
    if not str(filename or "").lower().endswith((".xlsx", ".xlsm")):
        raise DomainError("请上传 Excel（.xlsx）文件，可先下载导入模板", field="file")
    try:
        _clear_stale()
        busy = running_job()
        if busy is not None:
            raise _busy(busy)
        with transaction.atomic():
            job = ImportJob.objects.create(filename=str(filename)[:200], content=content, created_by=actor,
                                           effective_date=effective_date or timezone.localdate(),
                                           create_departments=bool(create_departments))
            record(actor=actor, action="catalog.import.upload", target=job,
                   after={"filename": job.filename, "bytes": len(content), "create_departments": job.create_departments,
                          "effective_date": job.effective_date.isoformat()})
            _enqueue(tasks.catalog_import_check, job.pk, inline)
    except IntegrityError:
        raise _busy(running_job()) from None
    except OperationalError:  # SQLite: the running import holds the write lock
        raise _busy(running_job()) from None
    return job


def _actor(job):
    return job.created_by


def check(job_id: int) -> ImportJob:
    """The dry run (huey task): plan the import and keep the report; writes nothing to the catalogue."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.state != State.CHECKING:
        return job
    try:
        p = planner.plan(io.BytesIO(bytes(job.content)), actor=_actor(job), effective_date=job.effective_date,
                         create_departments=job.create_departments,
                         progress=lambda d, t, ph: set_progress(job.pk, d, t, ph))
        report, state, message = p.report(), State.CHECKED, ""
        report["written"] = False
        if not p.ok:
            message = f"检查发现{len(p.errors)}处错误，请修改文件后重新上传"
    except Exception as exc:  # noqa: BLE001 - any failure is reported on the job, never lost
        log.exception("catalogue import check failed")
        report, state, message = {}, State.FAILED, f"检查失败：{exc}"
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(state=state, running=None, report=report, message=message,
                                                   finished_at=timezone.now() if state == State.FAILED else None)
        job.refresh_from_db()
        record(actor=None, action="catalog.import.check", target=job, data=report.get("counts", {}))
    return job


def confirm(job: ImportJob, *, actor, inline: bool = False) -> ImportJob:
    """Start the import of a checked job (after the dry run showed no errors)."""
    from .. import tasks

    if actor is not None and actor != job.created_by and not can_manage(actor, None):
        raise NotAllowed("只能确认本人上传的导入（系统管理员除外）")
    try:
        _clear_stale()
        with transaction.atomic():
            fresh = ImportJob.objects.select_for_update().get(pk=job.pk)
            if fresh.state != State.CHECKED:
                raise Conflict(f"该导入当前为“{fresh.get_state_display()}”，不能确认")
            if not fresh.report.get("ok"):
                raise Conflict("检查发现错误，不能导入；请修改文件后重新上传")
            busy = ImportJob.objects.filter(running=True).exclude(pk=job.pk).first()
            if busy is not None:
                raise _busy(busy)
            fresh.state, fresh.running, fresh.confirmed_at = State.IMPORTING, True, timezone.now()
            fresh.save(update_fields=["state", "running", "confirmed_at"])
            record(actor=actor, action="catalog.import.confirm", target=fresh, data=fresh.report.get("counts"))
            _enqueue(tasks.catalog_import_run, fresh.pk, inline)
    except IntegrityError:
        raise _busy(running_job()) from None
    except OperationalError:
        raise _busy(running_job()) from None
    return fresh


def cancel(job: ImportJob, *, actor) -> ImportJob:
    with transaction.atomic():
        fresh = ImportJob.objects.select_for_update().get(pk=job.pk)
        if fresh.state != State.CHECKED:
            raise Conflict(f"该导入当前为“{fresh.get_state_display()}”，不能放弃")
        fresh.state, fresh.finished_at = State.CANCELLED, timezone.now()
        fresh.save(update_fields=["state", "finished_at"])
        record(actor=actor, action="catalog.import.cancel", target=fresh)
    return fresh


def run(job_id: int) -> ImportJob:
    """The import (huey task): plan again against the catalogue as it is now, then write it all or nothing."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.state != State.IMPORTING:
        return job

    def checking(d, t, ph):  # the first half of the bar: checking again; the second: writing
        set_progress(job.pk, d, 2 * max(t, 1), "check")

    def writing(d, t, ph):
        set_progress(job.pk, max(t, 1) + d, 2 * max(t, 1), ph)

    try:
        p = planner.plan(io.BytesIO(bytes(job.content)), actor=_actor(job), effective_date=job.effective_date,
                         create_departments=job.create_departments, progress=checking)
        if not p.ok:
            report, state = {**p.report(), "written": False}, State.FAILED
            message = f"目录在确认前已变化，重新检查发现{len(p.errors)}处错误，未写入任何数据"
        else:
            report = writer.apply(p, actor=_actor(job), progress=writing)
            state = State.DONE
            c = report["counts"]
            message = f"已导入：新增{c['create']}项，更新{c['update']}项，未变{c['unchanged']}项"
    except Exception as exc:  # noqa: BLE001 - rolled back by apply's transaction; reported on the job
        log.exception("catalogue import failed")
        report, state, message = {**job.report, "written": False}, State.FAILED, f"导入失败，未写入任何数据：{exc}"
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(state=state, running=None, report=report, message=message[:500],
                                                   finished_at=timezone.now())
        job.refresh_from_db()
        record(actor=None, action="catalog.import.finish", target=job,
               data={"state": state, **report.get("counts", {})})
    return job
