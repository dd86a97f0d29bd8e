"""即申即享 on one screen, 申请兑现 recorded, objections answered within the working-day limit; the API scoped as
the registry is; bad input refused field by field in Chinese, nothing published."""
import datetime as dt

import pytest

from yiwang.api.errors import DomainError
from yiwang.notify.models import Message
from yiwang.policies import services
from yiwang.policies.models import Grant, Objection, Policy
from yiwang.workdays.services import get_calendar

from .conftest import make_policy

pytestmark = pytest.mark.django_db

SHARE = [{"kind": "subsidy", "description": "按上年度纳税额的10%给予补贴", "amount_type": "share",
          "figure": "figures.2025.tax_paid", "rate": "0.1", "cap": "50"}]


def test_instant_grants_on_the_spot_when_the_rule_holds_and_says_what_is_missing_otherwise(world, client):
    p = make_policy(world, mode="instant", benefits=SHARE, title="规上企业稳岗补贴", number="明人社发〔2026〕5号")
    g = services.instant_apply(p, world.star, actor=world.agent)
    assert g.mode == "instant" and str(g.amount) == "31.00"
    assert Message.objects.filter(event="policies.granted", user=world.agent).exists()
    with pytest.raises(Exception, match="已享受"):
        services.instant_apply(p, world.star, actor=world.agent)
    world.notag.applicant = world.other  # an agent for the enterprise without the tag
    world.notag.save()
    with pytest.raises(DomainError, match="缺少：高新技术企业认定"):
        services.instant_apply(p, world.notag, actor=world.other_user)
    client.force_login(world.agent)
    page = client.get(f"/policies/{p.pk}/instant/{world.star.pk}/")
    assert "本企业已享受该政策" in page.content.decode()


def test_apply_mode_needs_a_catalogue_item_to_publish(world):
    p = make_policy(world, mode="apply", publish=False, title="研发费用加计扣除提醒", number="明税发〔2026〕2号")
    with pytest.raises(DomainError, match="须关联一个办理事项"):
        services.publish(p, actor=world.officer)
    assert Policy.objects.get(pk=p.pk).status == "draft"


def test_an_objection_is_answered_within_the_limit_and_upheld_grants(world):
    p = make_policy(world)
    o = services.raise_objection(p, world.star, actor=world.agent, text="本企业2025年已认定为高新技术企业，但未收到奖励通知。",
                                 today=dt.date(2026, 12, 2))
    assert o.due_on == get_calendar().add_working_days(dt.date(2026, 12, 2), 5)
    with pytest.raises(DomainError, match="责任部门"):
        services.answer_objection(o, actor=world.officer, answer="x", upheld=True)
    o = services.answer_objection(o, actor=world.kw_officer, answer="经核实，符合条件，予以补发。", upheld=True,
                                  today=dt.date(2026, 12, 4))
    assert o.status == Objection.Status.UPHELD and o.grant.status == Grant.Status.GRANTED
    assert Message.objects.filter(event="policies.objection.answered", user=world.agent).exists()


def test_the_api_refuses_bad_rules_field_by_field_and_publishes_nothing(world, api_client):
    p = make_policy(world, publish=False)
    api_client.force_authenticate(world.officer)
    for rule, text in [({"and": []}, "条件组不能为空"), ({"has_tag": ["nope"]}, "未知的企业标签"),
                       ({"<=": [9, {"var": "age_years"}, 3]}, "下限（9）大于上限（3）")]:
        resp = api_client.post(f"/api/v1/policies/{p.pk}/rule/", {"rule": rule}, format="json")
        assert resp.status_code == 400 and text in resp.json()["errors"]["rule"][0]
    resp = api_client.post(f"/api/v1/policies/{p.pk}/benefits/", {"benefits": [
        {"kind": "subsidy", "description": "按营收补贴", "amount_type": "share", "figure": "figures.2025.revenue",
         "rate": "0.01"}]}, format="json")
    assert resp.status_code == 400 and "必须设定上限" in resp.json()["errors"]["benefits[0].cap"][0]
    assert api_client.post(f"/api/v1/policies/{p.pk}/publish/", {}, format="json").status_code == 200
    resp = api_client.post("/api/v1/policies/", {"number": "明府发2026-7", "title": "x", "lead_department": world.kw.pk,
                                                 "issued_on": "2026-11-01"}, format="json")
    assert resp.status_code == 400 and "文号格式不正确" in resp.json()["errors"]["number"][0]


def test_explanations_are_scoped_like_the_registry(world, api_client):
    p = make_policy(world)
    api_client.force_authenticate(world.agent)
    body = api_client.get(f"/api/v1/policies/{p.pk}/explain/?enterprise={world.star.pk}").json()
    assert body["verdict"] is True and body["rule_version"] == 1
    assert api_client.get(f"/api/v1/policies/{p.pk}/explain/?enterprise={world.notag.pk}").status_code == 404
    mine = api_client.get(f"/api/v1/policies/enterprises/{world.star.pk}/").json()
    assert [m["title"] for m in mine["matched"]] == ["高新技术企业认定奖励"]
    assert api_client.get(f"/api/v1/policies/{p.pk}/matches/").status_code == 404
    api_client.force_authenticate(world.kw_officer)
    assert api_client.get(f"/api/v1/policies/{p.pk}/matches/").json()["count"] == 1
    api_client.force_authenticate(None)
    assert [r["id"] for r in api_client.get("/api/v1/policies/").json()["results"]] == [p.pk]


def test_the_enterprise_page_shows_matches_and_near_misses(world, client):
    p = make_policy(world)
    client.force_login(world.officer)
    html = client.get(f"/enterprises/{world.notag.pk}/").content.decode()
    assert f'id="near-{p.pk}"' in html and "缺少：高新技术企业认定" in html
    html = client.get(f"/enterprises/{world.star.pk}/").content.decode()
    assert f'id="match-{p.pk}"' in html and "按第1版条件匹配于" in html
    html = client.get(f"/enterprises/{world.nofig.pk}/").content.decode()
    assert "缺少数据：2025年营业收入" in html


def test_the_public_list_searches_and_exports(world, client):
    make_policy(world)
    make_policy(world, publish=False, title="未发布的草稿政策", number="明科发〔2026〕9号")
    html = client.get("/policies/?q=高新").content.decode()
    assert "高新技术企业认定奖励" in html and "草稿" not in html
    resp = client.get("/policies/export.xlsx?mode=auto")
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(resp.content)).active
    rows = list(ws.values)
    assert rows[0][0] == "文号" and [r[1] for r in rows[1:]] == ["高新技术企业认定奖励"]
