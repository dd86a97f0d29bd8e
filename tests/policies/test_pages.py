"""Staff pages: the rule builder writes the rule from form rows (no JSON typed), shows it in plain Chinese with the
live count and refuses bad rows in Chinese; the round pages, the public list of a round, objections, figures."""
import pytest

from yiwang.policies import services
from yiwang.policies.models import Policy

from .conftest import make_policy

pytestmark = pytest.mark.django_db


def _rows(*rows, top="and"):
    data = {"top": top, "rows": str(len(rows))}
    for i, r in enumerate(rows):
        for k, v in r.items():
            data[f"r{i}-{k}"] = v
    return data


def test_the_builder_writes_the_rule_and_counts_what_it_selects(world, client):
    p = make_policy(world, publish=False)
    client.force_login(world.officer)
    assert "同时满足（且）" in client.get(f"/policies/{p.pk}/rule/").content.decode()
    form = _rows({"attr": "park", "values": ["park:MHKJ"]}, {"attr": "tag", "values": ["tag:hnte"]},
                 {"attr": "figure", "year": "2025", "field": "revenue", "lo": "2000"})
    html = client.post(f"/policies/{p.pk}/rule/preview/", form).content.decode()
    assert "注册在明湖科技园，且为高新技术企业，且2025年营业收入不低于2000万元" in html
    assert "符合条件的企业共 1 家" in html
    bad = _rows({"attr": "registered_capital", "lo": "500", "hi": "100"})
    resp = client.post(f"/policies/{p.pk}/rule/", {**bad, "action": "save"})
    assert resp.status_code == 400 and "下限（500）大于上限（100）" in resp.content.decode()
    empty = _rows({"attr": "group_or"})
    resp = client.post(f"/policies/{p.pk}/rule/", {**empty, "action": "save"})
    assert "条件组不能为空" in resp.content.decode()
    grouped = _rows({"attr": "scale", "values": ["scale:small", "scale:micro"]}, {"attr": "group_or"},
                    {"attr": "tag", "depth": "1", "values": ["tag:hnte"]},
                    {"attr": "serious", "depth": "1", "neg": "1"})
    resp = client.post(f"/policies/{p.pk}/rule/", {**grouped, "action": "save", "version": p.version + 0})
    p = Policy.objects.get(pk=p.pk)
    assert resp.status_code == 302, resp.content.decode()[:500]
    assert p.rule == {"and": [{"in": [{"var": "scale"}, ["small", "micro"]]},
                              {"or": [{"has_tag": ["hnte"]}, {"!": {"serious_dishonest": []}}]}]}
    assert p.rule_text == "为小型或微型企业，且（为高新技术企业，或未被列入严重失信主体名单）" and p.rule_version == 2
    html = client.get(f"/policies/{p.pk}/rule/").content.decode()  # the saved rule comes back as rows
    assert 'value="group_or" selected' in html


def test_the_round_pages_and_the_published_list(world, client):
    p = make_policy(world)
    r = services.propose_round(p, actor=world.kw_officer)
    client.force_login(world.kw_officer)
    assert "高新技术企业认定奖励" in client.get("/policies/rounds/").content.decode()
    html = client.get(f"/policies/rounds/{r.pk}/").content.decode()
    assert world.star.name in html and "审核完毕，提交确认" in html
    client.post(f"/policies/rounds/{r.pk}/submit/", {"version": r.version})
    html = client.get(f"/policies/rounds/{r.pk}/").content.decode()
    assert "须由本部门另一人确认" in html
    assert client.post(f"/policies/rounds/{r.pk}/confirm/").status_code == 302
    r.refresh_from_db()
    assert r.status == "submitted"  # refused: the proposer cannot confirm
    client.force_login(world.kw_officer2)
    client.post(f"/policies/rounds/{r.pk}/confirm/")
    client.logout()
    html = client.get(f"/policies/rounds/{r.pk}/list/").content.decode()
    assert world.star.name in html and world.star.uscc in html


def test_objection_and_figures_pages(world, client):
    p = make_policy(world)
    client.force_login(world.agent)
    client.post(f"/policies/{p.pk}/object/{world.star.pk}/", {"text": "我公司符合条件但未收到奖励通知，请核实。"})
    o = p.objections.get()
    client.force_login(world.kw_head)
    assert "我公司符合条件" in client.get(f"/policies/objections/{o.pk}/").content.decode()
    client.post(f"/policies/objections/{o.pk}/", {"upheld": "0", "answer": "贵公司已在第一批名单中，奖励将于月底拨付。"})
    o.refresh_from_db()
    assert o.status == "rejected" and o.answered_by == world.kw_head
    client.force_login(world.officer)
    html = client.get("/policies/figures/?by=department").content.decode()
    assert "按时发布率 100.0%（1/1）" in html and "区科学技术委员会" in html
