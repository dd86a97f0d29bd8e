"""The tracking board and project pages, the builder's stage form, the risk matrix page, and the API — scoped:
the builder's agents see their projects, a department its items, the review centre and the bureau everything."""

import pytest

from yiwang.org.models import Role
from yiwang.projects import services
from yiwang.projects.domain import risk
from yiwang.projects.domain.classes import Kind
from yiwang.projects.models import Project, RiskMatrix

from tests.factories import staff

from .conftest import MON, answers, materials, project


@pytest.fixture
def two(chain):
    """A filed project of the builder with stage 1 filed, and a government project of another builder."""
    p = project(chain, Kind.FILED)
    services.file_stage(p, "s1", actor=chain.agent, answers=answers(chain, p, "s1"), files=materials(p, "s1"),
                        expected_version=p.version, today=MON)
    from tests.enterprises.factories import register

    other = register(name="江澄城投建设有限公司", industry="E4813")
    from yiwang.org.models import Applicant

    other.applicant = Applicant.objects.create(kind=Applicant.Kind.LEGAL, name=other.name, id_number=other.uscc,
                                               legal_representative="周强")
    other.save()
    g = services.register_project(actor=chain.centre, code="2026-310114-48-01-000201", name="明湖中学新建工程",
                                  builder=other, kind=Kind.GOVERNMENT, region=chain.org.district, land_area=30000,
                                  floor_area=24000, height=22, use="公共建筑", total_investment=18000, today=MON)
    return p, g


def test_the_centre_sees_every_project_on_the_board_and_filters_by_class(client, chain, two):
    p, g = two
    client.force_login(chain.centre)
    page = client.get("/projects/").content.decode()
    assert p.name in page and g.name in page and "企业投资项目备案" in page
    page = client.get("/projects/", {"kind": "government"}).content.decode()
    assert g.name in page and p.name not in page
    page = client.get("/projects/", {"department": "FGW"}).content.decode()
    assert p.name in page and g.name not in page


def test_a_department_sees_only_projects_with_its_items_and_only_its_items(client, chain, two):
    p, g = two
    reviewer = staff("ghzy_reviewer", Role.REVIEWER, department=chain.ghzy)
    client.force_login(reviewer)
    page = client.get("/projects/").content.decode()
    assert p.name in page and g.name not in page
    detail = client.get(f"/projects/{p.pk}/").content.decode()
    assert "建设项目用地预审与选址意见书核发" in detail and "企业投资项目备案" not in detail
    assert client.get(f"/projects/{g.pk}/").status_code == 404


def test_the_builder_sees_its_own_and_a_stranger_nothing(client, chain, two):
    p, g = two
    client.force_login(chain.agent)
    page = client.get("/projects/").content.decode()
    assert p.name in page and g.name not in page
    client.force_login(chain.org.person_user)
    assert client.get("/projects/").status_code == 403


def test_the_stage_form_shows_the_known_fields_and_files_the_stage(client, chain):
    p = project(chain, Kind.GOVERNMENT, use="公共建筑", name="明湖区图书馆")
    client.force_login(chain.agent)
    page = client.get(f"/projects/{p.pk}/stages/s1/").content.decode()
    assert "明湖区图书馆" in page and 'name="f:资金来源"' in page and 'name="f:项目名称"' not in page
    data = {"version": p.version, **{f"f:{k}": v for k, v in answers(chain, p, "s1").items()}}
    r = client.post(f"/projects/{p.pk}/stages/s1/", data)
    assert r.status_code == 302
    assert p.stages.get(stage="s1").items.exclude(case=None).count() == 3
    # stage 2 before stage 1 concluded: the page says why and nothing is filed
    page = client.get(f"/projects/{p.pk}/stages/s2/").content.decode()
    assert "阶段尚未办结" in page


def test_a_missing_field_on_the_stage_form_is_shown_in_chinese(client, chain):
    p = project(chain, Kind.FILED)
    client.force_login(chain.agent)
    r = client.post(f"/projects/{p.pk}/stages/s1/", {"version": p.version})
    assert r.status_code == 400 and "请填写“拟选址位置”" in r.content.decode()
    assert not p.stages.exists()


def test_the_bureau_saves_the_matrix_on_its_page_and_a_gap_is_refused(client, chain):
    import json

    client.force_login(chain.bureau)
    m = json.loads(json.dumps(risk.DEFAULT_MATRIX))
    m["factors"][2]["cells"][1]["min"] = 30
    r = client.post("/projects/risk-matrix/", {"number": 0, "data": json.dumps(m, ensure_ascii=False)})
    assert r.status_code == 400 and "缺少区间 [24, 30)" in r.content.decode()
    assert not RiskMatrix.objects.exists()
    r = client.post("/projects/risk-matrix/", {"number": 0, "data": json.dumps(risk.DEFAULT_MATRIX), "note": "首版"})
    assert r.status_code == 302 and RiskMatrix.objects.get().number == 1
    client.force_login(chain.centre)  # the review centre reads it but does not edit
    assert client.post("/projects/risk-matrix/", {"number": 1, "data": "{}"}).status_code == 403


def test_the_api_is_scoped(api_client, chain, two):
    p, g = two
    api_client.force_authenticate(chain.agent)
    codes = {r["code"] for r in api_client.get("/api/v1/projects/").json()["results"]}
    assert codes == {p.code}
    assert api_client.get(f"/api/v1/projects/{g.pk}/").status_code == 404
    api_client.force_authenticate(chain.centre)
    body = api_client.get(f"/api/v1/projects/{p.pk}/").json()
    assert body["route"] == "low_risk" and body["tracking"]["target_days"] == 28
    assert {i["item"] for i in body["tracking"]["items"]} >= {"企业投资项目备案", "建设用地规划许可证核发"}
    reviewer = staff("fgw_reviewer", Role.REVIEWER, department=chain.fgw)
    api_client.force_authenticate(reviewer)
    items = api_client.get(f"/api/v1/projects/{p.pk}/").json()["tracking"]["items"]
    assert [i["item"] for i in items] == ["企业投资项目备案"]


def test_the_api_refuses_a_bad_code_field_by_field(api_client, chain):
    api_client.force_authenticate(chain.agent)
    r = api_client.post("/api/v1/projects/", {
        "code": "2026-310114-39-3-000103", "name": "某厂房", "builder": chain.builder.pk, "kind": "filed",
        "region": chain.org.district.code, "land_area": "1000", "floor_area": "800", "height": "9", "use": "工业厂房",
        "total_investment": "500"}, format="json")
    assert r.status_code == 400 and "格式" in r.json()["errors"]["code"][0]
    assert not Project.objects.exists()


def test_the_api_form_then_stage_filing(api_client, chain):
    p = project(chain, Kind.FILED)
    api_client.force_authenticate(chain.agent)
    form = api_client.get(f"/api/v1/projects/{p.pk}/form/", {"stage": "s1"}).json()
    assert "项目名称" in form["reused"] and "拟选址位置" in form["asked"] and form["refusal"] is None
    r = api_client.post(f"/api/v1/projects/{p.pk}/stages/", {
        "stage": "s1", "answers": {f: "明湖科技园B-07地块" for f in form["asked"]}, "expected_version": p.version},
        format="json")
    assert r.status_code == 201 and r.json()["tracking"]["stage"] == "s1"
    r = api_client.post(f"/api/v1/projects/{p.pk}/stages/", {
        "stage": "s3", "answers": {}, "expected_version": p.version + 1}, format="json")
    assert r.status_code == 409 and "尚未办结" in r.json()["detail"]


def test_the_api_risk_matrix_refuses_overlaps_field_level(api_client, chain):
    api_client.force_authenticate(chain.bureau)
    m = {"factors": [{"key": "height", "label": "建筑高度", "kind": "range",
                      "cells": [{"min": 0, "max": 50, "level": "low"}, {"min": 24, "max": None, "level": "high"}]}]}
    r = api_client.post("/api/v1/projects/risk-matrix/", {"data": m, "expected_number": 0}, format="json")
    assert r.status_code == 400 and "重叠" in r.json()["errors"]["data"][0]
    assert api_client.get("/api/v1/projects/risk-matrix/current/").json()["number"] == 0
