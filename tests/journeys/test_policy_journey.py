"""Browser journeys for policies: staff build a rule in the form (no JSON), see it in plain Chinese with the live
count, publish → the enterprise sees the match with its explanation and the push message; a 免申即享 round from
proposal to the second person's confirmation to the enterprise's notice; an objection raised and answered."""
import pytest

from yiwang.policies.models import GrantRound, Policy

from tests.policies.conftest import build_world, make_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(org, settings):
    settings.YIWANG_POLICIES_SYNC_MATCHING = True
    return build_world(org)


def test_staff_build_a_rule_and_publish_and_the_enterprise_sees_why(page, login_as, world):
    p = make_policy(world, publish=False, rule={"has_tag": ["srdi"]}, title="科技园高新技术企业营收奖励",
                    number="明科发〔2026〕21号")
    login_as("policy")
    page.goto(page.base_url + f"/policies/{p.pk}/rule/")
    for r in range(3):
        page.select_option(f"select[name=r{r}-attr]", value="")
    page.select_option("select[name=r0-attr]", value="park")
    page.select_option("select[name=r0-values]", value=["park:MHKJ"])
    page.select_option("select[name=r1-attr]", value="tag")
    page.select_option("select[name=r1-values]", value=["tag:hnte"])
    page.select_option("select[name=r2-attr]", value="figure")
    page.fill("input[name=r2-year]", "2025")
    page.fill("input[name=r2-lo]", "2000")
    page.locator("input[name=r2-lo]").dispatch_event("change")
    page.wait_for_selector("#rule-count")
    assert "注册在明湖科技园，且为高新技术企业，且2025年营业收入不低于2000万元" in page.inner_text("#preview")
    assert "共 1 家" in page.inner_text("#rule-count")
    page.click("#save-rule")
    page.wait_for_load_state()
    assert "注册在明湖科技园" in page.inner_text("#rule-text")
    page.click("#staff button:has-text('发布')")
    page.wait_for_load_state()
    assert page.inner_text("#status") == "已发布"
    login_as("agent")
    page.goto(page.base_url + f"/enterprises/{world.star.pk}/")
    panel = page.locator("#panel-policies")
    assert "科技园高新技术企业营收奖励" in panel.inner_text()
    panel.locator("summary:has-text('为什么符合')").click()
    assert "5200万元" in panel.inner_text() and "满足" in panel.inner_text()
    page.goto(page.base_url + "/messages/")
    assert "政策推送：《科技园高新技术企业营收奖励》" in page.content()


def test_a_no_application_round_needs_a_second_person_and_an_objection_is_answered(page, login_as, world):
    from yiwang.enterprises import services as ent

    p = make_policy(world)
    ent.add_tag(world.notag, actor=None, tag="hnte", valid_from="2025-06-01")
    login_as("kw_policy")
    page.goto(page.base_url + "/policies/rounds/")
    page.click("button:has-text('生成名单')")
    page.wait_for_load_state()
    r = GrantRound.objects.get(policy=p)
    row = page.locator(f"#entry-{r.entries.get(enterprise=world.notag).pk}")
    row.locator("input[name=reason]").fill("已享受市级同类奖励，不重复享受")
    row.locator("button:has-text('剔除')").click()
    page.wait_for_load_state()
    assert "拟发放1家，剔除1家" in page.inner_text("#round-counts")
    page.click("#submit-round")
    page.wait_for_load_state()
    assert "须由本部门另一人确认" in page.inner_text("#round-actions")
    login_as("kw_policy2")
    page.goto(page.base_url + f"/policies/rounds/{r.pk}/")
    page.click("#confirm-round")
    page.wait_for_load_state()
    assert page.inner_text("#round-status") == "已确认发放"
    login_as("agent")
    page.goto(page.base_url + "/messages/")
    assert "您已获得《高新技术企业认定奖励》" in page.content()
    page.goto(page.base_url + f"/policies/{p.pk}/")
    assert world.star.name in page.content()
    # the excluded enterprise objects; the department answers within the limit
    world.notag.applicant = world.other
    world.notag.save()
    login_as("lisi")
    page.goto(page.base_url + f"/policies/{p.pk}/")
    page.fill(f"#mine-{world.notag.pk} textarea[name=text]", "本企业为首次认定，并未享受市级同类奖励，请复核。")
    page.click(f"#mine-{world.notag.pk} button:has-text('提出异议')")
    page.wait_for_load_state()
    o = p.objections.get()
    login_as("kw_head")
    page.goto(page.base_url + f"/policies/objections/{o.pk}/")
    page.check("input[name=upheld][value='1']")
    page.fill("textarea[name=answer]", "经复核，贵企业为首次认定，予以补发。")
    page.click("#answer-form button[type=submit]")
    page.wait_for_load_state()
    assert page.inner_text("#objection-status") == "异议成立"
    assert Policy.objects.get(pk=p.pk).grants.filter(enterprise=world.notag, status="granted").exists()
