"""Accessibility by test, on the demo district: axe-core (the copy axe-playwright-python ships: no network) on each
role's home and the pages of their header links, 0 serious or critical violations (WCAG 2.1 A/AA rules); at phone
width (390×844) no page scrolls sideways and no table cell is narrower than two characters; every home is saved as a
screenshot at 1366×768 and 390×844 (under YIWANG_SCREENSHOTS if set, else test-artifacts/homes/)."""
import os
import re
from io import StringIO
from pathlib import Path

import pytest
from playwright.sync_api import expect
from django.core.management import call_command

from tests.journeys.conftest import ARTIFACTS, login
from yiwang.web.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

# citizen, enterprise, clerk, reviewer, section head, unit leader, supervisor, administrators; None: the public
PEOPLE = [None, "zhangwei", "xingchen", "clerk01", "scj_reviewer", "scj_head", "scj_leader", "supervisor",
          "admin", "catalog_admin"]
DESKTOP, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}
SKIP = ("/accounts/logout/", "/admin/", "/api/", "/static/", "/media/", "/i18n/")
AXE_OPTIONS = {"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"], "resultTypes": ["violations"]}

# cells narrower than two characters (those with text), and how far the page scrolls sideways
LAYOUT = """() => {
  const narrow = [];
  for (const cell of document.querySelectorAll("main td, main th")) {
    const text = cell.innerText.trim();
    if (!text || cell.offsetParent === null) continue;
    const size = parseFloat(getComputedStyle(cell).fontSize);
    if (cell.getBoundingClientRect().width < 2 * size) narrow.push(text.slice(0, 20));
  }
  return {overflow: document.documentElement.scrollWidth - window.innerWidth, narrow: narrow.slice(0, 5)};
}"""


def _shots() -> Path:
    return Path(os.environ.get("YIWANG_SCREENSHOTS") or ARTIFACTS / "homes")


def _serious(axe, page) -> list[str]:
    result = axe.run(page, options=AXE_OPTIONS)
    return [f"{v['id']}（{v['impact']}）: {[n['target'] for n in v['nodes'][:3]]}"
            for v in result.response["violations"] if v["impact"] in ("serious", "critical")]


def test_every_role_home_and_main_pages_pass_axe_and_fit_a_phone(page, transactional_db):
    from axe_playwright_python.sync_playwright import Axe

    call_command("demo", force=True, history="fast", stdout=StringIO())
    axe, problems, shots = Axe(), [], _shots()
    shots.mkdir(parents=True, exist_ok=True)
    for who in PEOPLE:
        page.context.clear_cookies()
        page.set_viewport_size(DESKTOP)
        if who:
            login(page, who, DEMO_PASSWORD)
            assert "/accounts/login/" not in page.url, who
        page.goto(page.base_url + "/")
        links = page.eval_on_selector_all("header nav a", "els => els.map(e => e.getAttribute('href'))")
        pages = ["/"] + sorted({h for h in links if h and h.startswith("/") and h != "/" and not h.startswith(SKIP)})
        name = who or "public"
        for url in pages:
            for size in (DESKTOP, PHONE):
                page.set_viewport_size(size)
                response = page.goto(page.base_url + url)
                assert response.status == 200, (who, url, response.status)
                if size is DESKTOP:
                    problems += [f"{name} {url}: {v}" for v in _serious(axe, page)]
                else:
                    layout = page.evaluate(LAYOUT)
                    if layout["overflow"] > 0:
                        problems.append(f"{name} {url}: 手机宽度下页面横向溢出 {layout['overflow']}px")
                    if layout["narrow"]:
                        problems.append(f"{name} {url}: 表格单元格窄于两个字 {layout['narrow']}")
                if url == "/":
                    page.screenshot(path=str(shots / f"home-{name}-{size['width']}.png"), full_page=True)
    assert not problems, "\n".join(problems)
    homes = {p.name for p in shots.glob("home-*.png")}
    assert {f"home-{w or 'public'}-{s['width']}.png" for w in PEOPLE for s in (DESKTOP, PHONE)} <= homes


def test_the_phone_header_folds_behind_a_menu_button(page, transactional_db):
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + "/")
    menu = page.get_by_role("button", name="菜单")
    nav = page.locator("#site-nav")
    assert menu.is_visible() and not nav.is_visible()
    header_height = page.locator("header.site").bounding_box()["height"]
    assert header_height < 844 / 8  # the folded header takes far less than a fifth of the screen
    menu.click()
    # the menu opens with a short slide: wait for it rather than read the state mid-animation
    expect(nav).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="办事指南")).to_be_visible()
    page.get_by_role("link", name="工作日历").first.click()
    assert re.search(r"/calendar/", page.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
