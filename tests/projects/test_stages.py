"""Stages over cases: one form per stage, one intake creating the parallel items' cases, following items filed when
their predecessor concludes, the route's stage order, regional assessments, fields never asked twice."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from yiwang.api.errors import Conflict
from yiwang.cases.models import Case
from yiwang.projects import queries, services
from yiwang.projects.domain.classes import Kind, Route
from yiwang.projects.models import StageApplication

from .conftest import MON, answers, decide, materials, project


def file(chain, p, stage, on=MON, **extra):
    p.refresh_from_db()
    return services.file_stage(p, stage, actor=chain.agent, answers=answers(chain, p, stage, **extra),
                               files=materials(p, stage), expected_version=p.version, today=on)


def names(app):
    return {sc.stage_item.item.name: sc for sc in app.items.select_related("stage_item__item", "case")}


def test_one_intake_files_the_parallel_items_each_with_its_department_and_clock(chain):
    p = project(chain, Kind.FILED)
    app = file(chain, p, "s1")
    items = names(app)
    assert set(items) == {"企业投资项目备案", "建设项目用地预审与选址意见书核发", "建设用地规划许可证核发", "地震安全性评价审查"}
    filed = {n: sc.case for n, sc in items.items() if sc.case}
    assert set(filed) == {"企业投资项目备案", "建设项目用地预审与选址意见书核发", "地震安全性评价审查"}
    assert {c.department.code for c in filed.values()} == {"FGW", "GHZY", "JSW"}
    assert all(c.received_on == MON and c.form_data["投资项目统一代码"] == p.code for c in filed.values())
    assert items["建设用地规划许可证核发"].case is None and not items["建设用地规划许可证核发"].parallel
    # the form asked only what the register did not know
    assert "项目名称" in app.reused_fields and "项目名称" not in app.asked_fields and app.reasked_fields == []


def test_the_following_item_is_filed_when_its_predecessor_is_approved(chain, django_capture_on_commit_callbacks):
    p = project(chain, Kind.FILED)
    app = file(chain, p, "s1")
    site = names(app)["建设项目用地预审与选址意见书核发"].case
    with django_capture_on_commit_callbacks(execute=True):
        decide(chain, site, accept_on=MON, approve_on=date(2026, 3, 6))
    land = names(app)["建设用地规划许可证核发"].case
    assert land is not None and land.received_on == date(2026, 3, 6) and land.department.code == "GHZY"
    app.refresh_from_db()
    assert app.status == StageApplication.Status.OPEN


def test_the_stage_concludes_when_every_item_has(chain, django_capture_on_commit_callbacks):
    p = project(chain, Kind.FILED)
    app = file(chain, p, "s1")
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("企业投资项目备案", "地震安全性评价审查", "建设项目用地预审与选址意见书核发"):
            decide(chain, names(app)[name].case, accept_on=MON, approve_on=date(2026, 3, 4))
    with django_capture_on_commit_callbacks(execute=True):
        decide(chain, names(app)["建设用地规划许可证核发"].case, accept_on=date(2026, 3, 5), approve_on=date(2026, 3, 10))
    app.refresh_from_db()
    assert app.status == StageApplication.Status.CONCLUDED and app.concluded_on == date(2026, 3, 10)
    c = queries.clock_of(p, today=date(2026, 3, 20))
    # 备案, 地震 and 选址 in parallel (Tue–Wed), then 用地规划许可 (Thu–Tue): six working days once, not 2+2+2+4
    assert c.government == 6 and c.by_stage == {"s1": 6}


def test_a_regional_assessment_of_the_park_spares_the_matching_item(chain):
    services.add_regional_assessment(actor=chain.centre, park=chain.park, kind="seismic", done_on=date(2025, 6, 30))
    p = project(chain, Kind.FILED, park=chain.park)
    app = file(chain, p, "s1")
    assert "地震安全性评价审查" not in names(app)
    assert app.spared == [{"item": "地震安全性评价审查", "why": "园区已完成区域评估：地震安全性评价（2025-06-30）"}]


def test_a_stage_filed_before_its_predecessor_ends_is_refused_where_the_route_forbids(chain):
    p = project(chain, Kind.GOVERNMENT)
    assert p.route == Route.STANDARD
    file(chain, p, "s1")
    cases, apps = Case.objects.count(), StageApplication.objects.count()
    with pytest.raises(Conflict) as e:
        file(chain, p, "s2")
    assert "“立项用地规划许可”阶段尚未办结" in e.value.message
    assert (Case.objects.count(), StageApplication.objects.count()) == (cases, apps)


def test_a_missing_field_refuses_the_whole_stage(chain):
    p = project(chain, Kind.FILED)
    given = answers(chain, p, "s1")
    given.pop("拟选址位置")
    with pytest.raises(ValidationError) as e:
        services.file_stage(p, "s1", actor=chain.agent, answers=given, expected_version=p.version, today=MON)
    assert e.value.message_dict == {"拟选址位置": ["请填写“拟选址位置”"]}
    assert not Case.objects.exists() and not StageApplication.objects.exists()


def test_a_stale_project_version_is_a_conflict(chain):
    p = project(chain, Kind.FILED)
    with pytest.raises(Conflict):
        services.file_stage(p, "s1", actor=chain.agent, answers=answers(chain, p, "s1"),
                            expected_version=p.version + 1, today=MON)


def _conclude(chain, app, on, capture):
    with capture(execute=True):
        for sc in list(app.items.exclude(case=None).select_related("case")):
            decide(chain, sc.case, accept_on=on, approve_on=on)
    with capture(execute=True):
        for sc in list(app.items.filter(case__isnull=False, case__state="received").select_related("case")):
            decide(chain, sc.case, accept_on=on, approve_on=on)
    app.refresh_from_db()
    assert app.status == StageApplication.Status.CONCLUDED


def test_low_risk_industrial_merges_the_planning_and_construction_permits(chain, django_capture_on_commit_callbacks):
    p = project(chain, Kind.FILED)
    assert p.route == Route.LOW_RISK_INDUSTRIAL
    _conclude(chain, file(chain, p, "s1"), date(2026, 3, 3), django_capture_on_commit_callbacks)
    with pytest.raises(Conflict) as e:
        file(chain, p, "s2")
    assert "并入“施工许可”阶段" in e.value.message
    app = file(chain, p, "s3", on=date(2026, 3, 9))
    # one intake: the works-planning permit with the construction permit; no separate fire design review
    assert set(names(app)) == {"建设工程规划许可证核发", "建筑工程施工许可证核发"}
    assert all(sc.parallel for sc in names(app).values())


def test_one_stop_files_the_construction_permit_while_the_works_permit_is_open(chain, django_capture_on_commit_callbacks):
    p = project(chain, Kind.APPROVED, use="办公", floor_area=30000, height=60, name="明湖总部大楼")
    assert p.route == Route.ONE_STOP
    _conclude(chain, file(chain, p, "s1"), date(2026, 3, 3), django_capture_on_commit_callbacks)
    file(chain, p, "s2", on=date(2026, 3, 9))
    app3 = file(chain, p, "s3", on=date(2026, 3, 10))
    assert {"特殊建设工程消防设计审查", "建筑工程施工许可证核发"} == set(names(app3))
    with pytest.raises(Conflict) as e:
        file(chain, p, "s4", on=date(2026, 3, 11))
    assert "“施工许可”阶段尚未办结" in e.value.message


def test_no_field_is_asked_twice_across_the_stages(chain, django_capture_on_commit_callbacks):
    p = project(chain, Kind.APPROVED, use="办公", floor_area=30000, height=60, name="明湖总部大楼")
    on = date(2026, 3, 3)
    asked: list[str] = []
    for stage in ("s1", "s2", "s3", "s4"):
        app = file(chain, p, stage, on=on)
        assert not set(app.asked_fields) & set(asked), f"{stage} asked again {set(app.asked_fields) & set(asked)}"
        assert app.reasked_fields == []
        asked += app.asked_fields
        _conclude(chain, app, on, django_capture_on_commit_callbacks)
        on = date(2026, 3, on.day + 7)
    # 设计单位 entered in 工程建设许可 was reused by 施工许可's fire design review; 施工单位 by 竣工验收
    s3, s4 = p.stages.get(stage="s3"), p.stages.get(stage="s4")
    assert "设计单位" in s3.reused_fields and "施工单位" in s4.reused_fields
    assert queries.tracking_row(p, today=on)["reasked"] == 0


def test_a_known_field_entered_again_with_another_value_counts_as_reasked(chain, django_capture_on_commit_callbacks):
    p = project(chain, Kind.APPROVED, use="办公", floor_area=30000, height=60, name="明湖总部大楼")
    _conclude(chain, file(chain, p, "s1"), date(2026, 3, 3), django_capture_on_commit_callbacks)
    p.refresh_from_db()
    given = {**answers(chain, p, "s2"), "项目名称": "明湖总部大楼（一期）"}
    app = services.file_stage(p, "s2", actor=chain.agent, answers=given, expected_version=p.version,
                              today=date(2026, 3, 9))
    assert app.reasked_fields == ["项目名称"]
    assert queries.tracking_row(p)["reasked"] == 1
