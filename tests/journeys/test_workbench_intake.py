"""Journey: a counter intake at the comprehensive window with a deferral (容缺), its notice printed."""
import subprocess
import tempfile

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return "".join(subprocess.run(["pdftotext", f.name, "-"], capture_output=True, check=True)
                       .stdout.decode().split())


def test_counter_intake_with_deferral_and_printed_notice(page, login_as, org, settings, tmp_path):
    from django.utils import timezone

    from tests.cases.factories import build_items, mats
    from yiwang.cases.models import Case
    from yiwang.workdays.services import get_calendar

    settings.MEDIA_ROOT = tmp_path / "media"
    items = build_items(org)
    key, plan = mats(items.two)
    due = get_calendar().add_working_days(timezone.localdate(), 3)

    login_as("clerk")
    page.goto(page.base_url + "/cases/workbench/")
    page.fill("input[name=id_number]", org.person.id_number)
    page.click("button:has-text('查找')")
    page.click("a:has-text('为该申请人收件')")
    page.select_option("#item_version", str(items.two.pk))
    page.wait_for_selector(f"#mat-{plan.pk}")  # the checklist came in by HTMX
    page.check(f"input[name=m_{key.pk}][value=paper]")
    page.check(f"input[name=m_{plan.pk}][value=none]")
    page.fill("input[name=deferral_due]", due.isoformat())
    page.fill("input[name=commitment_signer]", org.person.name)  # signed at the window pad
    page.click("button[value=deferral]")
    page.wait_for_selector("#documents")
    assert "已容缺受理" in page.inner_text(".messages")
    case = Case.objects.get()
    assert case.state == "under_review" and case.deferral_due == due
    link = page.locator("#documents a", has_text="容缺受理告知书")
    response = page.request.get(page.base_url + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "容缺受理告知书" in text and "平面图" in text and case.number in text
    assert "逾期未补交的，终止办理" in text


def _wrong_check(code: str) -> str:
    return code[:-1] + ("0" if code[-1] != "0" else "1")


def test_the_windows_look_up_and_register_forms_check_the_check_character_as_typed(page, login_as, org):
    from yiwang.org.identifiers import make_ric, make_uscc
    from yiwang.org.models import Applicant

    person, company = make_ric("31011419900307001"), make_uscc("91310114MA1000099")
    login_as("clerk")
    page.goto(page.base_url + "/cases/workbench/")
    page.fill("#id_id_number", _wrong_check(person))
    assert "居民身份证号校验码错误" in page.inner_text("#lookup-id-check")  # before anything is submitted
    assert page.get_attribute("#id_id_number", "aria-invalid") == "true"
    page.fill("#id_id_number", _wrong_check(company))
    assert "统一社会信用代码校验码错误" in page.inner_text("#lookup-id-check")
    page.fill("#id_id_number", company)
    assert page.is_hidden("#lookup-id-check") and page.get_attribute("#id_id_number", "aria-invalid") is None

    # the server still checks: a wrong code sent anyway is refused with the same message
    page.fill("#id_id_number", _wrong_check(company))
    page.evaluate("document.querySelector('#id_id_number').closest('form').submit()")
    page.wait_for_load_state()
    assert "校验码错误" in page.inner_text("#lookup-h ~ form")

    # not found: the register form, whose code is checked by the kind chosen
    page.fill("#id_id_number", company)
    page.get_by_role("button", name="查找").click()
    page.wait_for_selector("#register")
    assert page.input_value("#reg_kind") == "legal" and page.input_value("#reg_id_number") == company
    page.fill("#reg_id_number", _wrong_check(company))
    assert "统一社会信用代码校验码错误" in page.inner_text("#reg-id-check")
    page.select_option("#reg_kind", "natural")  # a person's ID number is asked for now
    assert "居民身份证号" in page.inner_text("#reg-id-check")
    page.fill("#reg_id_number", _wrong_check(person))
    assert "居民身份证号校验码错误" in page.inner_text("#reg-id-check")
    page.fill("#reg_name", "赵六")
    page.get_by_role("button", name="登记并收件").click()  # sent anyway: the server refuses it too
    page.wait_for_load_state()
    assert "校验码" in page.inner_text("#register") and not Applicant.objects.filter(name="赵六").exists()
    page.fill("#reg_id_number", person)
    assert page.is_hidden("#reg-id-check")
    page.get_by_role("button", name="登记并收件").click()
    page.wait_for_url("**/cases/workbench/intake/**")
    assert Applicant.objects.get(name="赵六").kind == "natural"
