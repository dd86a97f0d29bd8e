"""Quarterly reporting: a co-unit gives its part to the lead, the lead reports (evidence checked, typical cases),
reminders before the deadline and warnings after — on notifications and the supervision board; a closed plan
takes no report."""
from datetime import date

import pytest

from yiwang.api.errors import Conflict, DomainError
from yiwang.notify.models import Message
from yiwang.reform import services
from yiwang.reform import services_reports as rs
from yiwang.reform.models import Plan, ReportNotice, TaskStatus, TypicalCase
from yiwang.supervision import board

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def published(reform_org, plan_text):
    o = reform_org
    p = services.create_plan(actor=o.officer, filename="方案.txt", content=plan_text.encode())
    services.resolve_unit(actor=o.officer, name="区税务局", department=o.swj)
    services.resolve_unit(actor=o.officer, name="区经委", external=True)
    return services.publish_plan(actor=o.officer, plan=p, expected_version=p.version, today=date(2025, 2, 20))


def test_co_unit_then_lead_report_a_quarter(reform_org, published):
    o = reform_org
    t = published.tasks.get(path="一.(一).1")  # lead 区政务服务办, co 区市场监管局
    with pytest.raises(services.Forbidden, match="配合单位"):
        rs.contribute(actor=o.mzj_liaison, task=t, year=2025, quarter=1, text="……")
    c = rs.contribute(actor=o.scj_liaison, task=t, year=2025, quarter=1, text="市场监管事项网办改造完成32项",
                      files=[("清单.pdf", PDF)], today=date(2025, 3, 5))
    assert c.department == o.scj and c.evidence.get().filename == "清单.pdf"
    assert Message.objects.filter(user=o.zwb_liaison, event="reform.contribution").exists()
    with pytest.raises(services.Forbidden, match="牵头单位"):
        rs.submit_report(actor=o.scj_liaison, task=t, year=2025, quarter=1, progress="x")
    r = rs.submit_report(actor=o.zwb_liaison, task=t, year=2025, quarter=1, progress="可网办比例达到93.5%",
                         problems="部分事项需市级系统改造", next_steps="二季度完成剩余事项", status=TaskStatus.IN_PROGRESS,
                         confidence=4, files=[("进展.pdf", PDF)], cases=[("企业开办一网通办", "全程网办……")],
                         today=date(2025, 3, 12))
    assert (r.due_on, r.on_time) == (date(2025, 3, 14), True)
    t.refresh_from_db()
    assert (t.status, t.confidence) == (TaskStatus.IN_PROGRESS, 4)
    assert TypicalCase.objects.get().department == o.zwb
    with pytest.raises(Conflict, match="已报送"):
        rs.submit_report(actor=o.zwb_liaison, task=t, year=2025, quarter=1, progress="again")
    with pytest.raises(Conflict, match="牵头单位已报送"):
        rs.contribute(actor=o.scj_liaison, task=t, year=2025, quarter=1, text="late")
    late = rs.submit_report(actor=o.zwb_liaison, task=published.tasks.get(path="一.(一).2"), year=2025, quarter=1,
                            progress="综合窗口比例72%", today=date(2025, 3, 15))
    assert not late.on_time


def test_evidence_that_is_not_what_it_says_is_refused_and_nothing_saved(reform_org, published):
    o = reform_org
    t = published.tasks.get(path="一.(一).1")
    with pytest.raises(DomainError, match="内容与其扩展名不符"):
        rs.submit_report(actor=o.zwb_liaison, task=t, year=2025, quarter=1, progress="进展",
                         files=[("照片.jpg", PDF)])
    with pytest.raises(DomainError, match="格式不支持"):
        rs.submit_report(actor=o.zwb_liaison, task=t, year=2025, quarter=1, progress="进展",
                         files=[("run.exe", b"MZ\x90\x00")])
    assert not t.reports.exists()


def test_a_closed_plan_takes_no_report(reform_org, published):
    o = reform_org
    services.close_plan(actor=o.officer, plan=published, expected_version=published.version, today=date(2025, 12, 31))
    with pytest.raises(Conflict, match="方案已于2025年12月31日关闭，不再接受报送"):
        rs.submit_report(actor=o.zwb_liaison, task=published.tasks.first(), year=2025, quarter=4, progress="x")


def test_reminders_before_and_warnings_after_on_notifications_and_the_board(reform_org, published):
    o = reform_org
    assert rs.send_report_notices(today=date(2025, 3, 1)) == {"reminders": 0, "warnings": 0}
    stats = rs.send_report_notices(today=date(2025, 3, 9))  # due 2025-03-14, 7 days' notice
    assert stats == {"reminders": 5, "warnings": 0}
    assert Message.objects.filter(user=o.scj_liaison, event="reform.report.reminder").count() == 2
    assert rs.send_report_notices(today=date(2025, 3, 10)) == {"reminders": 0, "warnings": 0}  # once each
    t = published.tasks.get(path="二.(一).1")
    rs.submit_report(actor=o.scj_liaison, task=t, year=2025, quarter=1, progress="一窗通上线", today=date(2025, 3, 13))
    stats = rs.send_report_notices(today=date(2025, 3, 17))
    assert stats == {"reminders": 0, "warnings": 4}
    overdue = Message.objects.filter(event="reform.report.overdue")
    assert overdue.filter(user=o.scj_head, subject__contains="二.(一).2").exists()
    assert overdue.filter(user=o.officer).count() == 4
    assert not overdue.filter(subject__contains="二.(一).1").exists()
    assert ReportNotice.objects.filter(kind="overdue").count() == 4
    # the supervision board shows them (a section head sees their unit's)
    from yiwang.supervision.access import SupervisionScope

    rows = board.extra_rows(SupervisionScope(o.scj_head), date(2025, 3, 17))
    assert [r["level"] for r in rows] == ["red"] and rows[0]["title"].endswith(" 二.(一).2 第1季度报送")
    assert len(board.extra_rows(SupervisionScope(o.supervisor), date(2025, 3, 17))) == 4


def test_a_supervision_order_on_a_lagging_task(reform_org, published):
    o = reform_org
    from yiwang.supervision.models import SupervisionOrder

    t = published.tasks.get(path="二.(一).2")
    t = services.update_task(actor=o.scj_liaison, task=t, expected_version=t.version, status=TaskStatus.LAGGING)
    link = rs.issue_order(actor=o.officer, task=t, instruction="请说明滞后原因并提出整改措施", reply_days=5,
                          today=date(2025, 4, 1))
    order = SupervisionOrder.objects.get()
    assert link.order == order and order.department == o.scj and order.instruction.startswith("【改革任务二.(一).2】")
    with pytest.raises(Exception):
        rs.issue_order(actor=o.scj_liaison, task=t, instruction="x")
    from yiwang.supervision import services as sup

    with pytest.raises(sup.Forbidden):  # the registry opens department orders only, not case warnings' power
        sup.issue_order(actor=o.scj_liaison, instruction="x", department=o.scj)


def test_the_home_lists_the_first_outstanding_reports_and_says_there_are_more(reform_org, published, client,
                                                                               monkeypatch):
    from yiwang.reform import queries, views

    o = reform_org
    every = queries.reports_outstanding(date(2025, 3, 17))
    assert len(every) == 5
    first = queries.reports_outstanding(date(2025, 3, 17), limit=2)
    assert [r["task"].pk for r in first] == [r["task"].pk for r in every[:2]]
    monkeypatch.setattr("yiwang.reform.views.timezone.localdate", lambda: date(2025, 3, 17))
    client.force_login(o.officer)
    monkeypatch.setattr(views, "DUE_SHOWN", 2)
    page = client.get("/reform/").content.decode()
    assert page.count('class="level-red"') == 2 and "仅列出前2项" in page
    monkeypatch.setattr(views, "DUE_SHOWN", 300)
    page = client.get("/reform/").content.decode()
    assert page.count('class="level-red"') == 5 and "仅列出前" not in page
