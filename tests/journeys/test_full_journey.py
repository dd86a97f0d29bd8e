"""Issue 4's whole journey, every step through the pages by the person who owns it:

an applicant applies online with one material missing → the clerk issues the one-time supplement notice → the
applicant supplements → the clerk accepts → reviewer and section head approve (two-step licensing item) → the
e-licence is issued → the applicant downloads it from the case page → the public verification page (logged out)
says valid; a code with one character changed says forged → the unit leader revokes the licence on its page →
the verification page says revoked, with the date.

Only the data is set up by code: the org, a published two-step licensing item with two materials, a signing key."""
import re

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pdf(tmp_path, name):
    p = tmp_path / name
    p.write_bytes(b"%PDF-1.7\n" + name.encode() * 20)
    return str(p)


def _tamper(token: str) -> str:
    """The same code with one character of the signed payload changed."""
    payload, signature = token.split(".", 1)
    i = len(payload) // 2
    return payload[:i] + ("A" if payload[i] != "A" else "B") + payload[i + 1:] + "." + signature


def _verify(page, token):
    """Open the public verification page for a code, logged out; return (status, text of the result)."""
    page.context.clear_cookies()
    page.goto(page.base_url + "/licences/verify/?p=" + token)
    result = page.locator("section.verify-result")
    return result.get_attribute("data-status"), result.inner_text()


def test_apply_supplement_accept_approve_licence_verify_revoke(page, login_as, org, settings, tmp_path):
    from tests.cases.factories import make_item
    from yiwang.catalog.models import ItemType, ItemVersion
    from yiwang.cases.models import Case
    from yiwang.licences.keys import generate_key
    from yiwang.licences.models import Licence
    from yiwang.licences.verification import token_from_pdf

    # ---- data: a published two-step licensing item with two materials, the market's signing key -------------
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YIWANG_KEY_ENCRYPTION_KEY = "journey-master-key-0123456789abcdef0123456789"
    settings.YIWANG_PUBLIC_URL = page.base_url
    generate_key(org.market)
    v = make_item(org.market, tier="two_step", name="食品经营许可（仅销售预包装食品）")
    assert v.item_type == ItemType.LICENSING and [m.name for m in v.materials.order_by("order")] == ["申请表", "平面图"]
    # the guide's “网上办理” button leads to the portal's online application for this item
    ItemVersion.objects.filter(pk=v.pk).update(
        fully_online=True, form_fields="申请人姓名\n公民身份号码\n联系电话\n经营场所",
        online_url=page.base_url + f"/cases/apply/{v.item.code}/")
    floor_plan = v.materials.get(name="平面图")

    # ---- the applicant finds the item and applies online, the floor plan missing -----------------------------
    login_as("zhangsan")
    page.get_by_role("link", name="我的办件").first.click()
    page.get_by_role("link", name="查找事项并在线申请").click()
    page.wait_for_url("**/catalog/")
    page.get_by_role("link", name=v.name, exact=True).first.click()
    assert v.name in page.inner_text("h1")
    page.get_by_role("link", name="网上办理").click()
    page.get_by_role("button", name="开始填写").click()
    page.wait_for_url(re.compile(r"/cases/drafts/\d+/$"))
    assert page.input_value("input[name=f0]") == "张三"  # prefilled from the account
    page.set_input_files("#file0", _pdf(tmp_path, "申请表.pdf"))
    page.locator("#m0").get_by_role("button", name="上传", exact=True).click()
    page.wait_for_selector("#m0 >> text=已上传：申请表.pdf")
    page.fill("input[name=f2]", "13911112222")
    page.fill("input[name=f3]", "示范路8号")
    assert "尚未上传：平面图" in page.inner_text("main")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    assert "已收件" in page.inner_text("#case-state")
    case = Case.objects.get()
    assert case.channel == "online"

    # ---- the clerk sees it among the received cases and issues the one-time supplement notice ---------------
    login_as("clerk")
    page.get_by_role("link", name="综合窗口").first.click()
    page.get_by_role("link", name=str(case)).first.click()
    page.click("#action-notify_supplement summary")
    page.click("#action-notify_supplement button[type=submit]")
    page.wait_for_selector(".messages")
    assert "已一次性告知补正" in page.inner_text(".messages")
    assert "待补正" in page.inner_text("#case-state")

    # ---- the applicant sees what is asked and supplements -------------------------------------------------
    login_as("zhangsan")
    page.get_by_role("link", name="我的办件").first.click()
    row = page.get_by_role("row").filter(has_text=v.name)
    assert "补正材料" in row.inner_text()
    row.get_by_role("link", name=v.name).click()
    assert "请补正材料" in page.inner_text("main") and "平面图" in page.inner_text("#supplement")
    page.set_input_files(f"#sm{floor_plan.pk}", _pdf(tmp_path, "平面图.pdf"))
    page.get_by_role("button", name="提交补正材料").click()
    page.wait_for_selector("text=补正材料已提交")
    assert "已收件" in page.inner_text("#case-state")

    # ---- the clerk accepts ----------------------------------------------------------------------------------
    login_as("clerk")
    page.get_by_role("link", name="综合窗口").first.click()
    page.get_by_role("link", name=str(case)).first.click()
    page.click("#action-accept summary")
    page.click("#action-accept button[type=submit]")
    page.wait_for_selector(".messages")
    case.refresh_from_db()
    assert case.number and f"已受理，办件编号{case.number}" in page.inner_text(".messages")

    # ---- reviewer, then section head (two-step); the approval issues the e-licence --------------------------
    login_as("reviewer")
    page.get_by_role("link", name="待办").first.click()
    page.get_by_role("link", name=case.number).click()
    page.click("#action-forward summary")
    page.fill("#action-forward textarea[name=opinion]", "材料齐全，符合法定条件")
    page.click("#action-forward button[type=submit]")
    page.wait_for_selector(".messages")
    assert "已提交下一环节" in page.inner_text(".messages")

    login_as("section_head")
    page.get_by_role("link", name="待办").first.click()
    page.get_by_role("link", name=case.number).click()
    page.click("#action-approve summary")
    page.fill("#action-approve textarea[name=scope]", "预包装食品销售")
    page.click("#action-approve button[type=submit]")
    page.wait_for_selector("#licences")
    assert "已准予许可" in page.inner_text(".messages")
    licence = Licence.objects.get(case_ref=case.pk)
    assert licence.number in page.inner_text("#licences")

    # ---- the applicant downloads the licence from the case page ---------------------------------------------
    login_as("zhangsan")
    page.get_by_role("link", name="我的办件").first.click()
    page.get_by_role("link", name=v.name).first.click()
    assert "准予许可" in page.inner_text("#case-state")
    link = page.get_by_role("link", name=re.compile(f"电子证照 {licence.number}"))
    response = page.request.get(page.base_url + link.get_attribute("href"))  # with the page's cookies
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    token = token_from_pdf(pdf)
    assert token and token == licence.token
    page.goto(page.base_url + f"/licences/{licence.number}/")  # the holder sees the licence, not the revocation
    assert licence.number in page.inner_text("h1") and page.locator("#revoke").count() == 0

    # ---- the public verification page, logged out: valid; one character changed: forged ---------------------
    status, text = _verify(page, token)
    assert status == "valid" and "核验结果：有效" in text and licence.number in text and "张三" in text
    assert org.person.id_number not in text  # the identifier is shown masked
    status, text = _verify(page, _tamper(token))
    assert status == "forged" and "伪造" in text and "张三" not in text

    # ---- the unit leader revokes it on the licence's page ---------------------------------------------------
    login_as("unit_leader")
    page.get_by_role("link", name="待办").first.click()
    page.locator("nav[aria-label=工作台导航]").get_by_role("link", name="电子证照").click()
    page.fill("input[name=q]", licence.number)
    page.get_by_role("button", name="查询").click()
    page.get_by_role("link", name=licence.number).click()
    page.get_by_role("button", name="注销证照").click()  # no reason, not confirmed: refused, nothing changes
    assert "请填写注销原因" in page.inner_text("#revoke")
    assert Licence.objects.get(pk=licence.pk).status == "valid"
    page.fill("textarea[name=reason]", "持证主体申请注销")
    page.check("input[name=confirm]")
    page.get_by_role("button", name="注销证照").click()
    page.wait_for_selector(".messages")
    assert "已注销" in page.inner_text("#licence-status")

    # ---- the verification page now says revoked, with the date ----------------------------------------------
    status, text = _verify(page, token)
    today = timezone.localdate().isoformat()
    assert status == "revoked" and "已注销" in text and today in text and "持证主体申请注销" in text
