"""Milestones (里程碑): the lead unit or the reform office adds, edits (version-checked) and completes a task's
milestones; overdue ones are marked on the task page and counted on the dashboard; the API is scoped as tasks."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.models import AuditEvent
from yiwang.reform import services
from yiwang.reform import services_milestones as ms
from yiwang.reform.models import Milestone
from yiwang.reform.services import Forbidden


@pytest.fixture
def published(reform_org, plan_text):
    o = reform_org
    p = services.create_plan(actor=o.officer, filename="方案.txt", content=plan_text.encode())
    services.resolve_unit(actor=o.officer, name="区税务局", department=o.swj)
    services.resolve_unit(actor=o.officer, name="区经委", external=True)
    return services.publish_plan(actor=o.officer, plan=p, expected_version=p.version, today=date(2025, 2, 20))


@pytest.fixture
def one_window(published):
    return published.tasks.get(path="二.(一).1")  # 企业开办“一窗通”: 区市场监管局 leads, 区税务局 co-operates


def test_lead_unit_adds_edits_and_completes_a_milestone_with_audit(reform_org, one_window):
    o = reform_org
    m = ms.add_milestone(actor=o.scj_liaison, task=one_window, title="完成一窗通平台开发并试运行",
                         due_on="2025-04-30")
    assert m.due_on == date(2025, 4, 30) and m.version == 1
    m = ms.update_milestone(actor=o.scj_head, milestone=m, expected_version=1, due_on="2025-05-15",
                            title="完成一窗通平台开发并在区行政服务中心试运行")
    assert (m.due_on, m.version) == (date(2025, 5, 15), 2)
    m = ms.complete_milestone(actor=o.scj_liaison, milestone=m, expected_version=2, done_on="2025-05-20",
                              evidence_note="区市场监管局《关于一窗通试运行的通知》（明市监〔2025〕12号）",
                              today=date(2025, 6, 1))
    assert m.done_on == date(2025, 5, 20) and "明市监" in m.evidence_note
    actions = list(AuditEvent.objects.filter(action__startswith="reform.milestone.").order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["reform.milestone.add", "reform.milestone.update", "reform.milestone.complete"]
    with pytest.raises(Conflict, match="已于2025年05月20日完成"):
        ms.complete_milestone(actor=o.scj_liaison, milestone=m, expected_version=3, evidence_note="再次",
                              today=date(2025, 6, 1))


def test_refusals_are_specific_and_in_chinese(reform_org, one_window):
    o = reform_org
    with pytest.raises(Forbidden, match="牵头单位"):
        ms.add_milestone(actor=o.mzj_liaison, task=one_window, title="x", due_on="2025-04-30")
    with pytest.raises(Forbidden):
        ms.add_milestone(actor=o.evaluator, task=one_window, title="x", due_on="2025-04-30")
    with pytest.raises(DomainError, match="请填写里程碑内容") as e:
        ms.add_milestone(actor=o.officer, task=one_window, title="  ", due_on="2025-04-30")
    assert e.value.field == "title"
    with pytest.raises(DomainError, match="应为日期") as e:
        ms.add_milestone(actor=o.officer, task=one_window, title="制定实施细则", due_on="四月底")
    assert e.value.field == "due_on"
    m = ms.add_milestone(actor=o.officer, task=one_window, title="制定实施细则", due_on="2025-03-31")
    with pytest.raises(DomainError, match="不能晚于今天"):
        ms.complete_milestone(actor=o.scj_liaison, milestone=m, expected_version=1, done_on="2025-04-02",
                              evidence_note="细则已印发", today=date(2025, 4, 1))
    with pytest.raises(DomainError, match="佐证说明"):
        ms.complete_milestone(actor=o.scj_liaison, milestone=m, expected_version=1, today=date(2025, 4, 1))
    assert Milestone.objects.get(pk=m.pk).done_on is None


def test_a_stale_edit_is_refused_and_overwrites_nothing(reform_org, one_window):
    o = reform_org
    m = ms.add_milestone(actor=o.officer, task=one_window, title="出台企业开办全程电子化工作方案",
                         due_on="2025-03-31")
    ms.update_milestone(actor=o.scj_liaison, milestone=m, expected_version=1, due_on="2025-04-15")
    with pytest.raises(Conflict, match="已被他人修改") as e:
        ms.update_milestone(actor=o.officer, milestone=m, expected_version=1, due_on="2025-03-20",
                            title="改写的内容")
    assert e.value.code == "stale_version"
    m.refresh_from_db()
    assert (m.title, m.due_on, m.version) == ("出台企业开办全程电子化工作方案", date(2025, 4, 15), 2)


def test_api_scopes_milestones_as_tasks(reform_org, published, one_window, api_client):
    o = reform_org
    other = published.tasks.get(path="一.(一).2")  # 区政务服务办 leads, 区民政局 co-operates
    mine = ms.add_milestone(actor=o.officer, task=one_window, title="一窗通试运行", due_on="2025-04-30")
    ms.add_milestone(actor=o.officer, task=other, title="综合窗口改造方案", due_on="2099-06-30")

    api_client.force_authenticate(o.mzj_liaison)
    assert [m["title"] for m in api_client.get("/api/v1/reform/milestones/").json()["results"]] == ["综合窗口改造方案"]
    assert api_client.get(f"/api/v1/reform/milestones/{mine.pk}/").status_code == 404
    r = api_client.post(f"/api/v1/reform/tasks/{other.pk}/milestones/", {"title": "x", "due_on": "2025-05-01"},
                        format="json")
    assert r.status_code == 403  # a co-unit reads, the lead unit changes

    api_client.force_authenticate(o.evaluator)
    listed = api_client.get("/api/v1/reform/milestones/?overdue=1").json()["results"]
    assert [m["title"] for m in listed] == ["一窗通试运行"] and listed[0]["overdue"] is True
    r = api_client.post(f"/api/v1/reform/milestones/{mine.pk}/complete/",
                        {"version": 1, "evidence_note": "已上线"}, format="json")
    assert r.status_code == 403

    api_client.force_authenticate(o.scj_liaison)
    r = api_client.post(f"/api/v1/reform/tasks/{one_window.pk}/milestones/", {"title": "", "due_on": "2025-05-01"},
                        format="json")
    assert r.status_code == 400 and "title" in r.json()["errors"]
    r = api_client.post(f"/api/v1/reform/milestones/{mine.pk}/update/", {"version": 1, "due_on": "2025-05-31"},
                        format="json")
    assert r.status_code == 200 and r.json()["version"] == 2
    r = api_client.post(f"/api/v1/reform/milestones/{mine.pk}/update/", {"version": 1, "title": "旧页面的修改"},
                        format="json")
    assert r.status_code == 409 and r.json()["code"] == "stale_version" and r.json()["version"] == 2
    r = api_client.post(f"/api/v1/reform/milestones/{mine.pk}/complete/",
                        {"version": 2, "done_on": "2025-05-30", "evidence_note": "一窗通平台上线截图"}, format="json")
    assert r.status_code == 200 and r.json()["done_on"] == "2025-05-30" and r.json()["overdue"] is False
    titles = [m["title"] for m in api_client.get(f"/api/v1/reform/tasks/{one_window.pk}/milestones/").json()]
    assert titles == ["一窗通试运行"]


def test_task_page_marks_overdue_milestones_and_dashboard_counts_them(reform_org, published, one_window, client):
    o = reform_org
    today = timezone.localdate()
    late = ms.add_milestone(actor=o.officer, task=one_window, title="企业开办专区上线",
                            due_on=today - timedelta(days=10))
    ms.add_milestone(actor=o.officer, task=one_window, title="全程电子化率达到90%", due_on=today + timedelta(days=30))
    client.force_login(o.scj_liaison)
    page = client.get(f"/reform/tasks/{one_window.pk}/").content.decode()
    row = page.split(f'id="milestone-{late.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "企业开办专区上线" in row and "已逾期" in row
    assert page.count("已逾期") == 1 and 'id="milestone-form"' in page
    r = client.post(f"/reform/tasks/{one_window.pk}/milestone_edit/",
                    {"milestone": late.pk, "version": 1, "title": "企业开办专区上线运行",
                     "due_on": (today - timedelta(days=10)).isoformat(), "evidence_note": ""}, follow=True)
    assert "里程碑已修改" in r.content.decode()
    r = client.post(f"/reform/tasks/{one_window.pk}/milestone_edit/",
                    {"milestone": late.pk, "version": 1, "title": "别人的旧版本",
                     "due_on": today.isoformat(), "evidence_note": ""}, follow=True)
    assert "已被他人修改" in r.content.decode() and "别人的旧版本" not in r.content.decode()

    client.force_login(o.officer)
    dash = client.get(f"/reform/dashboard/?plan={published.pk}").content.decode()
    assert 'id="late-milestones-count">1<' in dash and "企业开办专区上线运行" in dash
    r = client.post(f"/reform/tasks/{one_window.pk}/milestone_done/",
                    {"milestone": late.pk, "version": 2, "done_on": today.isoformat(),
                     "evidence_note": "专区上线公告"}, follow=True)
    page = r.content.decode()
    assert "里程碑已完成" in page and "逾期完成" in page and "已逾期" not in page
    dash = client.get(f"/reform/dashboard/?plan={published.pk}").content.decode()
    assert 'id="late-milestones-count">0<' in dash

    windows = published.tasks.get(path="一.(一).2")
    ms.add_milestone(actor=o.officer, task=windows, title="综合窗口改造方案", due_on=today + timedelta(days=5))
    client.force_login(o.mzj_liaison)  # a co-unit of that task sees its milestones but cannot change them
    page = client.get(f"/reform/tasks/{windows.pk}/").content.decode()
    assert "综合窗口改造方案" in page and 'id="milestone-form"' not in page and "确认完成" not in page
