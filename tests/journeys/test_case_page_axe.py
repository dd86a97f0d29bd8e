"""Accessibility of the case page at every decision step, and of the supervision board and dashboard: axe-core
(the offline copy axe-playwright-python ships) finds no serious or critical violation on the staff and the
applicant's case page when the case is received, accepted, at each review step of 三级审批 (acceptor → reviewer
→ unit leader), decided and delivered; at 390×844 no page scrolls sideways and no table cell is narrower than two
characters; each page is saved at both widths under test-artifacts/axe/ (and $YIWANG_SCREENSHOTS when set)."""
import os
from datetime import date
from pathlib import Path

import pytest

from tests.journeys.conftest import ARTIFACTS
from tests.journeys.test_accessibility import DESKTOP, LAYOUT, PHONE, _serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page, axe, url: str, name: str) -> list[str]:
    """Open `url` at both widths: axe at desktop, layout at phone, a full-length screenshot at each."""
    out = ARTIFACTS / "axe"
    out.mkdir(parents=True, exist_ok=True)
    extra = os.environ.get("YIWANG_SCREENSHOTS")
    problems = []
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        response = page.goto(page.base_url + url)
        assert response.status == 200, (name, url, response.status)
        if size is DESKTOP:
            problems += [f"{name}: {v}" for v in _serious(axe, page)]
        else:
            layout = page.evaluate(LAYOUT)
            if layout["overflow"] > 0:
                problems.append(f"{name}: 手机宽度下页面横向溢出 {layout['overflow']}px")
            if layout["narrow"]:
                problems.append(f"{name}: 表格单元格窄于两个字 {layout['narrow']}")
        page.screenshot(path=str(out / f"{name}-{label}.png"), full_page=True)
        if extra:
            Path(extra).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(extra) / f"{name}-{label}.png"), full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})
    return problems


def test_the_case_page_at_every_decision_step_passes_axe_for_staff_and_applicant(page, login_as, org, settings,
                                                                                 tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    from django.utils import timezone

    from tests.cases.factories import file_all, make_item
    from yiwang.cases import services
    from yiwang.catalog.models import ItemVersion
    from yiwang.licences.keys import generate_key

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YIWANG_KEY_ENCRYPTION_KEY = "journey-master-key-0123456789abcdef0123456789"
    generate_key(org.market)
    v = make_item(org.market, tier="three_step", name="食品经营许可（新办）")
    ItemVersion.objects.filter(pk=v.pk).update(form_fields="经营者名称\n经营场所\n联系电话")
    v.refresh_from_db()
    case = file_all(org, v, today=timezone.localdate(), form_data={"经营者名称": "张三", "经营场所": "江澄市明湖区湖滨路18号",
                                       "联系电话": "13800000001"})
    axe, problems = Axe(), []

    def both(step: str, staff: str) -> None:
        login_as(staff)
        problems.extend(_check(page, axe, f"/cases/work/{case.pk}/", f"case-{step}-staff"))
        login_as("zhangsan")
        problems.extend(_check(page, axe, f"/cases/{case.pk}/", f"case-{step}-applicant"))

    both("1_received", "clerk")
    case = services.accept(case, actor=org.clerk, expected_version=case.version)
    both("2_accepted_acceptor", "clerk")  # 三级审批: the acceptor's first review
    case = services.forward(case, actor=org.clerk, expected_version=case.version, opinion="初审通过")
    both("3_reviewer", "reviewer")
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, opinion="材料齐全，场所符合要求")
    both("4_unit_leader", "unit_leader")
    case = services.approve(case, actor=org.unit_leader, expected_version=case.version, opinion="准予许可")
    both("5_decided", "clerk")
    case = services.deliver(case, actor=org.clerk, expected_version=case.version, method="window")
    both("6_delivered", "clerk")
    assert not problems, "\n".join(problems)


def test_the_supervision_board_and_dashboard_pass_axe(page, login_as, org, settings, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    from tests.cases.factories import accepted, build_items
    from yiwang.supervision import figures

    settings.MEDIA_ROOT = tmp_path / "media"
    items = build_items(org)
    accepted(org, items.two, today=date(2025, 11, 3))  # long overdue: a red warning on the board
    figures.refresh_rollups(date(2025, 11, 1), date(2025, 11, 30))
    axe = Axe()
    login_as("supervisor")
    problems = _check(page, axe, "/supervision/", "supervision-board")
    problems += _check(page, axe, "/supervision/dashboard/?start=2025-11-01&end=2025-11-30", "supervision-dashboard")
    assert not problems, "\n".join(problems)
