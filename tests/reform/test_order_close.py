"""督办 on a lagging task from the reform pages: the office issues it (a supervision order to the lead unit), the
unit replies on the supervision side, the office closes it from the task page through supervision's own close."""
from datetime import date

import pytest

from tests.factories import staff
from yiwang.audit.models import AuditEvent
from yiwang.org.models import Role
from yiwang.reform import services
from yiwang.reform.models import TaskStatus
from yiwang.supervision import services as sup
from yiwang.supervision.models import SupervisionOrder


@pytest.fixture
def lagging(reform_org, plan_text):
    o = reform_org
    p = services.create_plan(actor=o.officer, filename="方案.txt", content=plan_text.encode())
    services.resolve_unit(actor=o.officer, name="区税务局", department=o.swj)
    services.resolve_unit(actor=o.officer, name="区经委", external=True)
    p = services.publish_plan(actor=o.officer, plan=p, expected_version=p.version, today=date(2025, 2, 20))
    t = p.tasks.get(path="二.(一).2")  # 推进跨部门联合抽查: 区市场监管局 leads
    return services.update_task(actor=o.scj_liaison, task=t, expected_version=t.version, status=TaskStatus.LAGGING)


def _order_item(page: str, order: SupervisionOrder) -> str:
    return page.split(f'id="order-{order.pk}"', 1)[1].split("</li>", 1)[0]


def test_office_issues_then_closes_a_supervision_order_after_the_reply(reform_org, lagging, client):
    o = reform_org
    client.force_login(o.officer)
    r = client.post(f"/reform/tasks/{lagging.pk}/order/",
                    {"instruction": "联合抽查进度滞后，请说明原因并提出整改措施", "reply_days": "5"}, follow=True)
    order = SupervisionOrder.objects.get()
    assert f"已发出督办单 {order.number}" in r.content.decode()
    assert order.department == o.scj and order.status == SupervisionOrder.Status.OPEN
    item = _order_item(r.content.decode(), order)
    assert "待答复" in item and "办结督办" not in item  # nothing to close before the unit replies

    sup.reply_order(order, actor=o.scj_head, expected_version=order.version,
                    reply="已与区经委会商，4月底前完成首批联合抽查计划")
    page = client.get(f"/reform/tasks/{lagging.pk}/").content.decode()
    item = _order_item(page, order)
    assert "已答复" in item and "4月底前完成首批联合抽查计划" in item and "办结督办" in item

    order.refresh_from_db()
    stale = order.version - 1
    r = client.post(f"/reform/tasks/{lagging.pk}/order_close/",
                    {"link": lagging.orders.get().pk, "version": stale, "note": "x"}, follow=True)
    assert "督办单已被他人更新" in r.content.decode()
    assert SupervisionOrder.objects.get().status == SupervisionOrder.Status.REPLIED

    r = client.post(f"/reform/tasks/{lagging.pk}/order_close/",
                    {"link": lagging.orders.get().pk, "version": order.version, "note": "整改措施可行，予以办结"},
                    follow=True)
    page = r.content.decode()
    assert f"督办单 {order.number} 已办结" in page
    item = _order_item(page, order)
    assert "已办结" in item and "整改措施可行，予以办结" in item and "办结督办" not in item
    order.refresh_from_db()
    assert order.status == SupervisionOrder.Status.CLOSED and order.closing_note == "整改措施可行，予以办结"
    assert AuditEvent.objects.filter(action="supervision.order.close").count() == 1
    assert AuditEvent.objects.filter(action="reform.task.order_close").count() == 1


def test_only_the_office_closes_and_another_officer_is_told_who_closes(reform_org, lagging, client):
    o = reform_org
    client.force_login(o.officer)
    client.post(f"/reform/tasks/{lagging.pk}/order/", {"instruction": "请说明滞后原因", "reply_days": "5"})
    order = SupervisionOrder.objects.get()
    order = sup.reply_order(order, actor=o.scj_head, expected_version=order.version, reply="已制定整改计划")
    link = lagging.orders.get()

    client.force_login(o.scj_liaison)  # the lead unit sees the reply but does not close its own order
    page = client.get(f"/reform/tasks/{lagging.pk}/").content.decode()
    assert "已制定整改计划" in page and "办结督办" not in page
    r = client.post(f"/reform/tasks/{lagging.pk}/order_close/", {"link": link.pk, "version": order.version},
                    follow=True)
    assert "只有改革办人员可以执行此操作" in r.content.decode()

    colleague = staff("reform2", Role.REFORM_OFFICER, o.zwb)
    client.force_login(colleague)
    item = _order_item(client.get(f"/reform/tasks/{lagging.pk}/").content.decode(), order)
    assert "待督办人" in item and "办结督办" not in item
    assert SupervisionOrder.objects.get().status == SupervisionOrder.Status.REPLIED
