"""Issue 4's bundle journey (一件事一次办), every step through the pages by the person who owns it:

the applicant applies for a two-department bundle through one form (the shared material uploaded once) → the
comprehensive window accepts both child cases → each department's reviewer and section head approve their own
child (each approval issues that department's e-licence) → the window hands everything over once (统一出件) → the
applicant sees one delivery of the bundle, its cases delivered together, and one delivery message.

Only the data is set up by code: the org (plus the health commission's section head), two published two-step
licensing items, the bundle, the departments' signing keys."""
import re

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pdf(tmp_path, name):
    p = tmp_path / name
    p.write_bytes(b"%PDF-1.7\n" + name.encode() * 20)
    return str(p)


def _approve_child(page, login_as, case, reviewer, head):
    """The department's two steps on its own child case, from each person's inbox."""
    login_as(reviewer)
    page.get_by_role("link", name="待办").first.click()
    page.get_by_role("link", name=case.number).click()
    page.click("#action-forward summary")
    page.fill("#action-forward textarea[name=opinion]", "符合条件")
    page.click("#action-forward button[type=submit]")
    page.wait_for_selector(".messages")
    assert "已提交下一环节" in page.inner_text(".messages")

    login_as(head)
    page.get_by_role("link", name="待办").first.click()
    page.get_by_role("link", name=case.number).click()
    page.click("#action-approve summary")
    page.click("#action-approve button[type=submit]")
    page.wait_for_selector("#licences")
    assert "已准予许可" in page.inner_text(".messages")


def test_bundle_one_form_parallel_approval_one_delivery(page, login_as, org, settings, tmp_path):
    from tests.cases.factories import make_bundle, make_item
    from tests.factories import staff
    from yiwang.catalog.models import ItemVersion
    from yiwang.cases.models import BundleCase, Case
    from yiwang.licences.keys import generate_key
    from yiwang.licences.models import Licence
    from yiwang.notify.models import Message
    from yiwang.org.models import Role

    # ---- data ------------------------------------------------------------------------------------------
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YIWANG_KEY_ENCRYPTION_KEY = "journey-master-key-0123456789abcdef0123456789"
    staff("health_head", Role.SECTION_HEAD, department=org.health)
    generate_key(org.market)
    generate_key(org.health)
    food = make_item(org.market, name="食品经营许可", materials=[
        {"name": "营业执照", "is_key": True}, {"name": "食品经营场所平面图"}])
    hygiene = make_item(org.health, name="公共场所卫生许可", materials=[
        {"name": "营业执照", "is_key": True}, {"name": "从业人员健康证明"}])
    for v in (food, hygiene):
        ItemVersion.objects.filter(pk=v.pk).update(form_fields="申请人姓名\n公民身份号码\n联系电话\n经营场所")
    bundle = make_bundle(org, [food, hygiene])

    # ---- the applicant applies through one form ------------------------------------------------------------
    login_as("zhangsan")
    page.goto(page.base_url + f"/cases/apply/bundle/{bundle.pk}/")
    page.get_by_role("button", name="开始填写").click()
    page.wait_for_url(re.compile(r"/cases/drafts/\d+/$"))
    assert bundle.name in page.inner_text("h1")
    mats = page.locator("div.mat")
    names = [mats.nth(i).locator("h3").inner_text() for i in range(mats.count())]
    assert len(names) == 3 and sum("营业执照" in n for n in names) == 1  # the shared material asked once
    for i in range(mats.count()):
        page.set_input_files(f"#file{i}", _pdf(tmp_path, f"material{i}.pdf"))
        page.locator(f"#m{i}").get_by_role("button", name="上传", exact=True).click()
        page.wait_for_selector(f"#m{i} >> text=已上传：material{i}.pdf")
    assert page.input_value("input[name=f0]") == "张三"  # prefilled, the merged form asks each field once
    assert page.locator("#draft-form input[type=text][name^=f]").count() == 4
    page.fill("input[name=f2]", "13911112222")
    page.fill("input[name=f3]", "示范路8号")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/cases/bundles/\d+/$"))
    bc = BundleCase.objects.get()
    children = {c.department_id: c for c in Case.objects.filter(bundle_case=bc)}
    assert set(children) == {org.market.pk, org.health.pk}
    assert page.locator("tbody tr").count() == 2

    # ---- the comprehensive window accepts both children --------------------------------------------------
    login_as("clerk")
    for case in children.values():
        page.get_by_role("link", name="综合窗口").first.click()
        page.get_by_role("link", name=str(case)).first.click()
        page.click("#action-accept summary")
        page.click("#action-accept button[type=submit]")
        page.wait_for_selector(".messages")
        assert "已受理" in page.inner_text(".messages")
    food_case, hygiene_case = Case.objects.get(pk=children[org.market.pk].pk), Case.objects.get(
        pk=children[org.health.pk].pk)
    assert food_case.number and hygiene_case.number

    # ---- each department approves its own child ------------------------------------------------------------
    _approve_child(page, login_as, food_case, "reviewer", "section_head")
    # nothing to deliver yet: the bundle waits for its other case
    login_as("clerk")
    page.get_by_role("link", name="综合窗口").first.click()
    page.locator("nav[aria-label=工作台导航]").get_by_role("link", name="统一出件").click()
    assert page.locator(f"#deliver-bundle-{bc.pk}").count() == 0
    assert page.locator(f"#deliver-case-{food_case.pk}").count() == 0  # a child is never delivered alone
    _approve_child(page, login_as, hygiene_case, "health_reviewer", "health_head")
    assert Licence.objects.filter(case_ref__in=[food_case.pk, hygiene_case.pk]).count() == 2

    # ---- the window delivers once -----------------------------------------------------------------------
    login_as("clerk")
    page.get_by_role("link", name="综合窗口").first.click()
    page.locator("nav[aria-label=工作台导航]").get_by_role("link", name="统一出件").click()
    card = page.locator(f"#deliver-bundle-{bc.pk}")
    card.locator("select[name$=method]").select_option("window")
    card.get_by_role("button", name="统一出件").click()
    page.wait_for_selector(".messages")
    assert "已出件" in page.inner_text(".messages")
    assert page.locator(f"#deliver-bundle-{bc.pk}").count() == 0

    # ---- the applicant sees one delivery ----------------------------------------------------------------
    login_as("zhangsan")
    page.get_by_role("link", name="我的办件").first.click()
    page.get_by_role("link", name=bundle.name).first.click()
    today = timezone.localdate()
    main = page.inner_text("main")
    assert "已出件" in main and f"{today:%Y年%m月%d日} · 窗口领取" in main
    rows = page.locator("tbody tr")
    assert rows.count() == 2 and all("已出件" in rows.nth(i).inner_text() for i in range(2))
    bc.refresh_from_db()
    assert bc.status == "delivered" and bc.delivered_on == today
    assert {(c.state, c.delivered_on, c.delivery_method) for c in bc.children.all()} == {
        ("delivered", today, bc.delivery_method)}
    delivery_messages = Message.objects.filter(event="case.delivered", user=org.person_user)
    assert delivery_messages.count() == 1 and bundle.name in delivery_messages.get().subject
