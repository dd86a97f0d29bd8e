"""The forgotten-password journey in the browser, on the site's own pages (the site's frame, not the admin's):
the e-mail (Django's outbox) carries the link in Chinese, a refused password is named beside its field, the new one
logs in and the old one no longer does; axe-core finds no serious or critical violation on any of the four pages."""
import re

import pytest

from tests.journeys.test_accessibility import _serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _framed(page) -> None:
    assert page.locator("header.site").count() == 1 and page.locator("footer").count() >= 1
    assert "Django" not in page.content()  # not the admin's 站点管理 pages


def test_a_forgotten_password_is_reset_through_the_sites_own_pages(page, org):
    from axe_playwright_python.sync_playwright import Axe
    from django.core import mail

    org.reviewer.email = "reviewer@example.gov.cn"
    org.reviewer.save()
    axe, problems = Axe(), []
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_role("link", name="忘记密码？").click()
    page.wait_for_url("**/accounts/password_reset/")
    _framed(page)
    assert page.inner_text("h1") == "找回密码"
    problems += [f"申请页: {v}" for v in _serious(axe, page)]
    page.get_by_label("电子邮箱").fill("reviewer@example.gov.cn")
    page.get_by_role("button", name="发送重设链接").click()
    page.wait_for_url("**/accounts/password_reset/done/")
    _framed(page)
    assert "重设密码的链接已发到该邮箱" in page.inner_text("#reset-sent")
    problems += [f"已发送页: {v}" for v in _serious(axe, page)]

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reviewer@example.gov.cn"] and "重设密码" in message.subject
    assert "您的登录账号：reviewer" in message.body and "如果不是您本人申请" in message.body
    link = re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)
    page.goto(page.base_url + re.sub(r"^https?://[^/]+", "", link))
    assert page.inner_text("h1") == "设置新密码"
    _framed(page)
    assert page.locator("#password-rules li").count() >= 3  # the rules the new password must meet, shown first
    problems += [f"设置页: {v}" for v in _serious(axe, page)]

    page.get_by_label("新密码", exact=True).fill("Reset-Pass-2026")
    page.get_by_label("再次输入新密码").fill("Reset-Pass-2062")
    page.get_by_role("button", name="设置新密码").click()
    errors = page.locator("#reset-errors")
    assert "输入的两个密码不一致" in errors.inner_text()
    assert errors.locator("a").first.get_attribute("href") == "#id_new_password2"
    assert page.get_attribute("#id_new_password2", "aria-invalid") == "true"
    problems += [f"设置页（有错）: {v}" for v in _serious(axe, page)]

    page.get_by_label("新密码", exact=True).fill("Reset-Pass-2026")
    page.get_by_label("再次输入新密码").fill("Reset-Pass-2026")
    page.get_by_role("button", name="设置新密码").click()
    page.wait_for_url("**/accounts/reset/done/")
    _framed(page)
    assert "新密码已生效" in page.inner_text("#reset-complete")
    problems += [f"完成页: {v}" for v in _serious(axe, page)]
    assert not problems, "\n".join(problems)

    # the link was for one use: opened again it says so and offers a new request
    page.goto(page.base_url + re.sub(r"^https?://[^/]+", "", link))
    assert page.inner_text("h1") == "链接已失效" and page.locator("#reset-invalid").count() == 1

    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", "reviewer")
    page.fill("input[name=password]", "pass-1234")
    page.click("button[type=submit]")
    assert "/accounts/login/" in page.url  # the old password no longer opens the account
    page.fill("input[name=username]", "reviewer")
    page.fill("input[name=password]", "Reset-Pass-2026")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url
