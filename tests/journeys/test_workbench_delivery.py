"""Journey: unified delivery (统一窗口出件) marked at the window, by free mail with a tracking number."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_delivery_marked_at_the_window(page, login_as, org, settings, tmp_path):
    from django.utils import timezone

    from tests.cases.factories import build_items, file_all
    from yiwang.catalog.models import ItemVersion
    from yiwang.cases import services

    settings.MEDIA_ROOT = tmp_path / "media"
    items = build_items(org)
    ItemVersion.objects.filter(pk=items.two.pk).update(item_type=20)  # a public service: no e-licence
    items.two.refresh_from_db()
    today = timezone.localdate()
    case = file_all(org, items.two, today=today)
    case = services.accept(case, actor=org.clerk, expected_version=case.version, today=today)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=today)
    case = services.approve(case, actor=org.section_head, expected_version=case.version, today=today)

    login_as("clerk")
    page.goto(page.base_url + "/cases/workbench/delivery/")
    card = page.locator(f"#deliver-case-{case.pk}")
    card.locator("select[name$=method]").select_option("mail")
    card.locator("input[name$=address]").fill("示范区示范路1号")
    card.locator("button[type=submit]").click()
    page.wait_for_selector(".alert")  # no tracking number: refused, what was typed kept
    card = page.locator(f"#deliver-case-{case.pk}")
    assert "邮寄单号" in card.inner_text()
    assert card.locator("input[name$=address]").input_value() == "示范区示范路1号"
    card.locator("input[name$=tracking_number]").fill("SF1234567890")
    card.locator("button[type=submit]").click()
    page.wait_for_selector(".messages")
    assert "已出件" in page.inner_text(".messages")
    case.refresh_from_db()
    assert case.state == "delivered" and case.delivery_method == "mail" and case.tracking_number == "SF1234567890"
