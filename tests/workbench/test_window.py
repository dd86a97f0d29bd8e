"""The comprehensive window: look-up and registration, counter intake with its decisions, today's queue,
unified delivery."""
import pytest
from django.urls import reverse

from yiwang.cases import services
from yiwang.cases.models import Case
from yiwang.org.identifiers import make_ric
from yiwang.org.models import Applicant

from .helpers import accepted, filed, mats, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client, org):
    client.force_login(org.clerk)
    return client


def intake_post(client, org, version, applicant=None, decision="accept", choices=None, **extra):
    applicant = applicant or org.person
    data = {"item_version": version.pk, "key": extra.pop("key", f"k-{decision}-{version.pk}"), "decision": decision}
    for m in mats(version):
        data[f"m_{m.pk}"] = (choices or {}).get(m.order, "paper")
    data.update(extra)
    return client.post(reverse("cases:intake", args=[applicant.pk]), data)


def test_lookup_finds_by_id_number(clerk, org):
    r = clerk.get(reverse("cases:workbench"), {"id_number": org.person.id_number})
    assert r.status_code == 200
    assert "张三" in r.content.decode()
    assert reverse("cases:intake", args=[org.person.pk]) in r.content.decode()


def test_lookup_of_a_mistyped_id_says_what_is_wrong(clerk, org):
    bad = org.person.id_number[:-1] + ("0" if org.person.id_number[-1] != "0" else "1")
    r = clerk.get(reverse("cases:workbench"), {"id_number": bad})
    body = r.content.decode()
    assert "校验" in body or "有误" in body or "不正确" in body
    assert 'id="register"' not in body


def test_unknown_applicant_is_registered_then_taken_to_intake(clerk, org):
    new_id = make_ric("31011419900303003")
    r = clerk.get(reverse("cases:workbench"), {"id_number": new_id})
    assert 'id="register"' in r.content.decode()
    r = clerk.post(reverse("cases:register_applicant"),
                   {"kind": "natural", "name": "赵六", "id_number": new_id, "phone": "13900000000"})
    applicant = Applicant.objects.by_identifier(new_id).get()
    assert r.status_code == 302 and r["Location"] == reverse("cases:intake", args=[applicant.pk])


def test_registering_twice_is_refused_with_a_field_error(clerk, org):
    r = clerk.post(reverse("cases:register_applicant"),
                   {"kind": "natural", "name": "张三", "id_number": org.person.id_number})
    assert r.status_code == 400
    assert "已登记" in r.content.decode()


def test_applicants_cannot_open_the_workbench(client, org):
    client.force_login(org.person_user)
    assert client.get(reverse("cases:workbench")).status_code == 404
    assert client.get(reverse("cases:inbox")).status_code == 404


def test_intake_material_list_comes_with_the_item(clerk, org, items):
    r = clerk.get(reverse("cases:intake_materials", args=[org.person.pk]), {"item_version": items.two.pk},
                  HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert "申请表" in body and "平面图" in body and "可容缺" in body


def test_counter_intake_accepts_and_offers_the_receipt(clerk, org, items):
    r = intake_post(clerk, org, items.two)
    case = Case.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("cases:work_case", args=[case.pk])
    assert case.state == "under_review" and case.number and case.channel == "window"
    assert set(case.materials.values_list("status", flat=True)) == {"provided"}
    page = clerk.get(r["Location"]).content.decode()
    assert reverse("cases:receipt_pdf", args=[case.pk]) in page
    # the paper check record is viewable inline
    cm = case.materials.first()
    f = clerk.get(reverse("cases:material_file", args=[case.pk, cm.pk]))
    assert f.status_code == 200 and f["Content-Type"] == "application/pdf"
    assert f["Content-Disposition"].startswith("inline")


def test_counter_intake_with_deferral_prints_its_notice(clerk, org, items):
    from yiwang.workdays.services import get_calendar

    due = get_calendar().add_working_days(today(), 3)
    r = intake_post(clerk, org, items.two, decision="deferral", choices={1: "none"}, deferral_due=due.isoformat(),
                    commitment_signer="王小明")
    case = Case.objects.get()
    assert case.state == "under_review" and case.deferral_due == due
    page = clerk.get(r["Location"]).content.decode()
    assert reverse("cases:notice_pdf", args=[case.pk, "deferral"]) in page
    assert clerk.get(reverse("cases:notice_pdf", args=[case.pk, "deferral"])).status_code == 200


def test_deferral_of_a_key_material_keeps_the_received_case(clerk, org, items):
    from yiwang.workdays.services import get_calendar

    due = get_calendar().add_working_days(today(), 3)
    r = intake_post(clerk, org, items.two, decision="deferral", choices={0: "none"}, deferral_due=due.isoformat())
    case = Case.objects.get()  # filed, not lost
    assert case.state == "received"
    page = clerk.get(r["Location"]).content.decode()
    assert "材料不齐全（申请表）" in page and "材料已保存" in page


def test_counter_intake_issues_the_one_time_supplement_notice(clerk, org, items):
    r = intake_post(clerk, org, items.two, decision="supplement", choices={0: "defect", 1: "none"},
                    **{f"problem_{mats(items.two)[0].pk}": "缺少签字"})
    case = Case.objects.get()
    assert case.state == "supplementing"
    notice = case.notices.get()
    assert {i["name"] for i in notice.items} == {"申请表", "平面图"}
    assert reverse("cases:notice_pdf", args=[case.pk, "supplement"]) in clerk.get(r["Location"]).content.decode()


def test_a_defect_needs_its_problem_stated(clerk, org, items):
    r = intake_post(clerk, org, items.two, decision="supplement", choices={0: "defect"})
    assert r.status_code == 400
    assert "需要补正的问题" in r.content.decode()
    assert not Case.objects.exists()


def test_commitment_needs_the_signed_form(clerk, org, items):
    r = intake_post(clerk, org, items.commit, choices={1: "commit"})
    assert r.status_code == 400
    assert "告知承诺书" in r.content.decode()
    assert not Case.objects.exists()
    r = intake_post(clerk, org, items.commit, choices={1: "commit"}, commitment_signed="1", key="again")
    case = Case.objects.get()
    assert case.state == "under_review" and case.commitment_signed
    assert case.materials.filter(status="committed").count() == 1


def test_a_resubmitted_form_files_once(clerk, org, items):
    intake_post(clerk, org, items.two, key="same")
    intake_post(clerk, org, items.two, key="same")
    assert Case.objects.count() == 1


def test_todays_queue_shows_received_cases_with_the_art32_clock(clerk, org, items):
    case = filed(org, items.two)
    body = clerk.get(reverse("cases:workbench")).content.decode()
    assert str(case) in body and ("剩余" in body or "今日到期" in body)


def test_unified_delivery_by_mail_needs_a_tracking_number(clerk, org, items):
    case = accepted(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=today())
    case = services.approve(case, actor=org.section_head, expected_version=case.version, today=today())
    body = clerk.get(reverse("cases:delivery")).content.decode()
    assert f'id="deliver-case-{case.pk}"' in body
    url = reverse("cases:deliver", args=["case", case.pk])
    p = f"c{case.pk}-"
    r = clerk.post(url, {p + "version": case.version, p + "method": "mail", p + "address": "示范路1号"})
    assert r.status_code == 400
    body = r.content.decode()
    assert "邮寄单号" in body and "示范路1号" in body  # what was typed is kept
    r = clerk.post(url, {p + "version": case.version, p + "method": "mail", p + "address": "示范路1号",
                         p + "tracking_number": "SF1234567890"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.state == "delivered" and case.tracking_number == "SF1234567890"


def test_delivery_with_a_stale_version_is_refused_clearly(clerk, org, items):
    case = accepted(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=today())
    case = services.approve(case, actor=org.section_head, expected_version=case.version, today=today())
    p = f"c{case.pk}-"
    r = clerk.post(reverse("cases:deliver", args=["case", case.pk]), {p + "version": case.version - 1,
                                                                      p + "method": "window"})
    assert r.status_code == 409
    assert "办件已被他人更新" in r.content.decode()
    case.refresh_from_db()
    assert case.state == "approved"


def test_a_bundle_is_delivered_once_at_the_window(clerk, org, items):
    from tests.cases.factories import make_bundle, make_item, pdf
    from yiwang.catalog.domain.bundles import material_key
    from yiwang.catalog.services import material_dict

    other = make_item(org.market, tier="one_step", limit=0)
    bundle = make_bundle(org, [items.one, other])
    files = {material_key(material_dict(m)): pdf(m.name) for v in (items.one, other) for m in mats(v)}
    bc = services.submit_bundle(submitter=org.person_user, applicant=org.person, bundle=bundle,
                                idempotency_key="b", files=files, today=today())
    for child in bc.children.all():
        child = services.accept(child, actor=org.clerk, expected_version=child.version, today=today())
        services.approve(child, actor=org.clerk, expected_version=child.version, today=today())
    bc.refresh_from_db()
    assert bc.status == "concluded"
    body = clerk.get(reverse("cases:delivery")).content.decode()
    assert f'id="deliver-bundle-{bc.pk}"' in body
    assert all(f'id="deliver-case-{c.pk}"' not in body for c in bc.children.all())  # children go with the bundle
    p = f"b{bc.pk}-"
    r = clerk.post(reverse("cases:deliver", args=["bundle", bc.pk]), {p + "version": bc.version, p + "method": "window"})
    assert r.status_code == 302
    bc.refresh_from_db()
    assert bc.status == "delivered"
    assert set(bc.children.values_list("state", flat=True)) == {"delivered"}


def test_only_clerks_of_the_hall_deliver(client, org, items):
    case = accepted(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=today())
    case = services.approve(case, actor=org.section_head, expected_version=case.version, today=today())
    client.force_login(org.reviewer)
    p = f"c{case.pk}-"
    r = client.post(reverse("cases:deliver", args=["case", case.pk]), {p + "version": case.version, p + "method": "window"})
    assert r.status_code == 404
    case.refresh_from_db()
    assert case.state == "approved"


def test_the_delivery_form_starts_from_the_applicants_choice(clerk, org, items):
    from yiwang.cases.portal.services import choose_delivery

    case = accepted(org, items.two)
    choose_delivery(case, user=org.person_user, method="mail", address="示范路8号", recipient="张三",
                    phone="13800000001")
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=today())
    case = services.approve(case, actor=org.section_head, expected_version=case.version, today=today())
    body = clerk.get(reverse("cases:delivery")).content.decode()
    assert 'value="示范路8号 张三 13800000001"' in body
    assert 'value="mail" selected' in body or "value=\"mail\" checked" in body
