from types import SimpleNamespace

import pytest

from tests.factories import DepartmentFactory, RegionFactory, staff
from yiwang.org.models import Region, Role

PLAN_TEXT = """江澄市明湖区人民政府关于印发《明湖区2025年优化营商环境工作方案》的通知
明府发〔2025〕3号
各街道办事处，区政府各委、办、局：
现将《明湖区2025年优化营商环境工作方案》印发给你们，请认真贯彻执行。
2025年2月10日
明湖区2025年优化营商环境工作方案
一、提升政务服务效能
（一）深化“一网通办”。具体措施：
1.政务服务事项可网办比例达到95%以上。（责任单位：区政务服务办（区大数据中心）、区市场监管局）
2.政务服务中心综合窗口比例提升到80%以上。（责任单位：区政务服务办、区民政局）
3.完善“好差评”制度，差评整改率达到100%。（责任单位：区政务服务办、各相关部门）
二、优化市场环境
（一）企业开办和注销。具体措施：
1.推行企业开办“一窗通”，2025年6月底前实现全程电子化。（责任单位：区市场监管局、区税务局）
2.推进跨部门联合抽查。（责任单位：区市场监管局、区经委）
"""


def revised(text: str) -> str:
    return (text.replace("可网办比例达到95%以上", "可网办比例达到98%以上")
            .replace("2.推进跨部门联合抽查。（责任单位：区市场监管局、区经委）\n",
                     "2.推行包容审慎监管，制定免罚清单。（责任单位：区司法局、区市场监管局）\n")
            .replace("3.完善“好差评”制度", "3.全面完善“好差评”制度"))


@pytest.fixture
def reform_org(db):
    district = RegionFactory(code="329901000000", name="明湖区", level=Region.Level.DISTRICT)
    d = SimpleNamespace()
    d.zwb = DepartmentFactory(code="ZWB", name="明湖区政务服务办公室", short_name="区政务服务办", region=district)
    d.scj = DepartmentFactory(code="SCJ", name="明湖区市场监督管理局", short_name="区市场监管局", region=district)
    d.mzj = DepartmentFactory(code="MZJ", name="明湖区民政局", short_name="区民政局", region=district)
    d.sfj = DepartmentFactory(code="SFJ", name="明湖区司法局", short_name="区司法局", region=district)
    d.swj = DepartmentFactory(code="SWJU", name="国家税务总局江澄市明湖区税务局", short_name="明湖区税务局",
                              region=district)
    d.fgw = DepartmentFactory(code="FGW", name="明湖区发展和改革委员会", short_name="区发展改革委", region=district)
    d.officer = staff("reform", Role.REFORM_OFFICER, d.zwb)
    d.zwb_liaison = staff("zwb_liaison", Role.REFORM_LIAISON, d.zwb)
    d.scj_liaison = staff("scj_liaison", Role.REFORM_LIAISON, d.scj)
    d.mzj_liaison = staff("mzj_liaison", Role.REFORM_LIAISON, d.mzj)
    d.scj_head = staff("scj_head", Role.SECTION_HEAD, d.scj)
    d.evaluator = staff("evaluator", Role.EVALUATOR)
    d.supervisor = staff("supervisor", Role.SUPERVISOR, d.zwb)
    d.clerk = staff("clerk", Role.CLERK, d.scj)
    return d


@pytest.fixture
def plan_text():
    return PLAN_TEXT
