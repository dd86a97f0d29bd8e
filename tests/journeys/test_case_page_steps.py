"""Journeys of issue 18 in the browser: the case page at each decision step (reviewer, section head while a 容缺
material is outstanding, after the decision) at 1366×768 and 390×844, saved under test-artifacts/ (and under
$YIWANG_SCREENSHOTS when set); check characters validated as typed; the material numbering after an HTMX
upload; rating tags following the grade; the window's item picker searched by pinyin initials."""
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def _shoot(page, name: str) -> None:
    """The page at both widths, full length, as test artifacts (and in $YIWANG_SCREENSHOTS if set)."""
    ARTIFACTS.mkdir(exist_ok=True)
    extra = os.environ.get("YIWANG_SCREENSHOTS")
    for label, size in WIDTHS.items():
        page.set_viewport_size(size)
        page.wait_for_load_state()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1 or label == "desktop", f"{name} overflows a phone by {overflow}px"
        page.screenshot(path=str(ARTIFACTS / f"case_{name}_{label}.png"), full_page=True)
        if extra:
            Path(extra).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(extra) / f"case_{name}_{label}.png"), full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})


def _pdf(tmp_path, name):
    p = tmp_path / name
    p.write_bytes(b"%PDF-1.7\n" + name.encode() * 20)
    return str(p)


def test_case_page_at_each_decision_step(page, login_as, org, settings, tmp_path):
    from django.utils import timezone

    from tests.cases.factories import build_items, file_all
    from yiwang.cases import services
    from yiwang.cases.models import Case
    from yiwang.catalog.models import ItemVersion
    from yiwang.licences.keys import generate_key
    from yiwang.workdays.services import get_calendar

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YIWANG_KEY_ENCRYPTION_KEY = "journey-master-key-0123456789abcdef0123456789"
    generate_key(org.market)
    items = build_items(org)
    ItemVersion.objects.filter(pk=items.two.pk).update(form_fields="单位名称\n统一社会信用代码\n法定代表人\n经营场所")
    items.two.refresh_from_db()
    today = timezone.localdate()
    form = {"单位名称": org.company.name, "统一社会信用代码": org.company.id_number, "法定代表人": "王五",
            "经营场所": "江澄市明湖区湖滨路18号"}
    case = file_all(org, items.two, today=today, skip=(1,), applicant=org.company, submitter=org.agent,
                    form_data=form)
    case = services.accept(case, actor=org.clerk, expected_version=case.version, today=today,
                           deferral_due=get_calendar().add_working_days(today, 3), commitment_signer="王五")

    login_as("reviewer")
    page.goto(page.base_url + f"/cases/work/{case.pk}/")
    assert org.company.id_number in page.inner_text("#application-form")
    assert "容缺待补" in page.inner_text("#materials")
    _shoot(page, "1_reviewer")
    page.click("#action-forward summary")
    page.fill("#id_forward_opinion", "材料齐全，场所符合要求")
    page.click("#action-forward button[type=submit]")
    page.wait_for_selector(".messages")

    login_as("section_head")
    page.goto(page.base_url + f"/cases/work/{case.pk}/")
    assert "容缺材料未补交，暂不能准予许可" in page.inner_text("#unavailable-approve")
    assert page.locator("#action-approve").count() == 0
    _shoot(page, "2_head_deferred")

    plan = case.materials.get(status="deferred")
    case = Case.objects.get(pk=case.pk)
    services.supply_deferred(case, actor=org.agent, expected_version=case.version,
                             files={plan.material_id: open(_pdf(tmp_path, "平面图.pdf"), "rb")})
    page.reload()
    page.click("#action-approve summary")
    assert page.input_value("#id_approve_valid_until")  # the default validity, shown, not added silently
    page.click("label[for=id_approve_opinion]")  # the label points to its own field
    assert page.evaluate("document.activeElement.id") == "id_approve_opinion"
    page.click("#action-approve button[type=submit]")
    page.wait_for_selector("#licences")
    clock = page.inner_text(".badge")
    assert re.fullmatch(r"已办结，用时\d+个工作日", clock.strip()), clock
    _shoot(page, "3_decided")


def test_check_characters_are_validated_as_typed_and_the_summary_links_every_field(page, login_as, org, tmp_path,
                                                                                   settings):
    from tests.cases.factories import build_items
    from yiwang.catalog.models import ItemVersion
    from yiwang.org.identifiers import make_uscc

    settings.MEDIA_ROOT = tmp_path / "media"
    v = build_items(org).two
    ItemVersion.objects.filter(pk=v.pk).update(form_fields="申请人姓名\n委托单位统一社会信用代码\n经营场所\n联系电话")
    login_as("zhangsan")
    page.goto(page.base_url + f"/cases/apply/{v.item.code}/")
    page.get_by_role("button", name="开始填写").click()
    page.wait_for_url(re.compile(r"/cases/drafts/\d+/$"))
    good = make_uscc("91310114MA1000002")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    page.fill("#f1", bad)
    assert "校验码错误" in page.inner_text("#f1-err")
    assert page.get_attribute("#f1", "aria-invalid") == "true"
    page.fill("#f1", good)
    assert page.is_hidden("#f1-err") and page.get_attribute("#f1", "aria-invalid") is None

    # the material numbering stays as it was after an HTMX upload swaps one material
    before = page.locator(".mat h3").all_inner_texts()
    page.set_input_files("#file1", _pdf(tmp_path, "平面图.pdf"))
    page.locator("#m1").get_by_role("button", name="上传", exact=True).click()
    page.wait_for_selector("#m1 >> text=已上传：平面图.pdf")
    after = page.locator(".mat h3").all_inner_texts()
    assert [t.split(".")[0] for t in after] == [t.split(".")[0] for t in before] == ["1", "2"]

    page.fill("#f1", "")
    page.fill("#f2", "")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_selector("#form-error")
    links = page.locator("#form-error a")
    assert links.count() == 2  # both missing fields named, each linked
    assert [links.nth(i).get_attribute("href") for i in range(2)] == ["#f1", "#f2"]
    links.nth(1).click()
    assert page.evaluate("location.hash") == "#f2"


def test_rating_tags_follow_the_chosen_grade(page, login_as, org, tmp_path, settings):
    from tests.cases.factories import make_item
    from tests.ratings.factories import delivered

    settings.MEDIA_ROOT = tmp_path / "media"
    case = delivered(org, make_item(org.market, tier="one_step", limit=0))
    login_as("zhangsan")
    page.goto(page.base_url + f"/cases/{case.pk}/")
    page.click("#rate-case")
    page.wait_for_url(re.compile(r"/ratings/"))
    assert page.is_hidden("#tags-positive") and page.is_hidden("#tags-negative")
    page.get_by_label("非常满意").check()
    assert page.is_visible("#tags-positive") and page.is_hidden("#tags-negative")
    page.get_by_label("服务热情").check()
    page.get_by_label("不满意", exact=True).check()
    assert page.is_hidden("#tags-positive") and page.is_visible("#tags-negative")
    assert not page.get_by_label("服务热情").is_checked()  # a hidden praise tag is not sent with a bad grade
    page.get_by_label("多次跑").check()
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_selector("#my-rating")
    assert "不满意" in page.inner_text("#my-rating") and "多次跑" in page.inner_text("#my-rating")
    assert "网上办事大厅" in page.inner_text("#my-rating")


def test_the_window_item_picker_finds_items_by_pinyin_initials_and_code(page, login_as, org, tmp_path, settings):
    from tests.cases.factories import make_item
    from yiwang.catalog.services import reindex

    settings.MEDIA_ROOT = tmp_path / "media"
    food = make_item(org.market, name="食品经营许可（新办）")
    other = make_item(org.market, name="户外广告设置许可")
    for v in (food, other):
        reindex(v.item)
    login_as("clerk")
    page.goto(page.base_url + f"/cases/workbench/intake/{org.person.pk}/")
    options = page.locator("#item_version option:not([value=''])")
    expect(options).to_have_count(2)
    page.fill("#item_q", "spjy")
    expect(options).to_have_count(1)
    assert food.name in options.first.inner_text()
    page.select_option("#item_version", str(food.pk))
    page.wait_for_selector("#materials .mat-row")
    page.fill("#item_q", other.item.code)
    expect(options).to_have_text([re.compile(re.escape(other.name))])
