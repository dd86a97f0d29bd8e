"""Synthetic enterprises for benchmarks (`yiwang synth --enterprises N`): a district's industry and scale mix,
written straight to the tables (COPY on PostgreSQL, multi-row INSERT elsewhere), with the scale derived by the
same rule as the service. Benchmarks only: no audit events, no yearly-figure history rows."""
from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from yiwang.org.identifiers import USCC_ALPHABET, make_uscc

from .domain import industry as table
from .domain import scale as rule

# Share of enterprises by GB/T 4754 section in a service-led urban district (per mille; the rest spread thinly).
SECTION_WEIGHTS = {"F": 300, "L": 140, "M": 110, "I": 90, "C": 80, "O": 60, "H": 60, "E": 40, "K": 30, "G": 30,
                   "R": 20, "N": 10, "A": 10, "Q": 8, "D": 2}
SCALE_WEIGHTS = [(rule.MICRO, 0.82), (rule.SMALL, 0.14), (rule.MEDIUM, 0.035), (rule.LARGE, 0.005)]
PREFIXES = ["明湖", "江澄", "湖畔", "青枫", "金塘", "白鹭", "新桥", "东苑", "文昌", "澄光", "星湖", "远航", "瑞丰", "华泰",
            "嘉禾", "博远", "启明", "恒信", "卓越", "长青", "宏达", "鼎盛", "天成", "汇通", "立信", "盛世", "鸿运", "精诚"]
MIDDLES = ["科技", "贸易", "商贸", "信息", "咨询", "实业", "建设", "餐饮", "物流", "文化", "电子", "机械", "环保",
           "医药", "网络", "设计", "广告", "服饰", "食品", "能源", "智能", "数据", "教育科技", "工程", "传媒"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
COLS = ["id", "uscc", "name", "applicant_id", "entity_type", "industry_id", "industry_section", "industry_division",
        "industry_group", "registered_capital",
        "capital_currency", "founded_on", "status", "region_id", "park_id", "address", "legal_representative",
        "contact_name", "contact_phone", "business_scope", "figures_year", "headcount", "revenue", "total_assets",
        "tax_paid", "scale", "scale_derived", "scale_basis", "scale_override", "scale_override_reason",
        "credit_grade", "credit_grade_at", "version", "created_at", "updated_at"]


def _org_code(n: int) -> str:
    digits = []
    for _ in range(7):
        n, r = divmod(n, 31)
        digits.append(USCC_ALPHABET[r])
    return "MC" + "".join(reversed(digits))


def _figures(rng: random.Random, group: str, target: str):
    bounds = {b.indicator: b for b in rule.RULES[group][1]}

    def pick(indicator, fallback):
        b = bounds.get(indicator)
        lo, hi = fallback if b is None else {
            rule.MICRO: (0, b.small - 1), rule.SMALL: (b.small, b.medium - 1), rule.MEDIUM: (b.medium, b.large - 1),
            rule.LARGE: (b.large, b.large * 3)}[target]
        return rng.randint(max(lo, 0), max(hi, lo, 1))
    head = pick(rule.HEADCOUNT, (1, 50))
    revenue = pick(rule.REVENUE, (10, 5000))
    assets = pick(rule.ASSETS, (10, 8000))
    return head, revenue, assets


def _write(cursor, table_name: str, cols: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in cols)
    if connection.vendor == "postgresql":
        raw = getattr(cursor, "cursor", cursor)
        with raw.copy(f"COPY {qn(table_name)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return

    def plain(v):
        if isinstance(v, datetime):
            return v.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, Decimal):
            return str(v)
        return v
    cursor.executemany(f"INSERT INTO {qn(table_name)} ({names}) VALUES ({', '.join(['%s'] * len(cols))})",
                       [tuple(plain(v) for v in row) for row in rows])


def run(n: int, *, seed: int = 2026, batch_size: int = 20000):
    """Yield the running count after each batch (one transaction each)."""
    from django.apps import apps

    from yiwang.org.models import Park, Region

    Enterprise = apps.get_model("enterprises", "Enterprise")
    Tag = apps.get_model("enterprises", "Tag")
    rng = random.Random(seed)
    classes = [r for r in table.rows() if r.level == "class"]
    by_section: dict[str, list] = {}
    for r in classes:
        by_section.setdefault(r.section, []).append(r)
    sections = list(by_section)
    weights = [SECTION_WEIGHTS.get(s, 1) for s in sections]
    regions = list(Region.objects.filter(level__gte=3).values_list("pk", flat=True)) or [None]
    parks = list(Park.objects.values_list("pk", flat=True))
    tags = list(Tag.objects.values_list("pk", flat=True))
    start = Enterprise.objects.count() + seed * 10_000_000 % (31 ** 6)
    now = timezone.now()
    done = 0
    while done < n:
        size = min(batch_size, n - done)
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT nextval(pg_get_serial_sequence('enterprises_enterprise', 'id')) "
                               "FROM generate_series(1, %s)", [size])
                ids = sorted(r[0] for r in cursor.fetchall())
            else:
                cursor.execute("SELECT COALESCE(MAX(id), 0) FROM enterprises_enterprise")
                top = cursor.fetchone()[0]
                ids = list(range(top + 1, top + size + 1))
            rows, tag_rows = [], []
            for k, pk in enumerate(ids):
                section = rng.choices(sections, weights)[0]
                row = rng.choice(by_section[section])
                target = rng.choices([s for s, _w in SCALE_WEIGHTS], [w for _s, w in SCALE_WEIGHTS])[0]
                group = rule.rule_group(section, row.code)
                head = revenue = assets = None
                scale = basis = ""
                if group:
                    head, revenue, assets = _figures(rng, group, target)
                    result = rule.derive_scale(section=section, code=row.code, headcount=head, revenue=revenue,
                                               assets=assets)
                    scale, basis = result.scale or "", result.explanation[:500]
                i = start + done + k
                name = (f"{rng.choice(PREFIXES)}{rng.choice(PREFIXES)}{rng.choice(MIDDLES)}"
                        f"{'有限公司' if rng.random() < 0.9 else '股份有限公司'}{'' if k % 3 else f'第{i}分公司'}")
                founded = date(2000, 1, 1) + timedelta(days=rng.randint(0, 9300))
                rows.append((
                    pk, make_uscc(f"91329901{_org_code(i)}"), name, None,
                    "individual" if rng.random() < 0.15 else "llc", row.code, section,
                    row.code[:2] if len(row.code) >= 2 else "", row.code[:3] if len(row.code) >= 3 else "",
                    Decimal(rng.choice([10, 50, 100, 200, 500, 1000, 5000])), "人民币", founded,
                    "active" if rng.random() < 0.93 else rng.choice(["moved_out", "deregistered", "revoked"]),
                    rng.choice(regions), rng.choice(parks) if parks and rng.random() < 0.12 else None,
                    f"合成路{i % 999 + 1}号", rng.choice(SURNAMES) + rng.choice("伟芳娜敏静强磊军洋勇"), "", "", "",
                    2025 if head is not None else None, head,
                    Decimal(revenue) if revenue is not None else None, Decimal(assets) if assets is not None else None,
                    Decimal(revenue or 0) * Decimal("0.04") if revenue is not None else None,
                    scale, scale, basis, "", "", "", None, 1, now, now))
                if tags and rng.random() < 0.08:
                    tag_rows.append((pk, rng.choice(tags), "合成", "", None, None, None, now, name))
            _write(cursor, "enterprises_enterprise", COLS, rows)
            if tag_rows:
                _write(cursor, "enterprises_enterprisetag",
                       ["enterprise_id", "tag_id", "source", "reference", "valid_from", "valid_to", "added_by_id",
                        "added_at", "enterprise_name"], tag_rows)
        done += size
        yield done
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE enterprises_enterprise, enterprises_enterprisetag")
