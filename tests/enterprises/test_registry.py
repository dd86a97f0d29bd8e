"""The registry's service functions: profiles keyed by USCC, tied to the applicant, figures with history,
scale derived and overridden, tags, version checks, audit."""
import datetime as dt
from decimal import Decimal

import pytest

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.models import AuditEvent
from yiwang.enterprises import queries, services
from yiwang.enterprises.models import Enterprise, YearlyFigure
from yiwang.org.identifiers import make_uscc

from .factories import EnterpriseFactory, ParkFactory, next_uscc, register

pytestmark = pytest.mark.django_db


def test_registering_ties_the_profile_to_the_legal_person_applicant(org):
    e = register(org.clerk, applicant=org.company, industry="C3911", entity_type="股份有限公司")
    assert e.applicant == org.company and e.uscc == org.company.id_number
    assert e.industry.name == "计算机整机制造" and e.industry_section == "C"
    assert e.entity_type == Enterprise.EntityType.JOINT_STOCK
    assert AuditEvent.objects.filter(action="enterprises.enterprise.register", target_id=str(e.pk)).exists()


def test_a_profile_without_an_applicant_is_linked_when_next_changed(org):
    uscc = next_uscc()
    e = register(uscc=uscc, name="上海未登记申请人科技有限公司")
    assert e.applicant is None
    from yiwang.org.models import Applicant

    applicant = Applicant.objects.create(kind=Applicant.Kind.LEGAL, name=e.name, id_number=uscc)
    e = services.update_enterprise(e, actor=None, address="示范路8号")
    assert e.applicant == applicant


@pytest.mark.parametrize("fields,field,message", [
    ({"uscc": "91310114MA1G000000"}, "uscc", "校验码错误"),
    ({"uscc": "913101"}, "uscc", "应为18位"),
    ({"industry": "9999"}, "industry", "不在《国民经济行业分类》"),
    ({"industry": "A3911"}, "industry", "门类应为C"),
    ({"registered_capital": "-5"}, "registered_capital", "不能为负数"),
    ({"founded_on": "2020-13-40"}, "founded_on", "应为日期"),
    ({"park": "不存在的园区"}, "park", "不存在"),
    ({"status": "歇业中"}, "status", "登记状态"),
    ({"name": "  "}, "name", "请填写企业名称"),
])
def test_bad_input_is_refused_by_field_and_nothing_is_saved(fields, field, message):
    data = {"uscc": next_uscc(), "name": "上海测试科技有限公司", **fields}
    with pytest.raises(DomainError) as err:
        services.register_enterprise(actor=None, **data)
    assert err.value.field == field and message in err.value.message
    assert not Enterprise.objects.exists()


def test_the_same_uscc_twice_is_a_conflict():
    e = register()
    with pytest.raises(Conflict):
        services.register_enterprise(actor=None, uscc=e.uscc, name="重复")


def test_figures_derive_the_scale_and_corrections_keep_history(org):
    e = register(industry="C3911")
    assert e.scale == "" and "无法划型" in e.scale_basis or e.scale_basis
    services.record_yearly_figures(e, actor=org.clerk, year=2024, headcount=350, revenue="2500")
    e.refresh_from_db()
    assert (e.scale, e.figures_year, e.headcount) == ("medium", 2024, 350)
    assert "2024年度" in e.scale_basis and "工业" in e.scale_basis
    services.record_yearly_figures(e, actor=org.clerk, year=2024, headcount=350, revenue="1800",
                                   note="年报更正")
    e.refresh_from_db()
    assert e.scale == "small" and e.revenue == Decimal("1800.00")
    history = list(YearlyFigure.objects.filter(enterprise=e, year=2024).order_by("revision"))
    assert [(f.revision, f.is_current, f.revenue) for f in history] == [
        (1, False, Decimal("2500.00")), (2, True, Decimal("1800.00"))]
    # An older year does not displace the latest.
    services.record_yearly_figures(e, actor=None, year=2022, headcount=20, revenue="300")
    e.refresh_from_db()
    assert e.figures_year == 2024 and e.scale == "small"


def test_negative_headcount_is_a_field_error_and_nothing_changes():
    e = register(industry="C3911")
    with pytest.raises(DomainError) as err:
        services.record_yearly_figures(e, actor=None, year=2024, headcount=-3, revenue="100")
    assert err.value.field == "headcount" and "不能为负数" in err.value.message
    assert not YearlyFigure.objects.exists()


def test_override_needs_a_reason_and_wins_until_cleared():
    e = register(industry="I6513")
    services.record_yearly_figures(e, actor=None, year=2024, headcount=12, revenue="60")
    with pytest.raises(DomainError) as err:
        services.override_scale(e, actor=None, scale="medium", reason="")
    assert err.value.field == "reason"
    e = services.override_scale(e, actor=None, scale="medium", reason="统计部门2025年认定为中型")
    assert (e.scale, e.scale_derived) == ("medium", "small")
    e = services.override_scale(e, actor=None, scale="", reason="")
    assert e.scale == "small"


def test_a_stale_version_is_refused():
    e = register()
    services.update_enterprise(e, actor=None, expected_version=1, address="新地址1号")
    with pytest.raises(Conflict) as err:
        services.update_enterprise(e, actor=None, expected_version=1, address="旧页面的地址")
    assert err.value.extra["current_version"] == 2
    e.refresh_from_db()
    assert e.address == "新地址1号"


def test_tags_with_validity():
    e = register()
    held = services.add_tag(e, actor=None, tag="hnte", reference="GR202431000123", valid_from="2024-12-01")
    assert held.valid_to == dt.date(2027, 11, 30)
    assert held.is_valid_on(dt.date(2026, 1, 1)) and not held.is_valid_on(dt.date(2028, 1, 1))
    with pytest.raises(DomainError, match="不在标签目录中"):
        services.add_tag(e, actor=None, tag="nonexistent")
    services.remove_tag(e, actor=None, tag="hnte", reason="证书到期未重新认定")
    assert not e.tags.exists()


def test_search_by_name_prefix_uscc_industry_park_scale_and_tag():
    park = ParkFactory(name="示范智造园")
    a = EnterpriseFactory(name="上海甲乙软件有限公司", park=park, scale="small")
    b = EnterpriseFactory(name="上海甲丙制造有限公司", industry_id="3911", industry_section="C", scale="medium")
    EnterpriseFactory(name="北京甲乙软件有限公司")
    services.add_tag(b, actor=None, tag="srdi")
    assert set(queries.search(q="上海甲")) == {a, b}
    assert list(queries.search(q=b.uscc)) == [b]
    assert list(queries.search(q=b.uscc[:17])) == [b]
    assert set(queries.search(industry="C39")) == {b}
    assert set(queries.search(industry="65")) == {a, Enterprise.objects.get(name="北京甲乙软件有限公司")}
    assert list(queries.search(park=park)) == [a]
    assert list(queries.search(scale="medium")) == [b]
    assert list(queries.search(tag="srdi")) == [b]
    assert list(queries.search(industry="不是代码")) == []


def test_make_uscc_shape_is_valid():
    assert services.normalise_uscc(make_uscc("91310114MA1G00001")).startswith("913101")


def test_a_name_prefix_search_lists_in_code_point_order_and_takes_the_prefix_literally():
    names = ["明湖区星辰软件有限公司", "明湖区阿里巴巴电子商务有限公司", "明湖区100%纯净水厂", "明湖区_测试_商行",
             "明湖区ABC贸易有限公司", "明湖区一品餐饮店"]
    for name in names:
        EnterpriseFactory(name=name)
    EnterpriseFactory(name="西湖区星辰软件有限公司")
    assert [e.name for e in queries.search(q="明湖区")] == sorted(names)  # the same on SQLite and PostgreSQL
    assert [e.name for e in queries.search(q="明湖区100%")] == ["明湖区100%纯净水厂"]
    assert [e.name for e in queries.search(q="明湖区_")] == ["明湖区_测试_商行"]


def test_the_name_prefix_search_is_served_by_one_index_for_the_range_and_the_order():
    from django.db import connection

    sql = str(queries.search(q="明湖").query)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'ent_name_c_order'")
            assert 'COLLATE "C"' in cur.fetchone()[0]
        assert 'COLLATE "C"' in sql
    else:
        assert "COLLATE" not in sql  # SQLite compares byte-wise (BINARY) already


def test_division_and_group_searches_follow_the_industry_code_through_every_change():
    a = register(industry="C3911")
    b = register(industry="C3921")
    c = register(industry="I6513")
    assert (a.industry_division, a.industry_group) == ("39", "391")
    assert set(queries.search(industry="C39")) == {a, b}
    assert list(queries.search(industry="391")) == [a]
    assert list(queries.search(industry="C392")) == [b]
    assert set(queries.search(industry="3")) == {a, b}
    # the profile moves to software: the division and group move with it, whatever door the change comes through
    services.update_enterprise(a, actor=None, industry="I6513")
    assert set(queries.search(industry="I65")) == {a, c}
    assert list(queries.search(industry="C39")) == [b]
    services.update_enterprise(a, actor=None, industry="")
    assert Enterprise.objects.filter(pk=a.pk, industry_division="", industry_group="").exists()


def test_a_tag_search_lists_the_holders_in_name_order_and_follows_a_rename():
    names = ["明湖区星辰软件有限公司", "明湖区阿里电子商务有限公司", "明湖区ABC贸易有限公司"]
    held = [EnterpriseFactory(name=n) for n in names]
    EnterpriseFactory(name="明湖区不持有标签的公司")
    for e in held:
        services.add_tag(e, actor=None, tag="srdi")
    assert [e.name for e in queries.search(tag="srdi")] == sorted(names)
    services.update_enterprise(held[0], actor=None, name="明湖区000星辰软件有限公司")
    assert [e.name for e in queries.search(tag="srdi")][0] == "明湖区000星辰软件有限公司"
    assert list(queries.search(tag="no-such-tag")) == []
    assert [e.name for e in queries.search(tag="srdi", q="明湖区A")] == ["明湖区ABC贸易有限公司"]
