"""A newcomer's first look: with the demo district loaded (its case history in the fast mode), each role's landing
page shows real work in a real browser — cases waiting in the inboxes, warnings on the board, figures on the
dashboard, an applicant's own cases and messages, and on each staff member's workbench the short lists of their own
items (lockouts and machine clients, audit events, 免申即享 rounds and policies, projects, inspection tasks).

With YIWANG_SCREENSHOTS=docs/screenshots the pages the README shows are saved there (how they are kept current)."""
import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.journeys.conftest import login
from yiwang.web.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

CASE_NUMBER = re.compile(r"YW-\d{6}-\d{8}-\d+")
# (who, page, what shows real work there — case numbers, table rows or a CSS selector —, screenshot name)
LANDINGS = [
    (None, "/", None, "portal"),
    ("clerk01", "/cases/workbench/", None, "workbench"),
    ("clerk01", "/cases/inbox/", "cases", None),
    ("scj_reviewer", "/cases/inbox/", "cases", "inbox"),
    ("scj_head", "/cases/inbox/", "cases", None),
    ("scj_leader", "/cases/inbox/", "cases", None),
    ("scj_leader", "/licences/", "rows", None),
    ("supervisor", "/supervision/", "cases", "board"),
    ("supervisor", "/supervision/dashboard/", "rows", "dashboard"),
    ("zhangwei", "/cases/", "cases", None),
    ("zhangwei", "/messages/", "cases", None),
    ("xingchen", "/cases/", "cases", None),  # an enterprise's own cases
    ("liuyang", "/cases/", "cases", None),  # an agent's: their own and the enterprise's they act for
    ("catalog_admin", "/catalog/", "main a[href^='/catalog/items/']", None),
    ("admin", "/org/departments/", "rows", None),
    ("qyfw", "/enterprises/", "rows", None),
    ("commissioner01", "/demands/", "rows", None),
    ("scj_demand", "/demands/", "rows", None),
    ("credit", "/credit/office/", "rows", None),
    ("reform", "/reform/", "rows", None),
    ("scj_liaison", "/reform/", "rows", None),
    ("evaluator", "/reform/", "rows", None),
    ("secadmin", "/", "#work-sign-ins li a", None),  # the demo's lockout of "administrator" from 203.0.113.45
    ("secadmin", "/", "#work-clients li a", None),
    ("secadmin", "/security/lockouts/", "rows", None),
    ("secadmin", "/security/clients/", "rows", None),
    ("auditor", "/", "#work-audit li a", None),
    ("policy", "/", "#work-policy-rounds li a", None),
    ("policy", "/", "#work-policies li a", None),
    ("fgw_policy", "/", "#work-policy-rounds li a", None),
    ("fgw_policy", "/policies/rounds/", "rows", None),
    ("rsj_policy", "/", "#work-policies li a", None),
    ("gcjs", "/", "#work-projects li a", None),
    ("gcjs", "/projects/", "rows", None),
    ("jsw_gcjs", "/", "#work-projects li a", None),
    ("scj_inspector", "/", "#work-inspections li a", None),
    ("wjw_inspector", "/", "#work-inspections li a", None),
    ("commissioner01", "/", "#work-demands-served li a", None),
    ("commissioner02", "/", "#work-demands-served li a", None),  # the demand they raised on a visit
    ("scj_demand", "/", "#work-demands-inbox li a", None),
    ("rsj_demand", "/", "#work-demands-inbox li a", None),
    ("fgw_demand", "/demands/", "rows", None),
    ("qyfw_leader", "/", "#work-demands-escalated li a", None),  # the demand escalated to them
    ("qyfw_leader", "/demands/", "rows", None),
]


def test_the_landings_cover_every_demo_role_and_every_kind_of_applicant():
    from yiwang.web.demo import org_data as D

    role_of = {username: role for username, _name, role, *_ in D.STAFF}
    covered = {role_of.get(who) for who, *_ in LANDINGS if who in role_of}
    assert covered == set(role_of.values()), set(role_of.values()) - covered
    kinds = {"natural": "zhangwei", "legal": "xingchen", "agent": "liuyang"}
    assert set(kinds.values()) <= {who for who, *_ in LANDINGS}
    assert {row[0] for row in D.PERSONS} >= {kinds["natural"], kinds["agent"]}
    assert kinds["legal"] in {row[0] for row in D.COMPANIES}
    assert kinds["agent"] in {a for row in D.COMPANIES for a in row[4]}


def test_every_role_lands_on_real_work(page, transactional_db):
    call_command("demo", force=True, history="fast", stdout=StringIO())
    shots = os.environ.get("YIWANG_SCREENSHOTS")
    current = object()
    for who, url, work, shot in LANDINGS:
        if who != current:
            page.context.clear_cookies()
            if who:
                login(page, who, DEMO_PASSWORD)
                assert "/accounts/login/" not in page.url, who
            current = who
        response = page.goto(page.base_url + url)
        assert response.status == 200, (who, url, response.status)
        text = page.inner_text("main")
        if work == "cases":
            assert CASE_NUMBER.search(text), f"{who} {url}: no case on the page"
        elif work == "rows":
            assert page.locator("table tbody tr").count() > 0, f"{who} {url}: an empty table"
        elif work:
            assert page.locator(work).count() > 0, f"{who} {url}: nothing listed"
        if shots and shot:
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(shots) / f"{shot}.png"))
