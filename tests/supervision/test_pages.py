"""Board and dashboard pages: who may see them, what each sees, the live pass, issuing and answering, export."""
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.cases.factories import accepted, file_all
from yiwang.supervision import figures
from yiwang.supervision.models import SupervisionOrder, Warning

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(org, items):
    """A market case long overdue and a health case received a month ago (art. 32), nothing stored yet."""
    return accepted(org, items.two, today=date(2025, 11, 3)), file_all(org, items.health, today=date(2026, 1, 5))


@pytest.mark.parametrize("who", ["clerk", "reviewer", "zhangsan"])
def test_others_are_refused(client, org, who):
    client.force_login(getattr(org, {"zhangsan": "person_user"}.get(who, who)))
    assert client.get(reverse("supervision:board")).status_code == 403
    assert client.get(reverse("supervision:dashboard")).status_code == 403


def test_board_shows_live_warnings_before_any_task_run(client, org, overdue):
    client.force_login(org.supervisor)
    html = client.get(reverse("supervision:board")).content.decode()
    assert overdue[0].number in html and "红色预警" in html and "收件五日内未处理" in html
    assert not Warning.objects.exists()  # read only


def test_section_head_sees_only_their_department(client, org, overdue):
    client.force_login(org.section_head)
    html = client.get(reverse("supervision:board")).content.decode()
    assert overdue[0].number in html and "区卫生健康委员会" not in html


def test_issue_from_a_live_warning_then_reply(client, org, overdue):
    client.force_login(org.supervisor)
    r = client.post(reverse("supervision:issue"), {"case": overdue[0].pk, "kind": "case_limit",
                                                   "instruction": "请说明超期原因", "reply_days": "3"})
    o = SupervisionOrder.objects.get()
    assert r.status_code == 302 and o.warning.kind == "case_limit"
    client.force_login(org.section_head)
    page = client.get(reverse("supervision:order", args=[o.pk])).content.decode()
    assert "提交答复" in page
    client.post(reverse("supervision:order", args=[o.pk]), {"version": o.version, "reply": "已办结", "action": "reply"})
    o.refresh_from_db()
    assert o.status == "replied" and o.reply == "已办结"
    client.force_login(org.supervisor)
    r = client.post(reverse("supervision:issue"), {"case": overdue[0].pk, "kind": "case_limit", "instruction": ""})
    assert SupervisionOrder.objects.count() == 1  # refused: no instruction


def test_dashboard_and_exports(client, org, overdue):
    figures.refresh_rollups(date(2025, 11, 1), date(2026, 2, 1))
    client.force_login(org.supervisor)
    r = client.get(reverse("supervision:dashboard"), {"start": "2025-11-01", "end": "2026-02-01"})
    html = r.content.decode()
    assert r.status_code == 200 and "按时办结率" in html and "echarts.min.js" in html and "区市场监督管理局" in html
    x = client.get(reverse("supervision:dashboard"), {"start": "2025-11-01", "end": "2026-02-01",
                                                      "dimension": "item", "format": "xlsx"})
    wb = load_workbook(BytesIO(x.content))
    assert wb["效能指标"]["A1"].value == "事项" and wb["效能指标"].max_row == 4  # header, 2 items, total
    b = client.get(reverse("supervision:board"), {"format": "xlsx"})
    assert load_workbook(BytesIO(b.content))["预警"].max_row >= 3


def test_every_case_link_staff_follow_from_supervision_opens_the_staff_case_page(client, org, overdue):
    """Board rows, supervision orders and warning messages lead staff to /cases/work/<pk>/ (the applicant's
    /cases/<pk>/ was a 403 for them); the inbox never shows the warning's internal key."""
    import re

    from yiwang.notify.models import Message
    from yiwang.supervision import services

    case = overdue[0]
    staff_page = reverse("cases:work_case", args=[case.pk])
    client.force_login(org.supervisor)
    board = client.get(reverse("supervision:board")).content.decode()
    case_links = set(re.findall(r'href="(/cases/[^"]*)"', board))
    assert staff_page in case_links and reverse("cases:case", args=[case.pk]) not in case_links
    client.post(reverse("supervision:issue"), {"case": case.pk, "kind": "case_limit",
                                               "instruction": "请说明超期原因", "reply_days": "3"})
    order = client.get(reverse("supervision:order", args=[SupervisionOrder.objects.get().pk])).content.decode()
    assert f'href="{staff_page}"' in order

    services.sync_warnings(today=date(2026, 3, 24))
    warned = Message.objects.filter(user=org.reviewer, event__startswith="supervision.warning", ref__startswith="warning:")
    assert warned.exists() and {m.link for m in warned} == {staff_page}
    message = warned.order_by("pk").first()
    client.force_login(org.reviewer)
    inbox = client.get(reverse("notify:inbox")).content.decode()
    assert message.subject in inbox and message.ref not in inbox and "warning:" not in inbox
    entry = message.deliveries.get(channel="site")
    opened = client.post(reverse("notify:open", args=[entry.pk]), follow=True)  # the inbox's 查看详情
    assert opened.status_code == 200 and opened.redirect_chain[-1][0] == staff_page
    # an older link to the applicant's page takes staff to the staff page too
    assert client.get(reverse("cases:case", args=[case.pk]))["Location"] == staff_page
