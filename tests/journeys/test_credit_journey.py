"""Journey: a serious penalty makes an enterprise dishonest → the window cannot offer 容缺 and says why → the
enterprise downloads a signed credit report, verifies it publicly and applies for repair after the minimum → the
listing department approves → the window offers 容缺 again."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_penalty_bars_deferral_until_repair_and_report_verifies(page, login_as, org, settings, tmp_path):
    from django.utils import timezone

    from tests.cases.factories import build_items, mats
    from yiwang.credit.domain.periods import add_months
    from yiwang.credit.models import Record, Report
    from yiwang.licences.keys import generate_key

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YIWANG_CREDIT_REPORT_DEPARTMENT = "SCJ"
    generate_key(org.market)
    org.company.agents.add(org.agent)
    items = build_items(org)
    decided = add_months(timezone.localdate(), -13)

    # the market regulator enters a serious penalty thirteen months old
    login_as("section_head")
    page.goto(page.base_url + "/credit/office/")
    page.fill("#add-record input[name=subject_code]", org.company.id_number)
    page.select_option("#add-record select[name=kind]", "penalty")
    page.select_option("#add-record select[name=severity]", "serious")
    page.fill("#add-record input[name=title]", "生产经营不符合食品安全标准的食品")
    page.fill("#add-record input[name=decision_number]", "沪市监罚〔2025〕88号")
    page.fill("#add-record input[name=legal_basis]", "《中华人民共和国食品安全法》第一百二十四条")
    page.fill("#add-record input[name=decided_on]", decided.isoformat())
    page.click("#add-record button[type=submit]")
    assert "已录入" in page.inner_text(".messages")

    # the window: no 容缺, and why
    login_as("clerk")
    page.goto(page.base_url + "/cases/workbench/")
    page.fill("input[name=id_number]", org.company.id_number)
    page.click("button:has-text('查找')")
    verdict = page.inner_text("#credit-verdict")
    assert "不适用告知承诺和容缺受理" in verdict and "沪市监罚〔2025〕88号" in verdict and "国办发〔2020〕42号" in verdict
    page.click("a:has-text('为该申请人收件')")
    page.select_option("#item_version", str(items.two.pk))
    page.wait_for_selector("#no-deferral")
    assert page.locator("input[name=deferral_due]").count() == 0

    # the enterprise: a credit report, verified publicly, then the repair application
    login_as("agent")
    page.goto(page.base_url + "/credit/mine/")
    assert "沪市监罚〔2025〕88号" in page.inner_text("main")
    with page.expect_response(lambda r: "/pdf/" in r.url) as resp:
        page.click("button:has-text('生成信用报告')")
    assert resp.value.headers["content-type"] == "application/pdf"
    report = Report.objects.get()
    page.goto(page.base_url + "/credit/reports/verify/?p=" + report.token)
    assert "核验结果：有效" in page.inner_text(".verify-result")
    page.goto(page.base_url + "/credit/mine/")
    form = page.locator(".repair-form")
    form.locator("textarea[name=correction]").fill("已缴纳罚款并完成整改，销毁不合格产品")
    form.locator("input[name=proof]").set_input_files(files=[{"name": "缴款凭证.pdf", "mimeType": "application/pdf",
                                                               "buffer": b"%PDF-1.4 receipt"}])
    form.locator("input[name=report_number]").fill(report.number)
    form.locator("input[name=commitment_signed]").check()
    form.locator("button[type=submit]").click()
    assert "信用修复申请已提交" in page.inner_text(".messages")

    # the listing department approves
    login_as("section_head")
    page.goto(page.base_url + "/credit/office/")
    page.fill("#repairs input[name=reason]", "已履行行政处罚决定，整改到位")
    page.click("#repairs button[value=approve]")
    assert "已作出信用修复决定" in page.inner_text(".messages")
    assert Record.objects.get(decision_number="沪市监罚〔2025〕88号").status == "repaired"

    # 容缺 is offered again
    login_as("clerk")
    page.goto(page.base_url + "/cases/workbench/")
    page.fill("input[name=id_number]", org.company.id_number)
    page.click("button:has-text('查找')")
    assert "未发现适用的联合奖惩措施" in page.inner_text("#credit-verdict")
    page.click("a:has-text('为该申请人收件')")
    page.select_option("#item_version", str(items.two.pk))
    page.wait_for_selector("input[name=deferral_due]")
