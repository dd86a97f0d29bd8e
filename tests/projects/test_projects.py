"""Registering a project: the code checked, the class and target, the risk level with its reasons and the route;
the bureau's risk matrix versions."""
import pytest
from django.core.exceptions import ValidationError

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.models import AuditEvent
from yiwang.projects import services
from yiwang.projects.domain import risk
from yiwang.projects.domain.classes import Kind, Route
from yiwang.projects.models import Project, RiskMatrix

from .conftest import CODES, MON, project


@pytest.mark.parametrize("kind, target, route", [
    (Kind.GOVERNMENT, 33, Route.STANDARD), (Kind.APPROVED, 29, Route.LOW_RISK_INDUSTRIAL),
    (Kind.FILED, 28, Route.LOW_RISK_INDUSTRIAL)])
def test_the_class_sets_the_target_and_the_risk_the_route(chain, kind, target, route):
    p = project(chain, kind)
    assert p.target_days == target and p.route == route and p.risk_level == "low"
    assert p.risk_matrix_number == 0 and len(p.risk_reasons) == 6
    assert AuditEvent.objects.filter(action="projects.project.register", target_id=str(p.pk)).exists()


def test_an_office_tower_goes_one_stop_and_a_chemicals_store_never_does(chain):
    tower = project(chain, Kind.APPROVED, use="办公", floor_area=60000, height=80, name="明湖金融中心")
    assert tower.risk_level == "high" and tower.route == Route.ONE_STOP and not tower.excluded
    store = project(chain, Kind.FILED, use="仓储物流", hazardous=True, name="明湖化工品仓库")
    assert store.excluded and store.route == Route.STANDARD
    assert "涉及危险化学品" in store.route_reason


def test_an_invalid_code_is_refused_in_chinese_and_nothing_is_saved(chain):
    with pytest.raises(ValidationError) as e:
        project(chain, Kind.FILED, code="2026-310114-39-9-000103")
    assert "格式" in e.value.message_dict["code"][0]
    with pytest.raises(ValidationError) as e:
        project(chain, Kind.FILED, code=CODES[Kind.APPROVED])  # a 核准 code on a 备案 project
    assert "与投资类型“社会投资备案”" in e.value.message_dict["code"][0]
    assert not Project.objects.exists()


def test_every_bad_field_is_reported_at_once(chain):
    with pytest.raises(ValidationError) as e:
        services.register_project(actor=chain.agent, code="2026-310114-39-03-000103", name="", builder=chain.builder,
                                  kind=Kind.FILED, region=chain.org.district, land_area="两万", floor_area=-1,
                                  height=10, use="别墅", total_investment=100, today=MON)
    assert set(e.value.message_dict) == {"name", "land_area", "floor_area", "use"}


def test_someone_else_may_not_register_for_the_builder(chain):
    with pytest.raises(DomainError) as e:
        services.register_project(actor=chain.org.person_user, code=CODES[Kind.FILED], name="某项目",
                                  builder=chain.builder, kind=Kind.FILED, region=chain.org.district, land_area=1,
                                  floor_area=1, height=1, use="办公", total_investment=1, today=MON)
    assert e.value.status == 403


def _gap_matrix():
    m = {"factors": [dict(f) for f in risk.DEFAULT_MATRIX["factors"]]}
    m["factors"][1] = {**m["factors"][1], "cells": [{"min": 0, "max": 10000, "level": "low"},
                                                    {"min": 20000, "max": None, "level": "high"}]}
    return m


def test_the_bureau_saves_a_new_version_and_old_projects_keep_theirs(chain):
    old = project(chain, Kind.FILED)
    m = {"factors": [dict(f) for f in risk.DEFAULT_MATRIX["factors"]]}
    m["factors"][1] = {**m["factors"][1], "cells": [{"min": 0, "max": 5000, "level": "low"},
                                                    {"min": 5000, "max": None, "level": "medium"}]}
    row = services.save_matrix(m, actor=chain.bureau, expected_number=0, note="收紧低风险面积标准")
    assert row.number == 1
    new = project(chain, Kind.APPROVED, name="二期厂房")
    assert new.risk_matrix_number == 1 and new.risk_level == "medium" and new.route == Route.ONE_STOP
    old.refresh_from_db()
    assert old.risk_matrix_number == 0 and old.route == Route.LOW_RISK_INDUSTRIAL


def test_a_matrix_with_a_missing_cell_is_refused_whole(chain):
    with pytest.raises(ValidationError) as e:
        services.save_matrix(_gap_matrix(), actor=chain.bureau, expected_number=0)
    assert "缺少区间 [10000, 20000)" in e.value.message_dict["data"][0]
    assert not RiskMatrix.objects.exists()


def test_a_stale_matrix_version_is_a_conflict_and_only_the_bureau_edits(chain):
    services.save_matrix(risk.DEFAULT_MATRIX, actor=chain.bureau, expected_number=0)
    with pytest.raises(Conflict):
        services.save_matrix(risk.DEFAULT_MATRIX, actor=chain.bureau, expected_number=0)
    with pytest.raises(DomainError) as e:
        services.save_matrix(risk.DEFAULT_MATRIX, actor=chain.centre, expected_number=1)
    assert e.value.status == 403
    assert RiskMatrix.objects.count() == 1
