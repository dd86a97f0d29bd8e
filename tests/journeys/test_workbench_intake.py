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
