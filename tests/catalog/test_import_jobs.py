"""The import as a background job and a command: dry run first, confirm, one job at a time, never a 500."""
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from yiwang.api.errors import Conflict
from yiwang.audit.models import AuditEvent
from yiwang.catalog.importing import jobs, synth
from yiwang.catalog.models import ImportJob, ServiceItem
from yiwang.org.models import Region

from .helpers import huey_immediate


@pytest.fixture
def district(org):
    return Region.objects.create(code=synth.AREA, name="广安区", level=Region.Level.DISTRICT)


def _upload(org, shapes=(("standard", 30), ("short_basic", 10), ("service8", 2)), **kw):
    items, _ = synth.rows(shapes=list(shapes))
    return items, jobs.start(fileobj=io.BytesIO(synth.workbook(items)), filename="广安区.xlsx", actor=org.sysadmin,
                             inline=True, **kw)


def test_dry_run_then_confirm_then_report(district, org):
    items, job = _upload(org, create_departments=True)
    job = jobs.check(job.pk)
    assert job.state == "checked" and job.report["counts"]["create"] == 42 and not job.report["written"]
    assert not ServiceItem.objects.exists()
    jobs.confirm(job, actor=org.sysadmin, inline=True)
    job = jobs.run(job.pk)
    assert job.state == "done" and job.report["written"] and ServiceItem.objects.count() == 42
    assert "新增42项" in job.message and job.running is None


def test_a_second_import_while_one_runs_is_told_not_crashed(district, org):
    _, first = _upload(org, create_departments=True)
    with pytest.raises(Conflict, match="已有一个导入正在进行"):
        _upload(org)
    jobs.check(first.pk)  # the dry run is done: no longer running, so a new upload may start
    _, second = _upload(org)
    assert second.state == "checking"


def test_the_database_constraint_holds_when_two_uploads_race(district, org, monkeypatch):
    _upload(org)
    monkeypatch.setattr(jobs, "running_job", lambda: None)  # both passed the check before either wrote
    with pytest.raises(Conflict):
        _upload(org)
    assert ImportJob.objects.filter(running=True).count() == 1


def test_a_stale_job_does_not_block_imports_for_ever(district, org, settings):
    _, stale = _upload(org)
    settings.YIWANG_CATALOG_IMPORT_STALE_MINUTES = 0
    _, fresh = _upload(org)
    stale.refresh_from_db()
    assert stale.state == "failed" and "超时" in stale.message and fresh.running


def test_the_page_flow_is_covered_by_the_api_too(district, org, api_client, django_capture_on_commit_callbacks):
    items, _ = synth.rows(shapes=[("standard", 5)])
    f = io.BytesIO(synth.workbook(items))
    f.name = "x.xlsx"
    api_client.force_authenticate(org.sysadmin)
    with huey_immediate(), django_capture_on_commit_callbacks(execute=True):
        r = api_client.post("/api/v1/catalog/import/", {"file": f}, format="multipart")
    assert r.status_code == 202
    f2 = io.BytesIO(synth.workbook(items))
    f2.name = "x.xlsx"
    ImportJob.objects.filter(pk=r.json()["job"]).update(running=True, state="importing")
    r2 = api_client.post("/api/v1/catalog/import/", {"file": f2}, format="multipart")
    assert r2.status_code == 409 and "已有一个导入正在进行" in r2.json()["detail"]


def test_command_template_import_export(district, org, tmp_path):
    template = tmp_path / "t.xlsx"
    call_command("catalog", "template", str(template))
    headers = [c.value for c in load_workbook(template)["事项"][1]]
    assert headers[:3] == ["事项编码", "实施部门代码", "事项名称"] and "实施部门" in headers
    items, _ = synth.rows(shapes=[("standard", 8), ("body17", 2)])
    src = tmp_path / "in.xlsx"
    src.write_bytes(synth.workbook(items))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("catalog", "import", str(src), "--dry-run", stdout=out)  # departments unknown
    assert "不在组织机构中" in out.getvalue() and not ServiceItem.objects.exists()
    out = io.StringIO()
    call_command("catalog", "import", str(src), "--dry-run", "--create-departments", stdout=out)
    assert "新增10项" in out.getvalue() and "[警告]" in out.getvalue() and not ServiceItem.objects.exists()
    call_command("catalog", "import", str(src), "--create-departments", stdout=io.StringIO())
    assert ServiceItem.objects.count() == 10
    exported = tmp_path / "out.xlsx"
    call_command("catalog", "export", str(exported))
    events = AuditEvent.objects.count()
    out = io.StringIO()
    call_command("catalog", "import", str(exported), stdout=out)
    assert "新增0项，更新0项，未变10项" in out.getvalue()
    assert AuditEvent.objects.filter(action="catalog.item.import").count() == 10  # none for the unchanged
    assert AuditEvent.objects.count() - events == 4  # upload, check, confirm, finish: none per item
