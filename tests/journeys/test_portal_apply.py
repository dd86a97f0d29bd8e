"""Journey: an applicant finds an item in the catalogue, applies online with one material missing, sees the
window's one-time supplement notice, supplements, and sees the case accepted."""
import re

import pytest

from yiwang.cases import services
from yiwang.cases.models import Case
from yiwang.catalog.models import ItemVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pdf(tmp_path, name):
    p = tmp_path / name
    p.write_bytes(b"%PDF-1.7\n" + name.encode() * 20)
    return str(p)


def test_apply_online_supplement_and_accepted(page, login_as, org, tmp_path, settings):
    from tests.cases.factories import build_items

    settings.MEDIA_ROOT = tmp_path / "media"
    v = build_items(org).two
    ItemVersion.objects.filter(pk=v.pk).update(form_fields="申请人姓名\n公民身份号码\n联系电话\n经营场所",
                                               fully_online=True)
    login_as("zhangsan")

    page.goto(page.base_url + "/cases/")
    page.get_by_role("link", name="查找事项并在线申请").click()
    page.wait_for_url("**/catalog/")
    page.goto(page.base_url + "/catalog/?mode=online")  # the catalogue filtered to fully online items
    page.get_by_role("link", name=v.name, exact=True).first.click()
    assert v.name in page.inner_text("h1")
    # the guide links here (the catalogue's “在线申请” button): /cases/apply/<item code>/
    page.goto(page.base_url + f"/cases/apply/{v.item.code}/")
    page.get_by_role("button", name="开始填写").click()
    page.wait_for_url(re.compile(r"/cases/drafts/\d+/$"))
    assert "在线申请" in page.inner_text("h1")
    assert page.input_value("input[name=f0]") == "张三"

    # upload the application form (HTMX, with progress); leave the floor plan missing
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

    # the window's one-time notice (done through the service, as the clerk would at the workbench)
    services.notify_supplement(case, actor=org.clerk, expected_version=case.version)
    page.reload()
    assert "请补正材料" in page.inner_text("main") and "平面图" in page.inner_text("#supplement")
    floor_plan = case.materials.get(material__name="平面图").material_id
    page.set_input_files(f"#sm{floor_plan}", _pdf(tmp_path, "平面图.pdf"))
    page.get_by_role("button", name="提交补正材料").click()
    page.wait_for_selector("text=补正材料已提交")
    assert "已收件" in page.inner_text("#case-state")

    case.refresh_from_db()
    services.accept(case, actor=org.clerk, expected_version=case.version)
    page.reload()
    case.refresh_from_db()
    assert "审批中" in page.inner_text("#case-state")
    assert case.number in page.inner_text("main") and "承诺办结日期" in page.inner_text("main")
