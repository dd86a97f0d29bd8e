"""Journey: a joint plan's task is announced (snapshot hash published) → the witnessed draw → the public replay says
一致 → inspectors drawn per department, one recuses and is replaced → one visit and one notice listing both
departments' items → each department's drawn inspector enters its result → the results are published → a tampered
snapshot makes the replay say 不一致."""
import datetime as dt

import pytest

from tests.inspections.conftest import insp, new_task  # noqa: F401  (the fixture, reused)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_draw_replay_recusal_notice_results_published(page, login_as, insp):  # noqa: F811
    from django.utils import timezone

    from yiwang.inspections import services
    from yiwang.inspections.models import Sampled, Task

    today = timezone.localdate()
    insp.draw_at = timezone.now() - dt.timedelta(minutes=1)  # the announced draw time has just come
    task = services.create_task(
        actor=insp.manager, plan=insp.joint_plan, title="餐饮单位跨部门联合抽查", items=[insp.item, insp.health_item],
        starts_on=today - dt.timedelta(days=1), ends_on=today + dt.timedelta(days=30),
        seed_sources=["见证人甲所报数字", "见证人乙所报数字"], draw_at=insp.draw_at,
        ratios={"A": "5", "B": "20", "C": "50", "D": "100", "N": "10"}, now=insp.draw_at - dt.timedelta(days=1))

    # the lead department freezes the snapshot and publishes its hash
    login_as("scj_head")
    page.goto(page.base_url + f"/inspections/tasks/{task.pk}/")
    page.click("button:has-text('冻结对象快照并公告')")
    task.refresh_from_db()
    assert task.status == Task.Status.ANNOUNCED
    assert page.inner_text("#snapshot-hash") == task.snapshot_hash

    # the witnessed draw
    values = page.locator("#draw-form input[name=values]")
    values.nth(0).fill("17 4 29")
    values.nth(1).fill("0815")
    page.fill("#draw-form input[name=witnesses]", "区纪委 王明；企业代表 李华")
    page.click("#draw-form button[type=submit]")
    assert page.inner_text("#replay-verdict") == "一致"
    target = Sampled.objects.filter(task=task).order_by("code").first()

    # one drawn inspector of the market department recuses; the replacement is drawn by the same rule
    row = page.locator(f"tr[data-code='{target.code}']")
    first = target.assignments.filter(department=insp.market).order_by("order").first()
    row.locator("input[name=reason]").first.fill("曾在该企业任职")
    row.locator("button:has-text('登记回避')").first.click()
    assert "已登记回避，按同一规则递补" in page.inner_text(".messages")
    first.refresh_from_db()
    assert first.recused and target.assignments.filter(recused=False, department=insp.market).count() == 2

    # one visit, one notice listing both departments' items
    row = page.locator(f"tr[data-code='{target.code}']")
    row.locator("input[name=visit_on]").fill(today.isoformat())
    row.locator("button:has-text('确定检查日期并通知')").click()
    target.refresh_from_db()
    assert insp.item.name in target.notice and insp.health_item.name in target.notice

    # each department's drawn inspector enters its own item (the same visit date)
    for dep, item in [(insp.market, insp.item), (insp.health, insp.health_item)]:
        inspector = target.assignments.filter(recused=False, department=dep).order_by("order").first().inspector
        login_as(inspector.user.username)
        page.goto(page.base_url + f"/inspections/tasks/{task.pk}/")
        form = page.locator(f"tr[data-code='{target.code}'] form.result-form")
        form.locator("select[name=item]").select_option(str(item.pk))
        form.locator("select[name=outcome]").select_option("no_problem")
        form.locator("input[name=inspected_on]").fill(today.isoformat())
        form.locator("button[type=submit]").click()
        assert "已录入检查结果" in page.inner_text(".messages")

    # the other objects' results, entered through the service by their drawn inspectors, then publication
    for s in Sampled.objects.filter(task=task).exclude(pk=target.pk):
        for item in (insp.item, insp.health_item):
            a = s.assignments.filter(recused=False, department=item.department).first()
            services.enter_result(actor=a.inspector.user, sampled=s, item=item, outcome="no_problem",
                                  inspected_on=today)
    login_as("scj_head")
    page.goto(page.base_url + f"/inspections/tasks/{task.pk}/")
    page.click("button:has-text('公示已录完的检查结果')")
    assert "已公示" in page.inner_text(".messages")
    assert target.name in page.inner_text("#results")

    # anyone: the replay page with a tampered snapshot says 不一致
    page.context.clear_cookies()
    page.goto(page.base_url + f"/inspections/tasks/{task.pk}/replay/")
    assert page.inner_text("#stored-verdict") == "一致"
    tampered = task.snapshot.replace(target.code, target.code[:-1] + ("0" if target.code[-1] != "0" else "1"))
    page.set_input_files("input[name=snapshot]", files=[{"name": "snapshot.csv", "mimeType": "text/csv",
                                                          "buffer": tampered.encode("utf-8")}])
    page.click("#replay-form button[type=submit]")
    assert page.inner_text("#uploaded-verdict") == "不一致"
