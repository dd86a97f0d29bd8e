import datetime as dt

import pytest

from yiwang.enterprises import services as ent
from yiwang.org.models import Park, Role
from yiwang.policies import services

from tests.enterprises.factories import register
from tests.factories import DepartmentFactory, staff

HNTE_RULE = {"and": [{"in": [{"var": "park"}, ["MHKJ"]]}, {"has_tag": ["hnte"]},
                     {">=": [{"var": "figures.2025.revenue"}, 2000]}]}


@pytest.fixture(autouse=True)
def _sync(settings):
    settings.YIWANG_POLICIES_SYNC_MATCHING = True


@pytest.fixture
def world(org):
    return build_world(org)


def build_world(org):
    """A park, three enterprises (one eligible for the 高企 reward, one missing the tag, one with no 2025 figures),
    the science department with two policy officers and a section head, the district's policy officer."""
    w = org
    w.park = Park.objects.create(code="MHKJ", name="明湖科技园", kind="science", region=org.district,
                                 managing_body="明湖科技园管理委员会")
    w.kw = DepartmentFactory(code="KW", name="区科学技术委员会", region=org.district)
    w.officer = staff("policy", Role.POLICY_OFFICER)
    w.kw_officer = staff("kw_policy", Role.POLICY_OFFICER, department=w.kw)
    w.kw_officer2 = staff("kw_policy2", Role.POLICY_OFFICER, department=w.kw)
    w.kw_head = staff("kw_head", Role.SECTION_HEAD, department=w.kw)
    w.star = register(applicant=org.company, industry="I6513", park=w.park, region=org.town,
                      founded_on="2016-05-20", registered_capital="1000")
    ent.record_yearly_figures(w.star, actor=None, year=2025, headcount=120, revenue="5200", total_assets="8000",
                              tax_paid="310")
    ent.add_tag(w.star, actor=None, tag="hnte", valid_from="2024-12-01")
    w.notag = register(industry="I6513", park=w.park, region=org.town, founded_on="2019-03-01")
    ent.record_yearly_figures(w.notag, actor=None, year=2025, headcount=40, revenue="2600", total_assets="900",
                              tax_paid="80")
    w.nofig = register(industry="I6520", park=w.park, region=org.town, founded_on="2020-01-01")
    ent.add_tag(w.nofig, actor=None, tag="hnte", valid_from="2024-12-01")
    return w


def make_policy(w, *, mode="auto", rule=None, publish=True, benefits=None, number="明科发〔2026〕3号",
                title="高新技术企业认定奖励"):
    p = services.create_policy(actor=w.officer, number=number, title=title, lead_department=w.kw, mode=mode,
                               issued_on=dt.date(2026, 11, 20), effective_from=dt.date(2026, 11, 20),
                               effective_to=dt.date(2027, 12, 31), themes="科技创新、高新技术企业")
    services.set_rule(p, actor=w.officer, rule=rule or HNTE_RULE)
    services.set_benefits(p, actor=w.officer, benefits=benefits or [
        {"kind": "reward", "description": "首次认定的高新技术企业一次性奖励", "amount_type": "fixed", "amount": "20"}])
    if publish:
        services.publish(p, actor=w.officer)
        services.recompute_policy(p.pk)  # what the commit of the publication runs (tests run in a transaction)
    p.refresh_from_db()
    return p
