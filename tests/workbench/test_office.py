"""The back office: the personal inbox, acting on the case page (with the version), approval with its
e-licence, the department's load and the scoped material files."""
from datetime import date

import pytest
from django.urls import reverse

from yiwang.cases import services
from yiwang.cases.models import Case
from yiwang.cases.workbench import urgency

from .helpers import accepted, deferred, filed, today

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def act(client, case, action, **data):
    data.setdefault("version", case.version)
    return client.post(reverse("cases:act", args=[case.pk, action]), data)


# ---- urgency (pure) ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("days,level", [(10, "ok"), (4, "ok"), (3, "near"), (0, "near"), (-1, "overdue")])
def test_urgency_levels(days, level):
    assert urgency.classify(days, near=3).level == level


def test_urgency_text_and_pause():
    assert urgency.classify(-2, near=3).text == "超期2个工作日"
    assert urgency.classify(0, near=3).text == "今日到期"
    assert urgency.classify(5, near=3, suspended=True).level == "paused"


def test_days_remaining_counts_working_days(calendar_loaded):
    from yiwang.workdays.services import get_calendar

    cal = get_calendar()
    mon, fri, next_mon = date(2026, 3, 2), date(2026, 3, 6), date(2026, 3, 9)
    assert urgency.days_remaining(cal, mon, fri) == 4
    assert urgency.days_remaining(cal, fri, next_mon) == 1  # the weekend does not count
    assert urgency.days_remaining(cal, next_mon, fri) == -1


# ---- the inbox ---------------------------------------------------------------------------------------------------
def test_inbox_holds_what_waits_for_me_in_deadline_order(client, org, items):
    from tests.cases.factories import make_item

    slow = accepted(org, items.two)  # 20 working days
    quick_item = make_item(org.market, limit=2)
    quick = accepted(org, quick_item)
    health = accepted(org, items.health)
    body = login(client, org.reviewer).get(reverse("cases:inbox")).content.decode()
    assert str(slow) in body and str(quick) in body and str(health) not in body
    assert body.index(str(quick)) < body.index(str(slow))
    assert "u-near" in body  # the 2-day case is near its limit
    # the section head's step has not come yet
    assert str(slow) not in login(client, org.section_head).get(reverse("cases:inbox")).content.decode()
    services.forward(slow, actor=org.reviewer, expected_version=slow.version, today=today())
    assert str(slow) in client.get(reverse("cases:inbox")).content.decode()


def test_overdue_cases_are_marked(client, org, items):
    case = accepted(org, items.two)
    Case.objects.filter(pk=case.pk).update(deadline=date(2026, 3, 2))
    body = login(client, org.reviewer).get(reverse("cases:inbox")).content.decode()
    assert "u-overdue" in body and "超期" in body


def test_inbox_filters_by_item_and_state(client, org, items):
    a = accepted(org, items.two)
    b = accepted(org, items.commit)
    login(client, org.reviewer)
    body = client.get(reverse("cases:inbox"), {"item": items.two.item_id}).content.decode()
    assert str(a) in body and str(b) not in body
    services.suspend(b, actor=org.reviewer, expected_version=b.version, kind="testing", reason="送检",
                     expected_days=5, today=today())
    body = client.get(reverse("cases:inbox"), {"state": "suspended"}, HTTP_HX_REQUEST="true").content.decode()
    assert str(b) in body and str(a) not in body and "计时暂停" in body


def test_clerks_inbox_has_the_received_cases_of_their_hall(client, org, items):
    case = filed(org, items.two)
    assert str(case) in login(client, org.clerk).get(reverse("cases:inbox")).content.decode()


# ---- acting on the case page -------------------------------------------------------------------------------------
def test_two_step_approval_through_the_page(client, org, items, keyed):
    case = accepted(org, items.two)
    login(client, org.reviewer)
    page = client.get(reverse("cases:work_case", args=[case.pk])).content.decode()
    assert 'id="action-forward"' in page and 'id="action-approve"' not in page
    r = act(client, case, "forward", opinion="材料齐全，符合条件")
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.step_index == 1
    login(client, org.section_head)
    r = act(client, case, "approve", opinion="同意", valid_until="2031-03-01")
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.state == "approved"
    page = client.get(reverse("cases:work_case", args=[case.pk])).content.decode()
    assert "提交下一环节（材料齐全，符合条件）" in page and "准予许可（同意）" in page
    assert "：forward" not in page and "：approve" not in page


def test_a_stale_form_is_refused_and_what_was_typed_is_kept(client, org, items):
    case = accepted(org, items.two)
    stale = case.version
    services.suspend(case, actor=org.reviewer2, expected_version=case.version, kind="testing", reason="送检",
                     expected_days=3, today=today())
    services.resume(Case.objects.get(pk=case.pk), actor=org.reviewer2,
                    expected_version=Case.objects.get(pk=case.pk).version, today=today())
    r = act(login(client, org.reviewer), case, "forward", version=stale, opinion="我写的审查意见")
    assert r.status_code == 409
    body = r.content.decode()
    assert "办件已被他人更新" in body and "您填写的内容已保留" in body
    assert "我写的审查意见" in body
    case.refresh_from_db()
    assert case.step_index == 0
    assert f'name="version" value="{case.version}"' in body  # the form now carries the current version


def test_deny_needs_reason_and_basis(client, org, items):
    case = accepted(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=today())
    r = act(login(client, org.section_head), case, "deny", reason="", legal_basis="")
    assert r.status_code == 400
    assert "这个字段是必填项" in r.content.decode() or "必填" in r.content.decode()
    case.refresh_from_db()
    assert case.state == "under_review"


def test_someone_without_the_step_cannot_act(client, org, items):
    case = accepted(org, items.two)
    r = act(login(client, org.section_head), case, "forward")
    assert r.status_code == 403
    case.refresh_from_db()
    assert case.step_index == 0


def test_suspend_and_extend_from_the_page(client, org, items):
    case = accepted(org, items.two)
    r = act(login(client, org.reviewer), case, "suspend", kind="expert_review", reason="专家评审", expected_days=5)
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.state == "suspended"
    r = act(client, case, "resume")
    case.refresh_from_db()
    assert case.state == "under_review"
    r = act(login(client, org.unit_leader), case, "extend", days=30, reason="情况复杂")
    assert r.status_code == 400  # more than the law allows
    r = act(client, case, "extend", days=10, reason="情况复杂")
    case.refresh_from_db()
    assert case.extension_days == 10
    page = client.get(reverse("cases:work_case", args=[case.pk])).content.decode()
    assert reverse("cases:notice_pdf", args=[case.pk, "extension"]) in page
    assert reverse("cases:notice_pdf", args=[case.pk, "suspension"]) in page


def test_deferred_material_blocks_approval_until_supplied_at_the_window(client, org, items):
    from tests.cases.factories import pdf

    case = deferred(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=today())
    page = login(client, org.section_head).get(reverse("cases:work_case", args=[case.pk])).content.decode()
    assert 'id="action-approve"' not in page
    login(client, org.clerk)
    cm = case.materials.get(status="deferred")
    name, content, kind = pdf("平面图补交")
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(reverse("cases:act", args=[case.pk, "supply_deferred"]),
                    {"version": case.version, f"file_{cm.material_id}": SimpleUploadedFile(name, content, kind)})
    assert r.status_code == 302
    page = login(client, org.section_head).get(reverse("cases:work_case", args=[case.pk])).content.decode()
    assert 'id="action-approve"' in page


# ---- approval with the e-licence ---------------------------------------------------------------------------------
def test_approving_a_licensing_item_issues_the_licence(client, org, items, keyed):
    from yiwang.licences.models import Licence

    case = accepted(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=today())
    r = act(login(client, org.section_head), case, "approve", opinion="同意", scope="预包装食品销售",
            long_term="on")
    assert r.status_code == 302
    licence = Licence.objects.get(case_ref=case.pk)
    assert licence.case_number == Case.objects.get(pk=case.pk).number
    assert licence.scope == "预包装食品销售" and licence.valid_until is None
    assert licence.holder_name == "张三"
    page = client.get(reverse("cases:work_case", args=[case.pk])).content.decode()
    assert reverse("licences:pdf", args=[licence.number]) in page
    text = client.get(reverse("cases:decision_pdf", args=[case.pk]))
    assert text.status_code == 200


def test_a_window_officer_approving_a_one_step_licensing_item_issues_its_licence(client, org, items, keyed):
    from yiwang.licences.models import Licence

    from yiwang.org.models import Role, StaffRole

    case = accepted(org, items.one)  # 审核合一: the window officer decides on the spot
    # entrusted by the market department (the licence is issued in its name): a window-officer role bound to it
    StaffRole.objects.create(user=org.clerk, role=Role.CLERK, department=org.market, hall=org.hall,
                             is_window_officer=True)
    r = act(login(client, org.clerk), case, "approve", opinion="当场办结", long_term="on")
    assert r.status_code == 302, r.content.decode()[:500]
    assert Case.objects.get(pk=case.pk).state == "approved"
    licence = Licence.objects.get(case_ref=case.pk)
    assert licence.department == org.market and licence.issued_by == org.clerk


def test_supervisors_see_every_department_s_load(client, org, items):
    accepted(org, items.two)
    body = login(client, org.supervisor).get(reverse("cases:load"))
    assert body.status_code == 200 and "区市场监督管理局" in body.content.decode()


def test_the_superuser_opens_every_department_s_load_from_the_workbench_menu(client, org, items):
    """A superuser made by `yiwang createsuperuser` (a staff account) reads every department's load, and the link
    to it is in the workbench menu (it was a 403)."""
    from django.core.management import call_command

    from yiwang.org.models import User

    accepted(org, items.two)
    call_command("createsuperuser", username="root", email="root@mh.gov.cn", interactive=False, verbosity=0)
    root = User.objects.get(username="root")
    client.force_login(root)
    assert reverse("cases:load") in client.get(reverse("cases:inbox")).content.decode()
    body = client.get(reverse("cases:load"))
    assert body.status_code == 200 and "区市场监督管理局" in body.content.decode()


def test_without_a_signing_key_nothing_is_approved(client, org, items):
    from yiwang.licences.models import Licence

    case = accepted(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=today())
    r = act(login(client, org.section_head), case, "approve", opinion="同意", valid_until="2031-03-01")
    assert r.status_code == 400
    assert "签名密钥" in r.content.decode()
    case.refresh_from_db()
    assert case.state == "under_review" and not Licence.objects.exists()


def test_a_non_licensing_item_is_approved_without_a_licence(client, org, items):
    from yiwang.catalog.models import ItemVersion
    from yiwang.licences.models import Licence

    ItemVersion.objects.filter(pk=items.two.pk).update(item_type=20)
    case = accepted(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=today())
    r = act(login(client, org.section_head), case, "approve")
    assert r.status_code == 302
    assert not Licence.objects.exists()


# ---- load and files --------------------------------------------------------------------------------------------
def test_section_head_sees_the_department_load(client, org, items):
    a = accepted(org, items.two)
    services.forward(a, actor=org.reviewer, expected_version=a.version, today=today())
    b = accepted(org, items.three)
    Case.objects.filter(pk=b.pk).update(deadline=date(2026, 3, 2))
    filed(org, items.two)
    body = login(client, org.section_head).get(reverse("cases:load")).content.decode()
    assert "区市场监督管理局" in body
    assert f'id="overdue-{org.market.pk}">1<' in body
    assert "科室负责人审定" in body and "reviewer" in body
    assert str(Case.objects.get(pk=b.pk)) in body and "u-overdue" in body  # listed to act on
    r = login(client, org.reviewer).get(reverse("cases:load"))
    assert r.status_code == 403 and "只有科室负责人和单位负责人" in r.content.decode()


def test_material_files_are_scoped(client, org, items):
    case = accepted(org, items.two)
    cm = case.materials.first()
    url = reverse("cases:material_file", args=[case.pk, cm.pk])
    for user, code in ((org.reviewer, 200), (org.person_user, 200), (org.other_user, 404),
                       (org.health_reviewer, 404)):
        assert login(client, user).get(url).status_code == code, user
    client.logout()
    assert client.get(url).status_code == 404
    other = accepted(org, items.commit)
    assert login(client, org.reviewer).get(
        reverse("cases:material_file", args=[other.pk, cm.pk])).status_code == 404


def test_licence_validity_default_is_shown_in_the_form_and_an_empty_date_is_refused(client, org, items, keyed,
                                                                                   settings):
    """The default validity is written into the approval form (not added silently when the date is left empty);
    an empty date without 长期有效 is refused with a field error and nothing is approved."""
    from yiwang.licences.models import Licence

    settings.YIWANG_WORKBENCH_LICENCE_VALID_YEARS = 3
    case = accepted(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=today())
    default = today().replace(year=today().year + 3) - __import__("datetime").timedelta(days=1)
    page = login(client, org.section_head).get(reverse("cases:work_case", args=[case.pk])).content.decode()
    assert f'value="{default:%Y-%m-%d}"' in page and "证照有效期至（默认3年）" in page
    r = act(client, case, "approve", valid_until="")
    assert r.status_code == 400
    body = r.content.decode()
    assert "请填写证照有效期，或勾选“长期有效”" in body and 'href="#id_approve_valid_until"' in body
    case.refresh_from_db()
    assert case.state == "under_review" and not Licence.objects.exists()
    assert act(client, case, "approve", valid_until=f"{default:%Y-%m-%d}").status_code == 302
    licence = Licence.objects.get(case_ref=case.pk)
    assert licence.valid_from == today() and licence.valid_until == default
    assert licence.scope == items.two.name


def test_inbox_filter_answers_htmx_with_the_rows_only(client, org, items):
    accepted(org, items.two)
    body = login(client, org.reviewer).get(reverse("cases:inbox"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in body and "共 1 件" in body
