"""The enterprise page (panels, masking), corrections confirmed by staff, the scoped registry API,
commissioners' assignment history, visits and ratings."""
import datetime as dt

import pytest
from django.urls import reverse

from yiwang.api.errors import DomainError
from yiwang.enterprises import care
from yiwang.enterprises.models import Assignment, CorrectionRequest, Enterprise
from yiwang.enterprises.panels import Panel, register, registered
from yiwang.org.models import Role

from tests.factories import staff

from .factories import ParkFactory, register as make_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def ent(org):
    e = make_enterprise(applicant=org.company, legal_representative="王小明", industry="I6513")
    org.centre = staff("qyfw", Role.SERVICE_CENTRE)
    org.commissioner = staff("commissioner01", Role.COMMISSIONER)
    org.commissioner2 = staff("commissioner02", Role.COMMISSIONER)
    return e


def test_the_agent_sees_the_full_page_and_staff_a_masked_legal_representative(client, org, ent):
    client.force_login(org.agent)
    page = client.get(reverse("enterprises:detail", args=[ent.pk])).content.decode()
    assert "王小明" in page and "申请更正档案" in page
    for title in ("办件", "电子证照", "服务专员", "匹配政策", "涉企检查", "信用", "消息"):
        assert f">{title}</h2>" in page
    client.force_login(org.centre)
    page = client.get(reverse("enterprises:detail", args=[ent.pk])).content.decode()
    assert "王**" in page and "王小明" not in page and "申请更正档案" not in page


def test_another_applicant_gets_a_404(client, org, ent):
    client.force_login(org.person_user)
    assert client.get(reverse("enterprises:detail", args=[ent.pk])).status_code == 404


def test_a_later_app_adds_a_panel_by_registering_it(client, org, ent):
    register(Panel("zz_test", "测试面板", 99, "enterprises/panels/_slot.html",
                   lambda request, e, viewer: {"text": f"面板内容{e.uscc}"}))
    try:
        client.force_login(org.agent)
        assert f"面板内容{ent.uscc}" in client.get(reverse("enterprises:detail", args=[ent.pk])).content.decode()
    finally:
        from yiwang.enterprises import panels

        panels._PANELS.pop("zz_test")
    assert "zz_test" not in [p.key for p in registered()]


def test_a_correction_is_asked_by_the_agent_and_applied_only_when_staff_accept(client, org, ent):
    client.force_login(org.agent)
    resp = client.post(reverse("enterprises:correct", args=[ent.pk]),
                       {"address": "示范路200号", "industry": "9999", "reason": "搬迁"})
    assert "不在《国民经济行业分类》" in resp.content.decode()
    assert not CorrectionRequest.objects.exists()
    client.post(reverse("enterprises:correct", args=[ent.pk]), {"address": "示范路200号", "reason": "已搬迁"})
    c = CorrectionRequest.objects.get()
    ent.refresh_from_db()
    assert ent.address != "示范路200号"
    client.force_login(org.centre)
    client.post(reverse("enterprises:review_correction", args=[c.pk]), {"decision": "accept"})
    ent.refresh_from_db()
    assert ent.address == "示范路200号"
    with pytest.raises(DomainError):
        care.review_correction(c, actor=org.centre, accept=True)


def test_api_scope_agent_sees_own_only_and_others_get_404(api_client, org, ent):
    other = make_enterprise(name="上海他人科技有限公司")
    api_client.force_authenticate(org.agent)
    listing = api_client.get("/api/v1/enterprises/").json()
    ids = [r["id"] for r in (listing["results"] if isinstance(listing, dict) else listing)]
    assert ids == [ent.pk]
    assert api_client.get(f"/api/v1/enterprises/{other.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/enterprises/{ent.pk}/").json()["legal_representative"] == "王小明"
    resp = api_client.patch(f"/api/v1/enterprises/{ent.pk}/", {"address": "改"}, format="json")
    assert resp.status_code == 403
    api_client.force_authenticate(org.centre)
    detail = api_client.get(f"/api/v1/enterprises/{other.pk}/").json()
    assert detail["uscc"] == other.uscc
    resp = api_client.patch(f"/api/v1/enterprises/{other.pk}/", {"industry": "0000", "expected_version": 1},
                            format="json")
    assert resp.status_code == 400 and "industry" in resp.json()["errors"]
    resp = api_client.post("/api/v1/enterprises/", {"uscc": "123", "name": "x"}, format="json")
    assert resp.status_code == 400 and "uscc" in resp.json()["errors"]
    assert api_client.get("/api/v1/enterprises/industries/?q=C39").json()


def test_commissioner_assignment_keeps_history_and_scopes_the_registry(org, ent):
    park = ParkFactory(name="示范软件园")
    Enterprise.objects.filter(pk=ent.pk).update(park=park)
    assert care.assign_by(actor=org.centre, commissioner=org.commissioner, park=park.pk) == 1
    today = dt.date.today()
    care.assign_commissioner([ent], actor=org.centre, commissioner=org.commissioner2, on=today + dt.timedelta(days=3))
    rows = list(Assignment.objects.filter(enterprise=ent).order_by("started_on"))
    assert [(r.commissioner, r.ended_on) for r in rows] == [(org.commissioner, today + dt.timedelta(days=2)),
                                                            (org.commissioner2, None)]
    from yiwang.enterprises.access import visible_enterprises

    assert list(visible_enterprises(org.commissioner2)) == [ent]
    assert not visible_enterprises(org.commissioner).exists()
    with pytest.raises(DomainError, match="不是企业服务专员"):
        care.assign_commissioner([ent], actor=org.centre, commissioner=org.clerk)


def test_visit_with_problems_and_the_enterprise_rates_its_commissioner(client, org, ent):
    care.assign_commissioner([ent], actor=org.centre, commissioner=org.commissioner)
    with pytest.raises(DomainError, match="自己服务的企业"):
        care.log_visit(ent, actor=org.commissioner2, visited_on=dt.date.today(), people_met="王总", summary="走访")
    v = care.log_visit(ent, actor=org.commissioner, visited_on=dt.date.today(), people_met="王总（总经理）",
                       summary="了解扩产计划", problems=["新厂房用电增容", "  ", "招聘技术工人难"])
    assert [p.description for p in v.problems.all()] == ["新厂房用电增容", "招聘技术工人难"]
    client.force_login(org.agent)
    client.post(reverse("enterprises:rate", args=[ent.pk]), {"grade": "5", "comment": "响应快"})
    assert ent.commissioner_ratings.get().grade == 5
    with pytest.raises(DomainError):
        care.rate_commissioner(ent, actor=org.agent, grade=7)


def test_grades_are_the_platforms_five_grade_scale():
    from yiwang.enterprises.models import GRADES
    from yiwang.ratings.domain.grades import GRADE_LABELS

    assert dict(GRADES) == {int(k): str(v) for k, v in GRADE_LABELS.items()}


def test_staff_search_page_and_import_page(client, org, ent):
    client.force_login(org.centre)
    page = client.get(reverse("enterprises:index"), {"q": ent.name[:4]}).content.decode()
    assert ent.name in page
    assert client.get(reverse("enterprises:import")).status_code == 200
    resp = client.get(reverse("enterprises:export"))
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(org.clerk)
    assert client.get(reverse("enterprises:import")).status_code == 403
