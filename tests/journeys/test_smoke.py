import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_and_login_in_a_real_browser(page, login_as, org):
    page.goto(page.base_url + "/")
    assert "一网通办" in page.inner_text("h1")
    login_as("zhangsan")
    assert "张三" in page.inner_text("header")
