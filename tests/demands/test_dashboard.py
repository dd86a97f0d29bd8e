"""The efficiency dashboard shows the demands loop's figures with their definitions; a department head counts only
the demands dispatched to their department."""
import datetime as dt

import pytest
from django.urls import reverse

from yiwang.demands import services
from yiwang.org.models import Role

from tests.factories import staff

from .test_loop import _raise, _to_answered

pytestmark = pytest.mark.django_db


def _figures_table(page: str) -> str:
    start = page.index('id="demand-figures"')
    return page[start:page.index("</table>", start)]


def test_the_dashboard_shows_the_demands_figures_by_category(client, org, loop):
    d = _to_answered(org, _raise(org))
    services.evaluate(d, actor=org.agent, evaluation="satisfied", comment="")
    other = services.submit(actor=org.centre, channel="hotline", category="policy", enterprise=org.enterprise,
                            title="高新技术企业认定咨询", description="咨询今年高新技术企业认定的申报时间。")
    services.accept(other, actor=org.centre)
    services.dispatch(other, actor=org.centre, lead=org.health, lead_task="答复申报时间")
    supervisor = staff("supervisor2", Role.SUPERVISOR)
    client.force_login(supervisor)
    today = dt.date.today()
    page = client.get(reverse("supervision:dashboard"), {"start": f"{today:%Y-%m}-01", "end": f"{today}"}).content.decode()
    table = _figures_table(page)
    assert "企业诉求办理" in page and "办结率" in table and "满意率" in table
    assert "<th scope=\"row\">合计</th><td>2</td><td>2</td><td>1</td><td>50.0</td>" in table.replace("\n", "")
    assert "办结率：办结 ÷ 受理" in page  # the definition is shown
    # the market's head sees the one demand dispatched to the market only
    client.force_login(org.section_head)
    page = client.get(reverse("supervision:dashboard"), {"start": f"{today:%Y-%m}-01", "end": f"{today}"}).content.decode()
    assert "<th scope=\"row\">合计</th><td>1</td>" in _figures_table(page).replace("\n", "")
    assert reverse("demands:figures") not in page  # a link they could not open is not shown
