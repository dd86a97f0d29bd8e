"""Journey: a hearing (行政许可法 arts. 47–48) through the case page — the reviewer notifies the right, records an
interested party's request, schedules the hearing 7 working days ahead with another host; the hearing is public and
listed for everyone; on the day the host signs the record and the clock runs again; the documents are there."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_action(page, name):
    """Open an action's form (a page with a single action shows it open already)."""
    if page.locator(f"#action-{name}").get_attribute("open") is None:
        page.click(f"#action-{name} summary")


def test_hearing_through_the_case_page(page, login_as, org, settings, tmp_path, monkeypatch):
    from django.utils import timezone

    from tests.cases.factories import build_items, file_all
    from yiwang.cases import services
    from yiwang.cases.models import Case
    from yiwang.workdays.services import get_calendar

    settings.MEDIA_ROOT = tmp_path / "media"
    items = build_items(org)
    cal = get_calendar()
    start = cal.add_working_days(timezone.localdate(), 0)
    clock = {"day": start}
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate",
                        lambda value=None, timezone=None: clock["day"] if value is None else real(value, timezone))
    case = file_all(org, items.two, today=start)
    case = services.accept(case, actor=org.clerk, expected_version=case.version, today=start)

    login_as("reviewer")
    page.goto(page.base_url + f"/cases/work/{case.pk}/")
    open_action(page, "notify_hearing")
    page.fill("#action-notify_hearing textarea[name=matter]", "拟准予在居民楼底层开设餐饮店，涉及相邻住户的重大利益")
    page.fill("#action-notify_hearing textarea[name=parties]", "李四 13900000002")
    page.click("#action-notify_hearing button[type=submit]")
    page.wait_for_selector(".messages")
    assert "已告知听证权利" in page.inner_text(".messages")
    assert "已告知听证权利" in page.inner_text("#hearings")

    open_action(page, "request_hearing")
    page.fill("#action-request_hearing input[name=requested_by]", "李四")
    page.click("#action-request_hearing button[type=submit]")
    page.wait_for_selector(".messages")
    assert "已登记听证申请（李四）" in page.inner_text(".messages")
    assert "特别程序中" in page.inner_text("#case-state")
    assert page.locator("#action-resume").count() == 0  # only the signed record ends a hearing

    day = cal.add_working_days(start, 7)
    open_action(page, "schedule_hearing")
    page.fill("#action-schedule_hearing input[name=on]", day.isoformat())
    page.fill("#action-schedule_hearing input[name=place]", "区市场监管局听证室")
    page.select_option("#action-schedule_hearing select[name=host]", label="reviewer")
    page.click("#action-schedule_hearing button[type=submit]")
    page.wait_for_selector("#action-schedule_hearing .alert")  # the reviewer may not host
    assert "审查该行政许可申请的工作人员以外" in page.inner_text("#action-schedule_hearing")
    page.select_option("#action-schedule_hearing select[name=host]", label="reviewer2")
    page.click("#action-schedule_hearing button[type=submit]")
    page.wait_for_selector(".messages")
    assert "已通知听证" in page.inner_text(".messages")

    page.context.clear_cookies()  # the public sees it without logging in
    page.goto(page.base_url + "/cases/hearings/")
    assert "区市场监管局听证室" in page.inner_text("main") and day.isoformat() in page.inner_text("main")

    clock["day"] = day
    login_as("reviewer2")
    page.goto(page.base_url + f"/cases/work/{case.pk}/")
    open_action(page, "record_hearing")
    page.fill("#action-record_hearing textarea[name=record]", "申请人陈述经营方案；李四提出油烟、噪声意见；申请人承诺安装净化设备。")
    page.fill("#action-record_hearing textarea[name=signatories]", "张三\n李四\n记录人王某")
    page.click("#action-record_hearing button[type=submit]")
    page.wait_for_selector(".messages")
    assert "听证笔录已签字确认，恢复计时" in page.inner_text(".messages")
    assert "审批中" in page.inner_text("#case-state")
    assert page.locator("#documents a", has_text="听证笔录").count() == 1
    assert page.locator("#documents a", has_text="听证通知书").count() == 1
    case = Case.objects.get(pk=case.pk)
    assert case.state == "under_review" and case.hearing_status == "held"
    assert case.deadline == cal.add_working_days(start, 20 + 7)  # the 7 working days of the hearing not counted
