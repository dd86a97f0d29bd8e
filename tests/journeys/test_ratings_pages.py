"""Browser journeys: the applicant rates from the rating page (HTMX), the unit rectifies, the public page shows
the result anonymised."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def delivered_case(org):
    from tests.cases.factories import make_item
    from tests.ratings.factories import delivered
    from django.utils import timezone

    version = make_item(org.market, tier="one_step", limit=0, name="食品经营许可（仅销售预包装食品）备案")
    return delivered(org, version, today=timezone.localdate())


def test_applicant_rates_unit_rectifies_public_sees_it_anonymised(page, login_as, org, delivered_case):
    case = delivered_case
    login_as("zhangsan")
    page.goto(page.base_url + "/ratings/mine/")
    assert case.number in page.inner_text("main")
    page.click("text=去评价")
    page.wait_for_selector("#rate-panel")
    page.click("button:has-text('提交评价')")  # no grade chosen
    page.wait_for_selector("text=请选择评价等级")
    page.check("input[name=grade][value='2']")
    page.check("input[name=tags][value='多次跑']")
    page.fill("textarea[name=comment]", "跑了两次才办成，电话13912345678")
    page.click("button:has-text('提交评价')")
    page.wait_for_selector("text=感谢您的评价")
    panel = page.inner_text("#rate-panel")
    assert "不满意" in panel and "差评整改：待回访" in panel and "多次跑" in panel

    login_as("reviewer")
    page.goto(page.base_url + "/ratings/rectifications/")
    page.click("text=整改#")
    page.fill("#follow-up textarea[name=note]", "已电话联系评价人，了解到材料清单告知不全")
    page.click("#follow-up button[type=submit]")
    page.wait_for_selector("text=已登记回访")
    page.fill("#reply textarea[name=verification]", "经核实，窗口未一次性告知全部材料")
    page.fill("#reply textarea[name=measures]", "修订办事指南，组织窗口培训")
    page.fill("#reply textarea[name=reply_text]", "已修订办事指南并培训窗口人员，感谢您的监督")
    page.click("#reply button[type=submit]")
    page.wait_for_selector("text=整改情况已回复评价人")

    login_as("zhangsan")
    page.goto(page.base_url + f"/ratings/cases/{case.pk}/case/")
    assert "已修订办事指南" in page.inner_text("#rect-reply")
    page.check("#rectification input[name=grade][value='5']")
    page.click("button:has-text('提交整改评价')")
    page.wait_for_selector("text=感谢您对整改情况的评价")

    page.context.clear_cookies()
    page.goto(page.base_url + "/ratings/")
    main = page.inner_text("main")
    assert "区市场监督管理局" in main and "食品经营许可" in main and "已修订办事指南" in main
    assert "跑了两次才办成" in main and "100%" in main
    for secret in ("张三", case.number, "13912345678"):
        assert secret not in main


def test_public_page_reached_from_the_navigation(page, org):
    page.goto(page.base_url + "/")
    page.click("header >> text=好差评")
    page.wait_for_url("**/ratings/")
    assert "好差评" in page.inner_text("h1")
    assert "该期间暂无评价" in page.inner_text("main")


def test_the_sms_invitation_opens_the_rating_without_a_password_and_the_dashboard_counts_it(page, login_as, org,
                                                                                              delivered_case):
    """The invitation's round trip: the SMS carries a signed link; opened in a browser that has never signed in,
    it rates that one service (recorded as 短信链接); the supervisor's dashboard then shows the response."""
    from yiwang.notify.models import Message
    from yiwang.ratings.models import Invitation, Rating

    case = delivered_case
    sms = Message.objects.get(event="ratings.invite", ref=f"rating-invite:{case.pk}:case", deliveries__channel="sms")
    page.context.clear_cookies()
    page.goto(page.base_url + sms.link)
    assert "/accounts/login/" not in page.url
    page.check("input[name=grade][value='5']")
    page.check("input[name=tags][value='办事高效']")
    page.click("button:has-text('提交评价')")
    page.wait_for_selector("text=感谢您的评价")
    rating = Rating.objects.get(case=case, service="case")
    assert rating.channel == "sms" and rating.grade == 5
    assert Invitation.objects.get(case=case, service="case").rating == rating
    # the same link opens nothing else: another case's rating page asks for the sign-in
    token = sms.link.split("?via=", 1)[1]
    page.goto(page.base_url + f"/ratings/cases/{case.pk + 1000}/case/?via={token}")
    assert "/accounts/login/" in page.url

    login_as("supervisor")
    page.goto(page.base_url + "/supervision/dashboard/")
    main = page.inner_text("main")
    assert "评价邀请率" in main and "参评率" in main
