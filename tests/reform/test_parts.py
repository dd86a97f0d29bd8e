"""Co-unit parts: the lead unit or the office writes each co-unit's part and its own deadline (no later than the
task's), version-checked and audited; the co-unit sees its part and deadline on its task list."""
from datetime import date

import pytest

from tests.factories import staff
from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.models import AuditEvent
from yiwang.org.models import Role
from yiwang.reform import services
from yiwang.reform import services_parts as parts
from yiwang.reform.models import TaskUnit
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
    t = published.tasks.get(path="二.(一).1")  # 一窗通, 2025年6月底前: 区市场监管局 leads, 区税务局 co-operates
    assert t.deadline == date(2025, 6, 30)
    return t


def _tax(task) -> TaskUnit:
    return task.units.get(role=TaskUnit.Role.CO)


def test_lead_unit_sets_a_co_units_part_and_deadline_audited(reform_org, one_window):
    o = reform_org
    u = parts.update_part(actor=o.scj_liaison, unit=_tax(one_window), expected_version=1,
                          part="负责税务登记、发票申领环节并入一窗通", deadline="2025-05-31")
    assert (u.part, u.deadline, u.version) == ("负责税务登记、发票申领环节并入一窗通", date(2025, 5, 31), 2)
    e = AuditEvent.objects.get(action="reform.task.part")
    assert e.after["deadline"] == "2025-05-31" and e.before["part"] == ""
    u = parts.update_part(actor=o.officer, unit=u, expected_version=2, deadline="2025-06-30")
    assert u.deadline == date(2025, 6, 30) and u.part.startswith("负责税务登记")  # the part is kept


def test_part_deadline_no_later_than_the_task_and_other_refusals(reform_org, one_window):
    o = reform_org
    with pytest.raises(DomainError, match="不能晚于任务的完成时限（2025年06月30日）") as e:
        parts.update_part(actor=o.scj_liaison, unit=_tax(one_window), expected_version=1, part="发票申领",
                          deadline="2025-07-15")
    assert e.value.field == "deadline"
    with pytest.raises(DomainError, match="应为日期"):
        parts.update_part(actor=o.scj_liaison, unit=_tax(one_window), expected_version=1, deadline="六月底")
    with pytest.raises(Forbidden):
        parts.update_part(actor=o.evaluator, unit=_tax(one_window), expected_version=1, part="x")
    tax_liaison = staff("swj_liaison", Role.REFORM_LIAISON, o.swj)
    with pytest.raises(Forbidden, match="牵头单位"):  # the co-unit does not set its own part
        parts.update_part(actor=tax_liaison, unit=_tax(one_window), expected_version=1, part="x")
    lead = one_window.units.get(role=TaskUnit.Role.LEAD)
    with pytest.raises(DomainError, match="牵头单位的分工即任务本身"):
        parts.update_part(actor=o.officer, unit=lead, expected_version=1, part="x")
    u = _tax(one_window)
    assert (u.part, u.deadline, u.version) == ("", None, 1)


def test_a_stale_part_edit_is_refused_and_the_task_deadline_cannot_pass_under_a_part(reform_org, one_window):
    o = reform_org
    parts.update_part(actor=o.scj_liaison, unit=_tax(one_window), expected_version=1, part="发票申领并入",
                      deadline="2025-06-15")
    with pytest.raises(Conflict, match="已被他人修改") as e:
        parts.update_part(actor=o.officer, unit=_tax(one_window), expected_version=1, part="旧页面")
    assert e.value.code == "stale_version"
    assert _tax(one_window).part == "发票申领并入"
    with pytest.raises(DomainError, match="区税务局"):
        services.update_task(actor=o.officer, task=one_window, expected_version=one_window.version,
                             deadline="2025-05-31")
    # rewriting the co-units keeps the part of a unit that stays
    t = services.update_task(actor=o.officer, task=one_window, expected_version=one_window.version,
                             co=["区税务局", "区司法局"])
    assert t.units.get(name="区税务局").part == "发票申领并入"
    assert t.units.get(name="区税务局").deadline == date(2025, 6, 15)


def test_co_unit_sees_its_part_and_deadline_on_its_task_list(reform_org, published, one_window, client,
                                                                 api_client):
    o = reform_org
    client.force_login(o.scj_liaison)
    r = client.post(f"/reform/tasks/{one_window.pk}/part/",
                    {"unit": _tax(one_window).pk, "version": 1, "part": "税务登记与发票申领并入一窗通",
                     "deadline": "2025-07-01"}, follow=True)
    assert "不能晚于任务的完成时限" in r.content.decode() and _tax(one_window).part == ""
    r = client.post(f"/reform/tasks/{one_window.pk}/part/",
                    {"unit": _tax(one_window).pk, "version": 1, "part": "税务登记与发票申领并入一窗通",
                     "deadline": "2025-05-31"}, follow=True)
    assert "已更新“区税务局”的分工" in r.content.decode()

    tax_liaison = staff("swj_liaison", Role.REFORM_LIAISON, o.swj)
    client.force_login(tax_liaison)
    page = client.get("/reform/").content.decode()
    row = page.split(f'id="mine-{one_window.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "配合：税务登记与发票申领并入一窗通" in row and "2025-05-31（分工时限）" in row
    task_page = client.get(f"/reform/tasks/{one_window.pk}/").content.decode()
    assert "税务登记与发票申领并入一窗通" in task_page and "保存分工" not in task_page

    api_client.force_authenticate(tax_liaison)
    units = api_client.get(f"/api/v1/reform/tasks/{one_window.pk}/").json()["units"]
    tax = next(u for u in units if u["name"] == "区税务局")
    assert tax["part"] == "税务登记与发票申领并入一窗通" and tax["deadline"] == "2025-05-31"
    r = api_client.post(f"/api/v1/reform/tasks/{one_window.pk}/update_part/",
                        {"unit": tax["id"], "version": tax["version"], "part": "自己改"}, format="json")
    assert r.status_code == 403
    api_client.force_authenticate(o.officer)
    r = api_client.post(f"/api/v1/reform/tasks/{one_window.pk}/update_part/",
                        {"unit": tax["id"], "version": tax["version"], "deadline": "2025-09-30"}, format="json")
    assert r.status_code == 400 and "deadline" in r.json()["errors"]
    r = api_client.post(f"/api/v1/reform/tasks/{one_window.pk}/update_part/",
                        {"unit": tax["id"], "version": tax["version"], "deadline": "2025-06-20"}, format="json")
    assert r.status_code == 200
    assert next(u for u in r.json()["units"] if u["name"] == "区税务局")["deadline"] == "2025-06-20"
