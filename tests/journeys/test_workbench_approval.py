"""Journey: the two-step approval (reviewer → section head) through the inbox and case pages, with the
e-licence issued on approval."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_step_approval_through_the_pages(page, login_as, org, settings, tmp_path):
    from django.utils import timezone

    from tests.cases.factories import build_items, file_all
    from yiwang.cases import services
    from yiwang.cases.models import Case
    from yiwang.licences.keys import generate_key

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YIWANG_KEY_ENCRYPTION_KEY = "journey-master-key-0123456789abcdef0123456789"
    generate_key(org.market)
    items = build_items(org)
    today = timezone.localdate()
    case = file_all(org, items.two, today=today)
    case = services.accept(case, actor=org.clerk, expected_version=case.version, today=today)

    login_as("reviewer")
    page.goto(page.base_url + "/cases/inbox/")
    page.click(f"text={case.number}")
    page.click("#action-forward summary")
    page.fill("#action-forward textarea[name=opinion]", "材料齐全，符合法定条件")
    page.click("#action-forward button[type=submit]")
    page.wait_for_selector(".messages")
    assert "已提交下一环节" in page.inner_text(".messages")
    assert Case.objects.get(pk=case.pk).step_index == 1

    login_as("section_head")
    page.goto(page.base_url + "/cases/inbox/")
    page.click(f"text={case.number}")
    page.click("#action-approve summary")
    page.fill("#action-approve textarea[name=scope]", "预包装食品销售")
    page.click("#action-approve button[type=submit]")
    page.wait_for_selector("#licences")
    assert "已准予许可" in page.inner_text(".messages")
    assert "准予许可" in page.inner_text("#case-state")
    assert "SCJ-" in page.inner_text("#licences")
    assert page.locator("#documents a", has_text="许可决定书").count() == 1
