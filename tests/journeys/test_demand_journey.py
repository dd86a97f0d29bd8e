"""Browser journeys: the demands loop through the pages (an enterprise raises a demand → the centre dispatches to
a lead and a co-department → both report and reply → the centre passes it → the enterprise is unhappy → reopened
→ redispatched → closed and rated), and a commissioner turning a visit's problem into a demand."""
import datetime as dt

import pytest

from yiwang.demands.models import Demand

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return _loop(org)


def _loop(org):
    from yiwang.enterprises import care
    from yiwang.org.models import Role

    from tests.enterprises.factories import register
    from tests.factories import DepartmentFactory, staff

    org.enterprise = register(applicant=org.company, industry="C3911")
    org.centre = staff("qyfw", Role.SERVICE_CENTRE)
    org.power = DepartmentFactory(code="FGW", name="区发展和改革委员会", region=org.district)
    staff("scj_demand", Role.DEMAND_HANDLER, department=org.market)
    staff("fgw_demand", Role.DEMAND_HANDLER, department=org.power)
    org.commissioner = staff("commissioner01", Role.COMMISSIONER)
    care.assign_commissioner([org.enterprise], actor=org.centre, commissioner=org.commissioner)
    return org


def _dispatch(page, lead_name, co_name=None):
    form = page.locator("form#dispatch")
    form.locator("select[name=lead]").select_option(label=lead_name)
    form.locator("input[name=lead_task]").fill("牵头协调并答复企业")
    if co_name:
        form.locator("select[name=co]").select_option(label=co_name)
        form.locator("input[name=co_task]").fill("提供项目备案情况")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def _work(page, login_as, url, who, text):
    login_as(who)
    page.goto(url)
    page.click("button:has-text('报到')")
    page.wait_for_load_state()
    page.fill("textarea[name=text]", text)
    page.click("section[id^=assignment] button:has-text('答复')")
    page.wait_for_load_state()


def test_demand_loop_through_the_pages(page, login_as, world):
    org = world
    login_as("agent")
    page.goto(page.base_url + "/demands/new/")
    page.select_option("select[name=category]", value="utilities")
    page.fill("input[name=title]", "新厂房用电增容")
    page.fill("textarea[name=description]", "新厂房需要增容至2000千伏安")
    page.click("button:has-text('提交')")
    page.wait_for_load_state()
    url = page.url
    assert "待受理" in page.inner_text("#status")
    login_as("qyfw")
    page.goto(url)
    page.click("#centre-actions button:text-is('受理')")
    page.wait_for_load_state()
    _dispatch(page, "区市场监督管理局", "区发展和改革委员会")
    assert "部门办理中" in page.inner_text("#status")
    _work(page, login_as, url, "fgw_demand", "项目已备案")
    _work(page, login_as, url, "scj_demand", "已协调供电公司，本月底前完成增容")
    login_as("qyfw")
    page.goto(url)
    page.click("button:has-text('审核通过并答复企业')")
    page.wait_for_load_state()
    login_as("agent")
    page.goto(url)
    assert "本月底前完成增容" in page.inner_text("#answer")
    page.check("input[name=evaluation][value=unsatisfied]")
    page.fill("#evaluate input[name=comment]", "没有具体日期")
    page.click("#evaluate button[type=submit]")
    page.wait_for_load_state()
    assert "不满意重办" in page.inner_text("#status")
    login_as("qyfw")
    page.goto(url)
    _dispatch(page, "区市场监督管理局")
    _work(page, login_as, url, "scj_demand", "供电公司确认12月20日完成增容")
    login_as("qyfw")
    page.goto(url)
    page.click("button:has-text('审核通过并答复企业')")
    page.wait_for_load_state()
    login_as("agent")
    page.goto(url)
    page.check("input[name=evaluation][value=satisfied]")
    page.click("#evaluate button[type=submit]")
    page.wait_for_load_state()
    assert "已办结" in page.inner_text("#status")
    timeline = page.inner_text("#timeline")
    assert "重新办理" in timeline and "项目已备案" not in timeline  # the co-department's reply is internal
    d = Demand.objects.get()
    assert (d.status, d.evaluation, d.reopen_count, d.round) == ("closed", "satisfied", 1, 2)


def test_commissioner_visit_problem_becomes_a_demand(page, login_as, world):
    org = world
    login_as("commissioner01")
    page.goto(page.base_url + f"/enterprises/{org.enterprise.pk}/")
    page.click("summary:has-text('记录走访')")
    page.fill("input[name=people_met]", "王总（总经理）")
    page.fill("textarea[name=summary]", "了解扩产计划")
    page.fill("textarea[name=problems]", "招聘技术工人难")
    page.click("button:has-text('保存走访')")
    page.wait_for_load_state()
    page.goto(page.base_url + "/demands/commissioner/")
    row = page.locator("#problems li", has_text="招聘技术工人难")
    row.locator("select[name=category]").select_option(value="labour")
    row.locator("button:has-text('转为诉求')").click()
    page.wait_for_load_state()
    assert "待受理" in page.inner_text("#status")
    d = Demand.objects.get()
    assert d.channel == "visit" and d.visit_problem is not None and d.submitted_on <= dt.date.today()
