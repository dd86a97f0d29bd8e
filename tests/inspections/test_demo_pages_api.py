"""The demo district's 双随机、一公开 through the pages and the API: the public page lists items of several
departments (and as Excel), a finished draw replays to 一致 from its published files while a tampered snapshot says
不一致, an enterprise checks its inclusion, results and the 首违不罚 case are public, the API is scoped by department."""
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from yiwang.inspections.domain import draw as core
from yiwang.inspections.models import Assignment, Item, Plan, Result, Task, Violation
from yiwang.org.models import User
from tests.conftest import demo_district


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_district(django_db_blocker) as out:
        yield


def _client(username=None):
    c = Client()
    if username:
        c.force_login(User.objects.get(username=username))
    return c


def _finished():
    return Task.objects.filter(status=Task.Status.PUBLISHED, plan__kind=Plan.Kind.JOINT).get()


def test_the_demo_has_what_the_issue_asks_for(db, demo):
    assert Item.objects.values("department").distinct().count() >= 3
    joint = _finished()
    assert joint.plan.participants.filter(code="WJW").exists()
    assert Task.objects.filter(status=Task.Status.ANNOUNCED).exists()
    assert Assignment.objects.filter(recused=True).count() == 1
    assert Violation.objects.filter(decision="no_penalty", proposal="no_penalty").count() == 1
    d = joint.draw
    assert core.replay(joint.params_json.encode(), joint.snapshot.encode(), d.seed_json.encode(),
                       d.selection.encode()).consistent
    assert Result.objects.filter(sampled__task=joint, sampled__published_at__isnull=False).exists()


def test_a_second_demo_run_changes_nothing(db, demo):
    before = (Task.objects.count(), Result.objects.count(), Assignment.objects.count())
    call_command("demo", force=True, stdout=StringIO())
    assert (Task.objects.count(), Result.objects.count(), Assignment.objects.count()) == before


def test_the_public_page_and_the_excel_list(db, demo):
    page = _client().get("/inspections/")
    html = page.content.decode()
    assert page.status_code == 200 and "企业公示信息抽查" in html and "公共场所卫生监督检查" in html
    xlsx = _client().get("/inspections/items.xlsx?department=WJW")
    ws = load_workbook(BytesIO(xlsx.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][2] == "抽查事项" and {r[0] for r in rows[1:]} == {"明湖区卫生健康委员会"}


def test_the_task_page_replays_and_a_tampered_upload_says_inconsistent(db, demo):
    task = _finished()
    page = _client().get(f"/inspections/tasks/{task.pk}/").content.decode()
    assert 'id="replay-verdict">一致<' in page and task.draw.seed in page
    assert "执法证号" not in page  # the public sees objects, not the drawn inspectors
    tampered = task.snapshot.replace(",N\n", ",A\n", 1).encode()
    resp = _client().post(f"/inspections/tasks/{task.pk}/replay/",
                          {"snapshot": SimpleUploadedFile("snapshot.csv", tampered)})
    html = resp.content.decode()
    assert 'id="uploaded-verdict">不一致<' in html and "快照被改动" in html
    files = {n: _client().get(f"/inspections/tasks/{task.pk}/files/{n}").content
             for n in ("params.json", "snapshot.csv", "seed.json", "selection.csv")}
    assert core.replay(files["params.json"], files["snapshot.csv"], files["seed.json"],
                       files["selection.csv"]).verdict == "一致"
    assert _client().get("/inspections/draw.py").content == open(core.__file__, "rb").read()


def test_an_enterprise_checks_its_own_inclusion(db, demo):
    task = _finished()
    drawn = task.sampled.first()
    page = _client().get(f"/inspections/tasks/{task.pk}/?uscc={drawn.code}").content.decode()
    assert 'id="inclusion-answer">被抽中' in page
    api = _client().get(f"/api/v1/inspections/tasks/{task.pk}/inclusion/?uscc={drawn.code}").json()
    assert api["included"] is True and api["score"] <= api["cutoff"]


def test_the_rules_page_shows_the_list_the_benchmarks_and_the_decision(db, demo):
    html = _client().get("/inspections/rules/").content.decode()
    assert "SCJ-SW-01" in html and "罚款2万元" in html and 'id="decisions"' in html
    assert html.count("《中华人民共和国行政处罚法》第三十三条第一款") >= 2


def test_the_api_is_scoped_by_department(db, demo):
    scj, wjw = _client("scj_head"), _client("wjw_head")
    certs = {r["cert_no"] for r in scj.get("/api/v1/inspections/inspectors/").json()["results"]}
    assert certs and all(c.startswith("329901") for c in certs)
    wjw_certs = {r["cert_no"] for r in wjw.get("/api/v1/inspections/inspectors/").json()["results"]}
    assert certs.isdisjoint(wjw_certs)
    some = certs.pop()
    inspector_id = next(r["id"] for r in scj.get("/api/v1/inspections/inspectors/").json()["results"]
                        if r["cert_no"] == some)
    assert wjw.get(f"/api/v1/inspections/inspectors/{inspector_id}/").status_code == 404
    assert _client().get("/api/v1/inspections/inspectors/").status_code in (401, 403)
    items = _client().get("/api/v1/inspections/items/?department=SCJ").json()
    assert {i["department"] for i in items["results"]} == {"SCJ"}


def test_api_errors_are_field_level_chinese(db, demo):
    scj = _client("scj_head")
    plan = Plan.objects.filter(department__code="SCJ", kind="annual").get()
    resp = scj.post("/api/v1/inspections/tasks/", {
        "plan": plan.number, "title": "缺事项的任务", "items": [], "starts_on": "2027-01-04", "ends_on": "2027-01-29",
        "seed_sources": ["见证人"], "draw_at": "2027-01-04T10:00"}, content_type="application/json")
    assert resp.status_code == 400 and "抽查事项" in resp.json()["errors"]["items"][0]
    task = _finished()
    again = scj.post(f"/api/v1/inspections/tasks/{task.pk}/draw/", {"values": ["1"], "witnesses": "某"},
                     content_type="application/json")
    assert again.status_code == 409 and "不能重复抽取" in again.json()["detail"]


def test_figures_page_and_excel(db, demo):
    c = _client("scj_head")
    html = c.get("/inspections/figures/").content.decode()
    assert "联合抽查占比" in html and "50.0" in html  # one joint plan of two
    xlsx = c.get("/inspections/figures/?format=xlsx")
    wb = load_workbook(BytesIO(xlsx.content))
    assert {"总体指标", "按风险分类问题发现率", "按执法人员问题发现率", "每户受检次数分布"} <= set(wb.sheetnames)
    assert _client("zhangwei").get("/inspections/figures/").status_code == 403


def test_the_directory_page_shows_certificates_and_takes_a_declared_conflict(db, demo):
    c = _client("scj_inspector")
    html = c.get("/inspections/directory/").content.decode()
    assert "32990126000101" in html and "明湖农贸市场" in html and "32990226000201" not in html
    me = User.objects.get(username="scj_inspector").inspector
    resp = c.post("/inspections/directory/", {"inspector": me.pk, "object_code": "91329901MA1HP002B0",
                                              "kind": "shareholding", "note": "配偶持股5%", "declared_on": "2026-03-02"})
    assert resp.status_code == 302 and me.conflicts.filter(kind="shareholding").exists()
    bad = c.post("/inspections/directory/", {"inspector": me.pk, "object_code": "", "kind": "relative"})
    assert "请填写对象代码" in bad.content.decode()
    assert _client("wjw_reviewer").get("/inspections/directory/").status_code == 403


def test_a_rectification_is_rechecked_through_the_api(db, demo):
    r = Result.objects.filter(follow_up="rectify", outcome="rectified").select_related("sampled").first()
    a = r.sampled.assignments.filter(recused=False, department=r.item.department).first()
    c = _client(a.inspector.user.username)
    resp = c.post(f"/api/v1/inspections/results/{r.pk}/recheck/", {"recheck_on": str(r.rectify_by),
                                                                   "outcome": "已整改到位"},
                  content_type="application/json")
    assert resp.status_code == 200 and resp.json()["recheck_outcome"] == "已整改到位"
