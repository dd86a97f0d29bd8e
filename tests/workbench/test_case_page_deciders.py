"""The case page for the people who decide (issue 18): the application form beside the materials, every action
that is held back with its reason, the clock after the decision, internal opinions kept from the applicant, one
vocabulary for material requirement levels, 免提交 shown as such, one id per element."""
import re
from collections import Counter

import pytest
from django.urls import reverse

from tests.cases.factories import make_item
from yiwang.cases import queries as case_queries
from yiwang.cases import services
from yiwang.catalog.models import ItemVersion

from .helpers import accepted, deferred, filed, today

pytestmark = pytest.mark.django_db


def page_of(client, user, case) -> str:
    client.force_login(user)
    r = client.get(reverse("cases:work_case", args=[case.pk]))
    assert r.status_code == 200
    return r.content.decode()


def portal_page(client, org, case) -> str:
    client.force_login(org.person_user)
    r = client.get(reverse("cases:case", args=[case.pk]))
    assert r.status_code == 200
    return r.content.decode()


def text_of(html: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", " ", html))


def section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start:html.index("</section>", start)]


def test_reviewer_sees_the_application_form_beside_the_materials(client, org, items):
    ItemVersion.objects.filter(pk=items.two.pk).update(form_fields="单位名称\n统一社会信用代码\n经营场所")
    items.two.refresh_from_db()
    form = {"单位名称": org.company.name, "统一社会信用代码": org.company.id_number, "经营场所": "明湖区湖滨路18号"}
    case = accepted(org, items.two, applicant=org.company, submitter=org.agent, form_data=form)
    html = page_of(client, org.reviewer, case)
    shown = text_of(section(html, "application-form"))
    assert "申请表" in shown
    assert f"单位名称{org.company.name}" in shown and f"统一社会信用代码{org.company.id_number}" in shown
    assert "经营场所明湖区湖滨路18号" in shown
    assert shown.index("单位名称") < shown.index("统一社会信用代码") < shown.index("经营场所")  # the form's order
    assert 'id="materials"' in html


def test_section_head_sees_why_approval_is_held_back_while_a_deferred_material_is_outstanding(client, org, items):
    case = deferred(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=today())
    options = {o.name: o for o in case_queries.action_options(case, org.section_head)}
    assert not options["approve"].available and options["approve"].reason == "容缺材料未补交，暂不能准予许可"
    assert options["deny"].available
    html = page_of(client, org.section_head, case)
    assert 'id="action-approve"' not in html  # no form to submit
    held = text_of(html[html.index('id="unavailable-approve"'):])
    assert held.startswith("准予许可") or "准予许可" in held[:40]
    assert "容缺材料未补交，暂不能准予许可" in held[:80]
    assert 'id="action-deny"' in html


def test_a_decider_whose_step_has_not_come_is_told_so(client, org, items):
    case = accepted(org, items.two)
    html = text_of(page_of(client, org.section_head, case))
    assert "当前环节为“审核”，尚未轮到您办理" in html


def test_after_the_decision_the_clock_shows_the_days_used(client, org, items):
    ItemVersion.objects.filter(pk=items.two.pk).update(item_type=20)  # no licence: the decision alone
    case = accepted(org, items.two)
    before = text_of(page_of(client, org.reviewer, case))
    assert "剩余" in before
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=today())
    case = services.approve(case, actor=org.section_head, expected_version=case.version, today=today())
    used = case_queries.clock(case)["days_used"]
    after = page_of(client, org.section_head, case)
    badge = text_of(after[after.index('class="badge'):after.index("</span>", after.index('class="badge'))])
    assert f"已办结，用时{used}个工作日" in badge and "剩余" not in badge
    assert f"已办结，用时{used}个工作日" in text_of(portal_page(client, org, case))
    assert "剩余" not in text_of(section(portal_page(client, org, case), "case-clock").split("</dd>")[0])


def test_the_applicant_never_sees_the_internal_opinions(client, org, items):
    ItemVersion.objects.filter(pk=items.two.pk).update(item_type=20)
    case = accepted(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, opinion="内部：建议核查场地租赁合同",
                            today=today())
    case = services.approve(case, actor=org.section_head, expected_version=case.version, opinion="同意，注意事后监管",
                            today=today())
    staff = page_of(client, org.section_head, case)
    assert "内部：建议核查场地租赁合同" in staff and "同意，注意事后监管" in staff
    mine = portal_page(client, org, case)
    assert "内部：建议核查场地租赁合同" not in mine and "同意，注意事后监管" not in mine
    assert "<dt>理由</dt>" not in mine


def test_the_applicant_sees_the_reasons_of_a_denial_under_their_name(client, org, items):
    ItemVersion.objects.filter(pk=items.two.pk).update(item_type=20)
    case = accepted(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, opinion="内部：不符合条件",
                            today=today())
    case = services.deny(case, actor=org.section_head, expected_version=case.version, reason="经营场所不符合卫生要求",
                         legal_basis="《食品安全法》第三十五条", today=today())
    mine = text_of(portal_page(client, org, case))
    assert "不予许可理由经营场所不符合卫生要求" in mine and "法律依据《食品安全法》第三十五条" in mine
    assert "行政复议" in mine and "内部：不符合条件" not in mine


FORBIDDEN_WORDS = ("必需", "非必需", "主要材料", "特定情形：")


def _exempt_item(org):
    return make_item(org.market, materials=[
        {"name": "申请书", "is_key": True},
        {"name": "营业执照", "exempt_by_sharing": True, "sharing_source": "电子证照库"},
        {"name": "平面图", "deferrable": True},
        {"name": "授权委托书", "requirement": "conditional", "condition": "委托他人办理的"}])


def test_one_vocabulary_for_materials_on_guide_draft_intake_and_case_pages(client, org, calendar_loaded):
    from yiwang.cases.portal import services as portal

    v = _exempt_item(org)
    guide = client.get(reverse("catalog:item", args=[v.item_id])).content.decode()
    draft = portal.open_draft(user=org.person_user, applicant=org.person, item_version=v)
    client.force_login(org.person_user)
    draft_page = client.get(reverse("cases:draft", args=[draft.pk])).content.decode()
    client.force_login(org.clerk)
    intake = client.get(reverse("cases:intake_materials", args=[org.person.pk]),
                        {"item_version": v.pk}).content.decode()
    case = filed(org, v, skip=(1, 3))
    staff_case = page_of(client, org.clerk, case)
    for html in (guide, draft_page, intake, staff_case):
        shown = text_of(html)
        for word in FORBIDDEN_WORDS:
            assert word not in shown
        assert "必要" in shown and "关键材料" in shown
    for html in (guide, draft_page, intake):
        assert "特定情形提交" in text_of(html) and "可容缺" in text_of(html)


def test_a_material_exempt_in_the_draft_is_exempt_on_the_case_page(client, org, calendar_loaded):
    v = _exempt_item(org)
    case = filed(org, v, skip=(1, 3))  # 营业执照 comes from the licence library, nothing uploaded
    row = case.materials.get(material__name="营业执照")
    for html in (page_of(client, org.clerk, case), portal_page(client, org, case)):
        cells = text_of(html[html.index("营业执照"):html.index("</tr>", html.index("营业执照"))])
        assert "免提交（电子证照库）" in cells and "未提交" not in cells
    assert row.status == "missing"  # the record is unchanged: only what the page says


def test_action_forms_have_unique_ids_and_every_label_points_to_its_field(client, org, items):
    case = accepted(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=today())
    html = page_of(client, org.section_head, case)
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []
    reasons = [i for i in ids if i.endswith("_reason")]
    assert len(reasons) >= 2 and "id_reason" not in ids  # send-back, deny, terminate each their own
    for target in re.findall(r'<label for="([^"]+)"', html):
        assert target in ids, target


def test_the_error_summary_names_and_links_every_field_in_error(client, org, items):
    case = accepted(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=today())
    client.force_login(org.section_head)
    r = client.post(reverse("cases:act", args=[case.pk, "deny"]), {"version": case.version, "reason": "",
                                                                   "legal_basis": ""})
    assert r.status_code == 400
    html = r.content.decode()
    summary = html[html.index('id="errors-deny"'):html.index("</div>", html.index('id="errors-deny"'))]
    assert 'href="#id_deny_reason"' in summary and 'href="#id_deny_legal_basis"' in summary
    assert "不予许可理由" in summary and "法律依据" in summary
    assert 'id="id_deny_reason"' in html and 'id="id_deny_legal_basis"' in html
    assert text_of(html).count("（必填）") >= 2
