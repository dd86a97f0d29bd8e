"""The demo history's supervision and housekeeping: the weekly round (the warnings task, orders on red warnings,
the departments' replies, the supervisor closing them), the outbox sent each night as the worker would, and one
e-licence revoked."""
from __future__ import annotations

from datetime import date

from django.test.utils import override_settings

ORDER_TEXT = "该办件已超过承诺办结期限，请立即核查原因、限期办结，并书面说明情况。"
REPLIES = ["已核查：因申请人补充现场资料延误，现已办结，并对经办人员进行了提醒谈话。",
           "经核查，系审核环节积压所致，已调整人员分工，本周内全部办结。"]


def weekly_round(sim, day: date) -> None:
    """The hourly warnings task as of Monday morning, then the supervisor's orders and last week's follow-up."""
    from yiwang.org.models import Role, StaffRole
    from yiwang.supervision import services
    from yiwang.supervision.models import SupervisionOrder, Warning

    services.escalate_orders(day)
    services.sync_warnings(day)
    supervisor = sim.cast.supervisor
    if supervisor is None:
        return
    # departments answer the open orders, the supervisor closes the answered ones (most, not all)
    for o in SupervisionOrder.objects.filter(status=SupervisionOrder.Status.REPLIED).order_by("pk"):
        if sim.rng.random() < 0.7:
            services.close_order(o, actor=supervisor, expected_version=o.version, note="答复属实，同意办结", today=day)
            sim.made["orders_closed"] += 1
    for o in SupervisionOrder.objects.filter(status=SupervisionOrder.Status.OPEN).order_by("pk"):
        if sim.rng.random() < 0.75:
            head = StaffRole.objects.filter(department_id=o.department_id, role=Role.SECTION_HEAD) \
                .select_related("user").order_by("user__username").first()
            if head is not None:
                services.reply_order(o, actor=head.user, expected_version=o.version,
                                     reply=sim.rng.choice(REPLIES), today=day)
    ordered = set(SupervisionOrder.objects.exclude(warning=None).values_list("warning_id", flat=True))
    red = [w for w in Warning.objects.filter(active=True, level="red").order_by("pk") if w.pk not in ordered]
    for w in red[:2]:
        services.issue_order(actor=supervisor, instruction=ORDER_TEXT, warning=w, today=day)
        sim.made["orders"] += 1


def send_messages(now=None) -> int:
    """Send the outbox as the worker's sender would (e-mail into memory, SMS to the log backend)."""
    from yiwang.notify.models import Delivery
    from yiwang.notify.sending import send_pending

    sent = 0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        while Delivery.objects.filter(status=Delivery.Status.PENDING).exists():
            report = send_pending(now=now, limit=500)
            sent += report.sent
            if not (report.sent or report.retrying or report.failed or report.dead):
                break
    from django.core import mail

    mail.outbox = []
    return sent


def revoke_one_licence(sim) -> int:
    """One licence revoked by its department (a licence issued in error), so the licence pages show both kinds."""
    from yiwang.licences import conf
    from yiwang.licences.models import Licence
    from yiwang.licences.services import revoke_licence
    from yiwang.org.models import StaffRole

    licence = Licence.objects.filter(status=Licence.Status.VALID).order_by("issued_at", "pk").first() \
        if hasattr(Licence, "Status") else Licence.objects.order_by("issued_at", "pk").first()
    if licence is None:
        return 0
    holder = StaffRole.objects.filter(department_id=licence.department_id, role__in=conf.revoke_roles()) \
        .select_related("user").order_by("role", "user__username").first()
    if holder is None:
        return 0
    revoke_licence(licence, "证照信息登记有误，依申请注销后重新核发", holder.user)
    return 1
