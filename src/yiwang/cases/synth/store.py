"""Writing synthetic rows: identities (applicants and their accounts), id allocation, COPY / executemany, the
case-number counters. See the package docstring: for benchmarks only."""
from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from django.db import connection

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰玉萍红华建国文斌晓燕俊鹏辉凤宁志海宇浩欣怡子涵梓轩雨佳琳博航"
TRADES = [("科技", "软件开发"), ("餐饮管理", "餐饮服务"), ("商贸", "日用品销售"), ("建筑工程", "建筑施工"),
          ("物流", "道路货物运输"), ("文化传媒", "广告设计"), ("医药", "药品零售"), ("教育咨询", "教育咨询服务"),
          ("农业发展", "农产品种植"), ("物业管理", "物业服务")]
CORE = ["明湖", "江澄", "湖东", "青枫", "金塘", "白鹭", "新桥", "文昌", "东苑", "星河", "瑞丰", "恒信", "华创", "锦程"]

CASE_COLS = ["id", "number", "item_version_id", "department_id", "applicant_id", "submitted_by_id", "idempotency_key",
             "channel", "hall_id", "window_id", "bundle_case_id", "form_data", "state", "version", "tier",
             "step_index", "received_on", "pending_since", "notices_issued", "accepted_on", "accepted_by_id",
             "deemed_accepted", "limit_days", "extension_days", "extension_reason", "deadline",
             "deadline_provisional", "stopped_on", "deferral_due", "commitment_signed", "decided_on", "decided_by_id",
             "outcome_reason", "outcome_basis", "remedy_notice", "delivery_due", "delivered_on", "delivery_method",
             "tracking_number", "delivery_address", "created_at", "updated_at"]
TABLES = {
    "cases_casematerial": ["case_id", "material_id", "status", "blob_id", "file_name", "supplied_on", "supplied_round",
                           "problem"],
    "cases_caseevent": ["case_id", "action", "actor_id", "role", "on", "at", "from_state", "to_state", "note", "data"],
    "cases_casestep": ["case_id", "step", "step_index", "actor_id", "action", "opinion", "at"],
    "cases_supplementnotice": ["case_id", "number", "issued_on", "issued_by_id", "items", "answered_on"],
    "cases_suspension": ["case_id", "kind", "reason", "expected_days", "started_on", "started_by_id", "resumed_on",
                         "resumed_by_id"],
    "cases_postcheck": ["case_id", "due_on", "status", "checked_on", "checked_by_id", "finding"],
}
USER_COLS = ["id", "password", "last_login", "is_superuser", "username", "first_name", "last_name", "email",
             "is_staff", "is_active", "date_joined", "kind", "display_name", "phone", "phone_index"]
APPLICANT_COLS = ["id", "kind", "name", "id_number", "id_number_index", "phone", "phone_index", "email", "address", "legal_representative",
                  "registered_capital", "business_scope", "region_id", "user_id", "is_dishonest", "dishonest_reason",
                  "commitment_breached", "commitment_breach_note", "created_at"]



# ---- identities ---------------------------------------------------------------------------------------------------
def _person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def make_applicants(n: int, rng: random.Random, cursor, vendor: str, today: date) -> list[tuple[int, int]]:
    """Create `n` applicants (75% persons, 25% enterprises), each with an account (no usable password).
    Returns [(applicant id, user id)]. Identifiers are valid and do not collide with existing ones."""
    from yiwang.org import pii
    from yiwang.org.identifiers import make_ric, make_uscc
    from yiwang.org.models import Applicant, Region

    key = pii.active_key_id()  # stored as the model fields store them: SM4-encrypted, with keyed indexes

    def sealed(value, context):
        return pii.encrypt(value, context, key), pii.index(value, context, key)

    regions = list(Region.objects.filter(code__startswith="329901", level__gte=3).values_list("pk", flat=True))
    taken = set(Applicant.objects.values_list("id_number", flat=True))
    start = Applicant.objects.count()
    user_ids, app_ids = allocate_ids(cursor, vendor, "org_user", n), allocate_ids(cursor, vendor, "org_applicant", n)
    users, apps, out, i = [], [], [], start
    joined = datetime.combine(today, time(1, 0), UTC)
    for k in range(n):
        while True:
            i += 1
            if rng.random() < 0.75:
                born = date(1950, 1, 1) + timedelta(days=i % 20000)
                ident = make_ric(f"329901{born:%Y%m%d}{500 + (i // 20000) % 500:03d}")
                kind = "natural"
            else:
                ident = make_uscc(f"91329901MA{i:07d}"[:17])
                kind = "legal"
            if ident not in taken:
                taken.add(ident)
                break
        person = _person_name(rng)
        phone = f"139{rng.randrange(10 ** 8):08d}"
        if kind == "natural":
            name, rep, capital, scope = person, "", "", ""
        else:
            trade, scope = rng.choice(TRADES)
            name, rep, capital = f"江澄{rng.choice(CORE)}{trade}有限公司", person, f"{rng.choice((50, 100, 500))}万元"
        users.append((user_ids[k], "!", None, False, f"syn{ident}", "", "", "", False, True, joined, "applicant",
                      person, *sealed(phone, "org.user.phone")))
        apps.append((app_ids[k], kind, name, *sealed(ident, "org.applicant.id_number"),
                     *sealed(phone, "org.applicant.phone"), "", f"syn 江澄市明湖区合成路{k % 999 + 1}号", rep, capital,
                     scope, rng.choice(regions) if regions else None, user_ids[k], False, "", False, "", joined))
        out.append((app_ids[k], user_ids[k]))
    write(cursor, vendor, "org_user", USER_COLS, users)
    write(cursor, vendor, "org_applicant", APPLICANT_COLS, apps)
    return out


# ---- writing ------------------------------------------------------------------------------------------------------
def allocate_ids(cursor, vendor: str, table: str, n: int) -> list[int]:
    if n <= 0:
        return []
    if vendor == "postgresql":
        cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)", [n])
        return sorted(r[0] for r in cursor.fetchall())
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
    top = cursor.fetchone()[0]
    return list(range(top + 1, top + n + 1))


def _sqlite_value(v):
    if isinstance(v, datetime):
        return v.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(v, date):
        return v.isoformat()
    return v


def write(cursor, vendor: str, table: str, cols: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in cols)
    if vendor == "postgresql":
        raw = getattr(cursor, "cursor", cursor)
        with raw.copy(f"COPY {qn(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        cursor.executemany(f"INSERT INTO {qn(table)} ({names}) VALUES ({', '.join(['%s'] * len(cols))})",
                           [tuple(_sqlite_value(v) for v in row) for row in rows])


def save_counters(cursor, vendor: str, counters: dict[tuple[str, date], int]) -> None:
    """Advance the case-number counters to the highest number this batch issued per (area, day)."""
    if not counters:
        return
    rows = [(area, day, value) for (area, day), value in counters.items()]
    if vendor != "postgresql":
        rows = [(a, d.isoformat(), v) for a, d, v in rows]
    cursor.executemany(
        "INSERT INTO cases_casecounter (area, day, value) VALUES (%s, %s, %s) "
        "ON CONFLICT (area, day) DO UPDATE SET value = CASE WHEN excluded.value > cases_casecounter.value "
        "THEN excluded.value ELSE cases_casecounter.value END", rows)


def existing_counters() -> dict[tuple[str, date], int]:
    from ..models import CaseCounter

    return {(a, d): v for a, d, v in CaseCounter.objects.values_list("area", "day", "value")}



def _skip_fk_triggers(cursor) -> bool:
    """On PostgreSQL, skip the deferred foreign-key triggers for this transaction when the role may (superuser):
    checking ~15 foreign keys per case at commit costs twice the COPY itself, and the generator takes every key
    from the database it writes to. Without the privilege the rows are checked as usual."""
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    row = cursor.fetchone()
    if not (row and row[0]):
        return False
    cursor.execute("SET LOCAL session_replication_role = replica")
    return True
