"""The demo district's case history (written by `yiwang demo` in its fast mode here): many states over past weeks,
through the services, nothing in the future, the same for the same seed. The crawl helpers below follow every
link a person is shown; the per-role crawl at the end opens them for every demo account."""
from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from tests.conftest import demo_district

MAX_PAGES = 40  # per person: one page of each shape of address (ids and query values folded) is enough
SKIP = ("/accounts/logout/", "/admin/", "/i18n/", "/static/", "/media/", "/api/")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo district with a small case history, loaded once for this module and rolled back afterwards."""
    with demo_district(django_db_blocker, history="fast") as out:
        yield


def people() -> list[str]:
    """One demo account for every role (the first listed), and the applicants: a person, an enterprise, an agent."""
    from yiwang.web.demo import org_data as D

    first: dict[str, str] = {}
    for username, _name, role, *_ in D.STAFF:
        first.setdefault(role, username)
    return [*first.values(), "clerk04", "zhangwei", "xingchen", "liuyang"]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def _shape(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(keys) if keys else "")


def _snapshot() -> dict[str, int]:
    """Rows per table (sessions aside: signing in writes one), and the audit chain's length."""
    out = {}
    for model in apps.get_models():
        if model._meta.label in ("sessions.Session",) or not model._meta.managed:
            continue
        out[model._meta.label] = model.objects.count()
    return out


def crawl(client: Client, start: str = "/") -> tuple[dict[str, int], list[str]]:
    """Follow same-site links breadth-first from `start`; the status of each page opened, and what broke."""
    seen_shapes, statuses, broken = set(), {}, []
    queue = deque([(start, "(start)")])
    while queue and len(statuses) < MAX_PAGES:
        url, came_from = queue.popleft()
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(SKIP) or _shape(path) in seen_shapes:
            continue
        seen_shapes.add(_shape(path))
        response = client.get(path)
        statuses[path] = response.status_code
        if response.status_code in (403, 404) or response.status_code >= 500:
            broken.append(f"{path} → {response.status_code}（来自 {came_from}）")
            continue
        if response.status_code in (301, 302):
            queue.append((urljoin(path, response["Location"]), path))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.links:
            if href.startswith(("#", "mailto:", "tel:", "javascript:")):
                continue
            queue.append((urljoin(path, href), path))
    return statuses, broken


# ---- the history itself ----------------------------------------------------------------------------------------------
def test_the_history_has_cases_in_many_states_over_past_months_through_the_services(demo, db):
    from django.utils import timezone

    from yiwang.audit.services import verify
    from yiwang.cases.models import Case, CaseEvent
    from yiwang.licences.models import Licence
    from yiwang.notify.models import Message
    from yiwang.ratings.models import Rating, Rectification
    from yiwang.supervision.models import SupervisionOrder

    today = timezone.localdate()
    states = set(Case.objects.values_list("state", flat=True))
    assert {"under_review", "delivered"} <= states and len(states) >= 5, states
    first = CaseEvent.objects.order_by("on").first().on
    assert (today - first).days >= 25  # weeks of history, not one day
    # each case's timeline was written by the services on its own days (events and audit trail agree)
    case = Case.objects.filter(state="delivered").order_by("pk").first()
    days = list(case.events.order_by("id").values_list("on", flat=True))
    assert days == sorted(days) and days[0] == case.received_on < today
    assert case.created_at.date() <= case.received_on  # stamped by the clock of its day, not today
    assert Rating.objects.filter(negative=True).exists() and Rectification.objects.exists()
    assert Licence.objects.filter(status="revoked").count() == 1 and Licence.objects.filter(status="valid").exists()
    assert SupervisionOrder.objects.exists() and Message.objects.exists()
    assert verify().ok  # the audit chain is whole
    # nothing is dated in the future: the history stops at the present
    from yiwang.audit.models import AuditEvent
    from yiwang.supervision.models import RunState

    now = timezone.now()
    assert not Message.objects.filter(created_at__gt=now).exists()
    assert not AuditEvent.objects.filter(at__gt=now).exists()
    assert not RunState.objects.filter(ran_at__gt=now).exists()
    assert not CaseEvent.objects.filter(on__gt=today).exists()


def test_the_history_is_the_same_for_the_same_seed(demo, db):
    from yiwang.cases.models import Case
    from yiwang.org.models import User
    from yiwang.web.demo import history

    admin = User.objects.get(username="admin")
    runs = []
    for _ in range(2):
        with transaction.atomic():
            known = set(Case.objects.values_list("pk", flat=True))
            history.write(admin, size=history.Size(cases=12, days=20), seed=7, once=False)
            runs.append([(c.item_version_id, c.state, c.received_on, c.channel)
                         for c in Case.objects.exclude(pk__in=known).order_by("pk")])
            transaction.set_rollback(True)
    assert len(runs[0]) >= 12 and runs[0] == runs[1]


# ---- every person's links lead somewhere ------------------------------------------------------------------------------
@pytest.mark.parametrize("username", people())
def test_every_link_a_demo_person_is_shown_opens_and_no_page_view_writes(demo, db, username):
    client = Client()
    client.force_login(__import__("yiwang.org.models", fromlist=["User"]).User.objects.get(username=username))
    before = _snapshot()
    statuses, broken = crawl(client)
    assert not broken, f"{username}: " + "；".join(broken)
    assert len(statuses) >= 3, statuses  # the home page and at least a few links were followed
    assert _snapshot() == before, f"{username}: a page view changed data"


# ---- each person lands on the home meant for them ---------------------------------------------------------------------
TILE = re.compile(r'<li class="kpi[^"]*"><a href="([^"]+)"><span class="kpi-label">([^<]+)</span>'
                  r'<strong class="kpi-value">(\d+)</strong>')


def _home(username):
    from yiwang.org.models import User

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return user, client, response.content.decode()


@pytest.mark.parametrize("username", people())
def test_staff_land_on_their_workbench_and_the_public_on_the_search_first_portal(demo, db, username):
    user, client, html = _home(username)
    if user.kind == "staff":
        assert "我的工作台" in html and 'role="tablist"' not in html and "热门事项" not in html, username
        for url, label, _count in TILE.findall(html):  # every count links to a page the person may open
            assert client.get(url.replace("&amp;", "&")).status_code == 200, (username, label, url)
    else:
        assert "我的工作台" not in html
        assert 'role="tablist"' in html and ">个人办事<" in html and ">法人办事<" in html and "热门事项" in html
        assert 'action="/catalog/"' in html and 'role="search"' in html
        assert "去评价" in html  # the 好差评 entry for an applicant


def test_the_workbench_counts_are_the_persons_own_work(demo, db):
    from yiwang.cases.workbench.queries import annotate_urgency, inbox
    from yiwang.ratings.models import Rectification
    from yiwang.ratings.queries import rectifications_visible_to

    user, _client, html = _home("scj_reviewer")
    tiles = {label: int(n) for _url, label, n in TILE.findall(html)}
    waiting = annotate_urgency(list(inbox(user)))
    assert tiles["待我办理"] == len(waiting) > 0
    assert tiles["临近期限"] == sum(c.urgency.level == "near" for c in waiting)
    assert tiles["已超期"] == sum(c.urgency.level == "overdue" for c in waiting)
    live = rectifications_visible_to(user).filter(status__in=[Rectification.Status.OPEN, Rectification.Status.CONTACTED])
    assert tiles["差评待整改"] == live.count()
    assert "今日收件" not in tiles  # a reviewer has no counter

    _user, _client, clerk = _home("clerk01")
    assert "今日收件" in {label for _u, label, _n in TILE.findall(clerk)}

    _user, _client, supervisor = _home("supervisor")
    labels = {label for _u, label, _n in TILE.findall(supervisor)}
    assert "督办待答复" in labels and "待我办理" not in labels  # the supervisor has no inbox

    _user, _client, admin = _home("catalog_admin")
    assert not TILE.findall(admin) and "我的工作台" in admin  # nothing to count, only their links


# ---- the workbench lists each role's own items ------------------------------------------------------------------------
LIST = re.compile(r'<section class="work-list" id="work-([a-z-]+)".*?</section>', re.S)
ITEM = re.compile(r'<li><a href="([^"]+)">([^<]+)</a>(?: <span class="work-list-note">([^<]*)</span>)?</li>')


def _lists(html) -> dict[str, list[tuple[str, str, str]]]:
    return {m.group(1): ITEM.findall(m.group(0)) for m in LIST.finditer(html)}


@pytest.mark.parametrize("username, key", [
    ("secadmin", "sign-ins"), ("secadmin", "clients"), ("auditor", "audit"), ("policy", "policy-rounds"),
    ("policy", "policies"), ("fgw_policy", "policy-rounds"), ("fgw_policy2", "policy-rounds"),
    ("rsj_policy", "policies"), ("gcjs", "projects"), ("jsw_gcjs", "projects"), ("scj_inspector", "inspections"),
    ("wjw_inspector", "inspections"), ("scj_demand", "demands-inbox"), ("rsj_demand", "demands-inbox"),
    ("commissioner01", "demands-served"), ("commissioner02", "demands-served"), ("qyfw_leader", "demands-escalated"),
])
def test_the_workbench_lists_the_persons_own_items_and_each_opens_for_them(demo, db, username, key):
    _user, client, html = _home(username)
    items = _lists(html).get(key)
    assert items, f"{username}: no {key} list, or an empty one"
    for url, label, _note in items:
        assert client.get(url.replace("&amp;", "&")).status_code == 200, (username, label, url)


def test_the_security_administrator_reviews_the_demo_lockout_and_the_machine_clients(demo, db):
    from yiwang.security.demo import GUESSED_USERNAME, GUESSER_IP
    from yiwang.security.models import MachineClient

    _user, client, html = _home("secadmin")
    lists = _lists(html)
    labels = [label for _u, label, _n in lists["sign-ins"]]
    assert f"已锁定：{GUESSED_USERNAME}（{GUESSER_IP}）" in labels  # locked by axes from the failed sign-ins
    assert f"登录失败：{GUESSED_USERNAME}（{GUESSER_IP}）" in labels
    assert GUESSER_IP in client.get("/security/lockouts/").content.decode()
    clients = {label: note for _u, label, note in lists["clients"]}
    assert set(clients) == set(MachineClient.objects.values_list("name", flat=True)) and len(clients) >= 2
    assert any("即将到期" in note for note in clients.values())
    assert any("demands:write" in note for note in clients.values())
    # nobody else is shown them
    for other in ("admin", "auditor", "supervisor"):
        assert not {"sign-ins", "clients"} & set(_lists(_home(other)[2])), other


def test_the_audit_administrator_sees_the_latest_audit_events(demo, db):
    from yiwang.audit.models import AuditEvent

    _user, _client, html = _home("auditor")
    items = _lists(html)["audit"]
    latest = AuditEvent.objects.order_by("-seq").first()
    assert items[0][1].startswith(f"#{latest.seq} {latest.action}")
    assert "audit" not in _lists(_home("supervisor")[2])


def test_policy_officers_see_the_rounds_awaiting_them_and_their_departments_policies(demo, db):
    from yiwang.policies.models import Policy

    notes = {label: note for _u, label, note in _lists(_home("fgw_policy2")[2])["policy-rounds"]}
    assert "待您确认发放" in notes.values()  # submitted by fgw_policy: the second person confirms
    notes = {label: note for _u, label, note in _lists(_home("fgw_policy")[2])["policy-rounds"]}
    assert "已提交，待本部门另一人确认" in notes.values() and "待审核：逐户核对名单后提交" in notes.values()
    rsj = {label for _u, label, _n in _lists(_home("rsj_policy")[2])["policies"]}
    assert rsj == set(Policy.objects.filter(lead_department__code="RSJ").values_list("title", flat=True))


def test_inspectors_see_the_objects_they_are_drawn_to_inspect(demo, db):
    from yiwang.inspections.models import Assignment

    for username in ("scj_inspector", "wjw_inspector"):
        (_url, label, note), *_ = _lists(_home(username)[2])["inspections"]
        open_objects = Assignment.objects.filter(inspector__user__username=username, recused=False,
                                                 sampled__task__title=label, sampled__results__isnull=True).count()
        assert open_objects > 0 and f"待检查并录入结果 {open_objects} 户" in note, (username, note)
