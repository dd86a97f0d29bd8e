"""An overdue acknowledgement appears on the supervision board and can be turned into a supervision order."""
import datetime as dt

import pytest
from django.urls import reverse

from yiwang.demands import services
from yiwang.demands.models import Assignment
from yiwang.supervision import demand_watch
from yiwang.supervision.models import SupervisionOrder, Warning

pytestmark = pytest.mark.django_db


def test_overdue_acknowledgement_warns_and_becomes_an_order(client, org, loop):
    d = services.submit(actor=org.agent, channel="online", category="approval", enterprise=org.enterprise,
                        title="施工许可加快", description="请协调加快施工许可审批")
    day = dt.date(2026, 11, 2)  # a Monday
    d = services.dispatch(services.accept(d, actor=org.centre, today=day), actor=org.centre, lead=org.market,
                          lead_task="协调审批", today=day)
    a = Assignment.objects.get(demand=d)
    assert a.ack_due == dt.date(2026, 11, 3)
    assert demand_watch.sync(today=day) == {"created": 0, "updated": 0, "cleared": 0}
    demand_watch.sync(today=dt.date(2026, 11, 3))
    assert Warning.objects.get(demand_assignment=a).level == "yellow"
    demand_watch.sync(today=dt.date(2026, 11, 4))
    w = Warning.objects.get(demand_assignment=a, active=True)
    assert (w.level, w.kind, w.department) == ("red", "demand_ack", org.market)
    client.force_login(org.supervisor)
    page = client.get(reverse("supervision:board")).content.decode()
    assert d.number in page and "诉求报到时限" in page
    client.post(reverse("supervision:issue"), {"warning": w.pk, "instruction": "请立即报到并办理", "reply_days": 2})
    o = SupervisionOrder.objects.get()
    assert o.warning == w and o.department == org.market and o.case is None
    # Once acknowledged, the acknowledgement warning clears.
    services.acknowledge(a, actor=org.market_handler, today=dt.date(2026, 11, 4))
    demand_watch.sync(today=dt.date(2026, 11, 4))
    w.refresh_from_db()
    assert not w.active
