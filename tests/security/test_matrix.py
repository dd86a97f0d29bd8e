"""The authorisation matrix (issue 8, "In CI"): every role × every object kind × read and act, expected against
got, generated from one table. Each row names an object kind, an operation, the request that performs it, and
which roles get which outcome; every role not named gets the row's default. The tests walk all roles and
compares the whole table at once (reads in one test, acts in another), so a failure prints every cell that
differs.

Outcomes: "ok" (done or shown), "denied" (401/403/429, or sent to sign in), "hidden" (404: the object is not
there for this person — no id reveals someone else's case or applicant)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from tests.cases.conftest import _fast_and_isolated, calendar_loaded, items  # noqa: F401  (shared fixtures)
from tests.cases.factories import accepted
from tests.factories import staff
from yiwang.org.models import DEPARTMENT_ROLES, Role

pytestmark = pytest.mark.django_db

CASE_READERS = {"clerk", "reviewer", "section_head", "unit_leader", "supervisor", "applicant"}
ROLES = [r.value for r in Role] + ["applicant", "other_applicant", "anonymous"]


@dataclass(frozen=True)
class Row:
    kind: str
    op: str  # "read" | "act"
    probe: Callable  # (client, world) -> response
    outcomes: dict[str, frozenset[str]]
    default: str = "hidden"
    anonymous: str = "denied"

    def want(self, role: str) -> str:
        if role == "anonymous":
            return self.anonymous
        for outcome, roles in self.outcomes.items():
            if role in roles:
                return outcome
        return self.default


def _case_file(c, w):
    material = w.case.materials.exclude(blob=None).first().material_id
    return c.get(f"/api/v1/cases/{w.case.pk}/materials/{material}/file/")


def _forward(c, w):
    w.case.refresh_from_db()
    return c.post(f"/api/v1/cases/{w.case.pk}/actions/forward/", {"opinion": "同意"},
                  content_type="application/json", HTTP_IF_MATCH=f'"{w.case.version}"')


def _add_role(c, w):
    return c.post("/admin/org/staffrole/add/", {"user": w.org.clerk2.pk, "role": Role.REVIEWER,
                                                 "department": w.org.health.pk})


def _change_user(c, w):
    return c.post(f"/admin/org/user/{w.org.clerk2.pk}/change/", {
        "username": "clerk2", "display_name": "改名", "first_name": "", "last_name": "", "email": "", "phone": "",
        "kind": "staff", "is_active": "on"})


def _issue_client(c, w):
    w.n = getattr(w, "n", 0) + 1
    return c.post("/security/clients/", {"name": f"对接系统{w.n}", "scopes": ["catalog:read"],
                                         "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
                                         "rate": "60/hour"})


def _measure(c, w):
    w.n = getattr(w, "n", 0) + 1
    return c.post("/api/v1/credit/measures/", {
        "code": f"P-TEST-{w.n}", "name": "严重失信主体限制申请财政资金", "effect": "policy_ineligible",
        "trigger_type": "record", "trigger_values": ["penalty"], "basis_document": "国办发〔2019〕35号",
        "basis_article": "第十条"}, content_type="application/json")


def _revoke(c, w):
    """A licence of its own for each attempt (a revoked one cannot be revoked again)."""
    from yiwang.licences.services import issue_licence

    w.n = getattr(w, "n", 0) + 1
    licence = issue_licence(department=w.org.market, holder_name="张三", holder_id_number=w.org.person.id_number,
                            holder_kind="natural", licence_type="食品经营许可证", scope="预包装食品销售",
                            valid_from=dt.date(2026, 1, 5), valid_until=dt.date(2031, 1, 4), case_ref=w.case.pk,
                            case_number=f"{w.case.number}-{w.n}", actor=w.org.unit_leader)
    return c.post(f"/api/v1/licences/{licence.pk}/revoke/", {"reason": "以欺骗手段取得许可", "ground": "revoked"},
                  content_type="application/json")


class _Answer:
    """The outcome of a service-level probe, shaped like a response."""

    def __init__(self, status_code: int):
        self.status_code = status_code

    def get(self, _name, default=""):
        return default


def _service(action):
    """A probe that calls a service as the client's person: done → 200, PermissionDenied/Forbidden → 403."""
    from django.core.exceptions import PermissionDenied

    from yiwang.api.errors import DomainError

    def probe(c, w):
        if c.person is None:
            return _Answer(403)
        try:
            with transaction.atomic():
                action(c.person, w)
        except PermissionDenied:
            return _Answer(403)
        except DomainError as exc:
            return _Answer(exc.status)
        return _Answer(200)
    return probe


def _issue_licence(person, w):
    from yiwang.licences.services import issue_licence

    w.n = getattr(w, "n", 0) + 1
    issue_licence(department=w.org.market, holder_name="张三", holder_id_number=w.org.person.id_number,
                  holder_kind="natural", licence_type="食品经营许可证", scope="预包装食品销售",
                  valid_from=dt.date(2026, 1, 5), valid_until=dt.date(2031, 1, 4), case_ref=w.case.pk,
                  case_number=f"{w.case.number}-i{w.n}", actor=person)


def _repair_credit(person, w):
    from yiwang.cases.services import repair_credit
    from yiwang.org.models import Applicant

    Applicant.objects.filter(pk=w.org.person.pk).update(commitment_breached=True, commitment_breach_note="虚假承诺")
    repair_credit(w.org.person, actor=person, note="已整改并公示期满")


DEPARTMENT_STAFF = {"reviewer", "section_head", "unit_leader", "catalog_admin", "inspector", "credit_officer"}

TABLE = [
    Row("case", "read", lambda c, w: c.get(f"/api/v1/cases/{w.case.pk}/"), {"ok": CASE_READERS}),
    Row("case", "act", _forward, {"ok": {"reviewer"}, "denied": CASE_READERS - {"reviewer"}}),
    Row("case material", "read", _case_file, {"ok": CASE_READERS}),
    Row("applicant", "read", lambda c, w: c.get(f"/api/v1/org/applicants/{w.org.person.pk}/"),
        {"ok": CASE_READERS}),
    Row("applicant", "act", lambda c, w: c.post(f"/api/v1/org/applicants/{w.org.person.pk}/reveal/"),
        {"ok": CASE_READERS - {"supervisor"}, "denied": {"supervisor"}}),
    Row("licence", "read", lambda c, w: c.get(f"/api/v1/licences/{w.licence.pk}/"),
        {"ok": {"reviewer", "section_head", "unit_leader", "supervisor", "applicant"}}),
    Row("audit event", "read", lambda c, w: c.get("/api/v1/audit/events/"),
        {"ok": {"audit_admin", "supervisor"}}, default="denied"),
    Row("account", "read", lambda c, w: c.get("/admin/org/user/"),
        {"ok": {"sysadmin", "security_admin"}}, default="denied"),
    Row("account", "act", _change_user, {"ok": {"sysadmin"}}, default="denied"),
    Row("role assignment", "read", lambda c, w: c.get("/admin/org/staffrole/"),
        {"ok": {"security_admin"}}, default="denied"),
    Row("role assignment", "act", _add_role, {"ok": {"security_admin"}}, default="denied"),
    Row("lockout", "read", lambda c, w: c.get("/security/lockouts/"), {"ok": {"security_admin"}}, default="denied"),
    Row("machine client", "act", _issue_client, {"ok": {"security_admin"}}, default="denied"),
    # 三员分立: the system administrator runs accounts and configuration, never licences or credit.
    Row("licence", "act", _revoke, {"ok": {"section_head", "unit_leader"},
                                    "denied": {"reviewer", "supervisor", "applicant"}}),
    Row("licence issue", "act", _service(_issue_licence), {"ok": {"reviewer", "section_head", "unit_leader"}},
        default="denied"),
    Row("credit measure", "act", _measure, {"ok": {"credit_officer"}}, default="denied"),
    Row("credit repair", "act", _service(_repair_credit), {"ok": {"credit_officer", "supervisor"}},
        default="denied"),
]


def _outcome(response) -> str:
    code = response.status_code
    if code == 404:
        return "hidden"
    if code in (401, 403, 429):
        return "denied"
    if code == 302 and "/login/" in response.get("Location", ""):
        return "denied"
    if code in (200, 201, 302):
        return "ok"
    return f"HTTP {code}"


@pytest.fixture
def world(org, items, settings):
    from types import SimpleNamespace

    from yiwang.licences.keys import generate_key
    from yiwang.licences.services import issue_licence

    settings.YIWANG_KEY_ENCRYPTION_KEY = "test-master-key-0123456789abcdef0123456789abcdef"
    generate_key(org.market)
    people = {}
    for role in Role:
        if role == Role.CLERK:
            people[role.value] = org.clerk
        elif role in (Role.REVIEWER, Role.SECTION_HEAD, Role.UNIT_LEADER, Role.SUPERVISOR, Role.SYSADMIN,
                      Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.CATALOG_ADMIN):
            people[role.value] = getattr(org, role.value if role != Role.SECURITY_ADMIN else "security_admin")
        else:  # every other role bound to the same department where it may be, to show the binding opens nothing
            bound = role in DEPARTMENT_ROLES or role in (Role.POLICY_OFFICER, Role.CREDIT_OFFICER, Role.COMMISSIONER)
            people[role.value] = staff(f"m_{role.value}", role, department=org.market if bound else None)
    people.update(applicant=org.person_user, other_applicant=org.other_user, anonymous=None)
    case = accepted(org, items.two)
    licence = issue_licence(department=org.market, holder_name="张三", holder_id_number=org.person.id_number,
                            holder_kind="natural", licence_type="食品经营许可证", scope="预包装食品销售",
                            valid_from=dt.date(2026, 1, 5), valid_until=dt.date(2031, 1, 4), case_ref=case.pk,
                            case_number=case.number, actor=org.unit_leader)
    return SimpleNamespace(org=org, case=case, licence=licence, people=people)


def _walk(rows, world) -> dict:
    """Every row × every role: {(kind, op, role): "expected …, got …"} for the cells that differ. One signed-in
    client per role; within an act row the roles expected to succeed go last."""
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        clients[role].person = world.people[role]
        if world.people[role] is not None:
            clients[role].force_login(world.people[role])
    diff = {}
    for row in rows:
        for role in sorted(ROLES, key=lambda r: row.want(r) == "ok"):
            got, want = _outcome(row.probe(clients[role], world)), row.want(role)
            if got != want:
                diff[(row.kind, row.op, role)] = f"expected {want}, got {got}"
    return diff


def _report(diff: dict) -> str:
    return "\n".join(f"{kind} {op} as {role}: {text}" for (kind, op, role), text in sorted(diff.items()))


def test_reads(world):
    diff = _walk([r for r in TABLE if r.op == "read"], world)
    assert not diff, _report(diff)


def test_acts(world):
    diff = _walk([r for r in TABLE if r.op == "act"], world)
    assert not diff, _report(diff)


def test_the_table_covers_every_role_and_both_operations():
    assert set(ROLES) >= {r.value for r in Role}
    kinds = {r.kind for r in TABLE}
    assert {"case", "applicant", "audit event", "account", "role assignment"} <= kinds
    assert {(r.kind, r.op) for r in TABLE} >= {("case", "read"), ("case", "act"), ("applicant", "read"),
                                                ("applicant", "act"), ("role assignment", "act")}
