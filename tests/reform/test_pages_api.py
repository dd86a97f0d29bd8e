"""Pages and API: scope (a unit its own tasks, the office everything, evaluators read-only), uploads with a clear
message for bad input, the dashboard with a baseline date, exports."""
from datetime import date

import pytest

from tests.reform.conftest import revised
from yiwang.reform import services
from yiwang.reform import services_reports as rs
from yiwang.reform.models import Plan, TaskStatus


@pytest.fixture
def published(reform_org, plan_text):
    o = reform_org
    p = services.create_plan(actor=o.officer, filename="方案.txt", content=plan_text.encode())
    services.resolve_unit(actor=o.officer, name="区税务局", department=o.swj)
    services.resolve_unit(actor=o.officer, name="区经委", external=True)
    return services.publish_plan(actor=o.officer, plan=p, expected_version=p.version, today=date(2025, 2, 20))


def test_api_scopes_tasks_and_refuses_evaluator_writes(reform_org, published, api_client):
    o = reform_org
    api_client.force_authenticate(o.mzj_liaison)
    paths = [t["path"] for t in api_client.get("/api/v1/reform/tasks/").json()["results"]]
    assert paths == ["一.(一).2"]  # 区民政局 co-operates on one task only
    api_client.force_authenticate(o.evaluator)
    assert len(api_client.get("/api/v1/reform/tasks/").json()["results"]) == 5
    t = published.tasks.get(path="二.(一).1")
    r = api_client.post(f"/api/v1/reform/tasks/{t.pk}/report/", {"year": 2025, "quarter": 1, "progress": "x"},
                        format="json")
    assert r.status_code == 403
    api_client.force_authenticate(o.scj_liaison)
    r = api_client.post(f"/api/v1/reform/tasks/{t.pk}/report/", {"year": 2025, "quarter": 1, "progress": ""},
                        format="json")
    assert r.status_code == 400 and "progress" in r.json()["errors"]
    r = api_client.post(f"/api/v1/reform/tasks/{t.pk}/report/",
                        {"year": 2025, "quarter": 1, "progress": "一窗通上线", "confidence": 5}, format="json")
    assert r.status_code == 201 and r.json()["quarter"] == 1
    api_client.force_authenticate(o.clerk)
    assert api_client.get("/api/v1/reform/tasks/").status_code == 403


def test_api_reads_a_document_without_saving(reform_org, plan_text, api_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api_client.force_authenticate(reform_org.officer)
    r = api_client.post("/api/v1/reform/read/", {"file": SimpleUploadedFile("a.txt", plan_text.encode())},
                        format="multipart")
    assert r.status_code == 200 and len(r.json()["measures"]) == 5 and not Plan.objects.exists()
    r = api_client.post("/api/v1/reform/read/", {"file": SimpleUploadedFile("a.docx", b"plain")}, format="multipart")
    assert r.status_code == 400 and "内容与扩展名不符" in r.json()["detail"]


def test_pages_render_for_office_unit_and_evaluator(reform_org, published, client, plan_text):
    o = reform_org
    t = published.tasks.get(path="一.(一).1")
    rs.add_indicator(actor=o.officer, task=t, name="", target="95", source="online_items_share")
    rs.measure_indicators(today=date(2025, 3, 1))
    services.update_task(actor=o.officer, task=published.tasks.get(path="二.(一).2"), expected_version=1,
                         status=TaskStatus.LAGGING, today=date(2025, 5, 1))
    client.force_login(o.officer)
    assert "方案.txt" not in client.get("/reform/").content.decode()
    page = client.get(f"/reform/plans/{published.pk}/").content.decode()
    assert "一.(一).1" in page and "原文" in page
    assert client.get(f"/reform/plans/{published.pk}/?format=xlsx")["Content-Type"].startswith("application/vnd")
    dash = client.get(f"/reform/dashboard/?plan={published.pk}&on=2025-03-01").content.decode()
    assert "滞后任务" in dash and "二.(一).2" in dash and "2025-03-01完成率" in dash
    assert "assessment" in client.get(f"/reform/plans/{published.pk}/assessment/?format=xlsx")["Content-Disposition"]
    r = client.post(f"/reform/plans/{published.pk}/revision/",
                    {"file": __import__("io").BytesIO(revised(plan_text).encode())}, follow=True)
    assert r.status_code == 200
    client.force_login(o.mzj_liaison)
    assert client.get(f"/reform/tasks/{t.pk}/").status_code == 404  # not its task
    client.force_login(o.scj_liaison)
    assert "报送配合情况" in client.get(f"/reform/tasks/{t.pk}/").content.decode()  # its co-unit part
    own = published.tasks.get(path="二.(一).1")
    assert "报送季度情况" in client.get(f"/reform/tasks/{own.pk}/").content.decode()
    client.force_login(o.evaluator)
    assert "第三方评价表" in client.get(f"/reform/plans/{published.pk}/assessment/").content.decode()
    client.force_login(o.clerk)
    assert client.get("/reform/").status_code == 403
