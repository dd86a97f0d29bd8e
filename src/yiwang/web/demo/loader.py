"""Load the demo district in one transaction, and list its accounts."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import transaction

from yiwang.audit.services import record
from yiwang.org.models import Role, User

from . import DEMO_PASSWORD
from . import org_data as D
from .items_enterprise import ITEMS as ENTERPRISE_ITEMS
from .items_people import ITEMS as PEOPLE_ITEMS
from .load_catalog import CatalogLoader
from .load_org import OrgLoader
from .spec import check_bundles, check_items
from .themes import BUNDLES, TOPICS

ALL_ITEMS = ENTERPRISE_ITEMS + PEOPLE_ITEMS


class DemoDataError(RuntimeError):
    """The demo data contradicts itself (a programming error in the data modules)."""


def check_data() -> list[str]:
    departments = {row[0] for row in D.DEPARTMENTS}
    topics = {t.code for t in TOPICS}
    return check_items(ALL_ITEMS, departments, topics) + check_bundles(
        BUNDLES, {i.key for i in ALL_ITEMS}, topics, departments)


def load(history: str = "none") -> Counter:
    """Create whatever of the demo district is missing; return what was created (empty on a second run).
    `history`: "full" also writes the district's recent months of cases (history.py; once), "fast" a small
    history for tests, "none" none."""
    problems = check_data()
    if problems:
        raise DemoDataError("示范数据有误：" + "；".join(problems))
    with transaction.atomic():
        org = OrgLoader(item_departments={i.department for i in ALL_ITEMS})
        org.load()
        catalog = CatalogLoader(actor=org.users["admin"], departments=org.departments)
        catalog.load(ALL_ITEMS)
        created = org.created + catalog.created
        from yiwang.credit.conf import report_department_code

        created += _signing_keys(org.users["admin"], {i.department for i in ALL_ITEMS} | {report_department_code()},
                                 org.departments)
        created += _app_demos(org.users["admin"])
        if created:
            record(actor=org.users["admin"], action="demo.load", target=org.regions[D.DISTRICT_CODE],
                   data={"created": dict(created)})
    if history != "none":
        from . import history as H

        created += H.write(org.users["admin"], size=H.FULL if history == "full" else H.FAST)
        with transaction.atomic():
            created += _app_histories(org.users["admin"])
    return created


def _app_histories(actor) -> Counter:
    """An app's demo may also write cases (`load_history(actor) -> Counter` in its demo.py, idempotent): only with
    a history, so that `--history none` leaves the district without any case."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.conf import settings

    made = Counter()
    for app in settings.INSTALLED_APPS:
        if app.startswith("yiwang.") and find_spec(f"{app}.demo") is not None:
            module = import_module(f"{app}.demo")
            if hasattr(module, "load_history"):
                made += module.load_history(actor=actor)
    return made


def reset() -> None:
    """Empty the database (every table) and seed the working-day calendar again, so `load()` starts over."""
    from importlib import import_module

    from django.apps import apps
    from django.core.management import call_command

    from yiwang.workdays.services import invalidate_cache

    call_command("flush", interactive=False, verbosity=0)
    import_module("yiwang.workdays.migrations.0002_seed_calendar").seed(apps, None)
    invalidate_cache()


def _app_demos(actor) -> Counter:
    """Each other app may add its part of the demo district in `yiwang/<app>/demo.py`: `load(actor) -> Counter`
    (what it created, keyed by a Chinese label; empty when it is already there), run in INSTALLED_APPS order after
    the district, its people and its catalogue exist."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.conf import settings

    made = Counter()
    for app in settings.INSTALLED_APPS:
        if app.startswith("yiwang.") and app != "yiwang.web" and find_spec(f"{app}.demo") is not None:
            made += import_module(f"{app}.demo").load(actor=actor)
    return made


def _signing_keys(actor, department_codes, departments) -> Counter:
    """Every department that owns items gets its SM2 e-licence signing key (kept encrypted with SM4)."""
    from yiwang.licences.keys import generate_key
    from yiwang.licences.models import SigningKey

    made = Counter()
    for code in sorted(department_codes):
        department = departments[code]
        if not SigningKey.objects.filter(department=department).exists():
            generate_key(department, actor=actor)
            made["signing_keys"] += 1
    return made


@dataclass(frozen=True)
class Account:
    role: str
    username: str
    name: str
    where: str
    order: int = 99  # position of the role in Role; applicants last


def accounts() -> list[Account]:
    """Every demo account that exists: staff by role, then applicants."""
    usernames = [row[0] for row in D.STAFF] + [f"{row[0].lower()}_reviewer" for row in D.DEPARTMENTS] + [
        "scj_catalog"] + [row[0] for row in D.PERSONS] + [row[0] for row in D.COMPANIES]
    users = {u.username: u for u in User.objects.filter(username__in=usernames).prefetch_related(
        "staff_roles__department", "staff_roles__hall", "staff_roles__window", "applicant",
        "represented_applicants")}
    role_order = {value: i for i, value in enumerate(Role.values)}
    out: list[Account] = []
    for username in dict.fromkeys(usernames):
        user = users.get(username)
        if user is None:
            continue
        roles = sorted(user.staff_roles.all(), key=lambda r: role_order.get(r.role, 99))
        if roles:
            by_role: dict[str, list] = {}
            for r in roles:
                by_role.setdefault(r.role, []).append(r)
            for role, rows in by_role.items():
                label = rows[0].get_role_display()
                if role == Role.CLERK and any(r.is_window_officer for r in rows):
                    label += "（窗口事务官）"
                if user.is_superuser:
                    label += "（超级用户）"
                if role == Role.CLERK and rows[0].window:
                    r = rows[0]
                    where = f"{r.hall.name} {r.window.number}号窗口"
                    if len(rows) > 1:
                        where += f"（受{len(rows) - 1}个部门委托）"
                elif len(rows) > 3:
                    where = f"全区（{len(rows)}个部门）"
                else:
                    where = "、".join(
                        f"{r.hall.name} {r.window.number}号窗口" if r.window else str(r.department or r.hall or "全区")
                        for r in rows)
                out.append(Account(label, username, user.display_name, where, role_order.get(role, 98)))
            continue
        applicant = getattr(user, "applicant", None)
        represented = list(user.represented_applicants.all())
        if applicant is not None:
            kind = "申请人（法人）" if applicant.kind == "legal" else "申请人（自然人）"
            where = applicant.name
            if represented:
                where += "；经办：" + "、".join(a.name for a in represented)
            out.append(Account(kind, username, user.display_name, where))
    out.sort(key=lambda a: a.order)  # stable: within a role, in the order of the data
    return out


def accounts_table(rows: list[Account]) -> str:
    header = ("角色", "用户名", "姓名", "部门/大厅")
    widths = [max(_width(x) for x in col) for col in zip(header, *[(a.role, a.username, a.name, a.where)
                                                                 for a in rows])]
    lines = []
    for row in [header, *[(a.role, a.username, a.name, a.where) for a in rows]]:
        lines.append("  ".join(_pad(cell, w) for cell, w in zip(row, widths)).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines.append(f"所有示范账号的密码均为：{DEMO_PASSWORD}（仅供演示，切勿用于生产环境）")
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
