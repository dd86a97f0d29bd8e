"""Reading credit-record import rows (Excel or CSV, one record a row) into clean values, with row-level errors.

Pure Python: the caller passes header -> cell dicts; this module knows the column names and the rules."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import kinds as k

COLUMNS = ["主体名称", "主体代码", "主体类型", "记录类别", "失信程度", "领域", "决定文书号", "认定部门代码",
           "法律依据", "内容", "决定日期", "有效期至", "名单名称"]
REQUIRED = ["主体名称", "主体代码", "记录类别", "决定日期"]


@dataclass
class Row:
    number: int
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def parse_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")))
    except ValueError:
        raise ValueError(f"日期“{value}”无法识别（应为 2025-03-01）") from None


def read_row(number: int, cells: dict, *, validate_uscc, validate_ric) -> Row:
    """One row's values or its errors. `validate_uscc` / `validate_ric` return a normalised code or raise
    ValueError with a Chinese message; a code that fails its check digit is kept as given with a warning."""
    row = Row(number)
    get = lambda name: ("" if cells.get(name) is None else str(cells.get(name)).strip())  # noqa: E731
    for name in REQUIRED:
        if not get(name):
            row.errors.append(f"“{name}”不能为空")
    kind = k.BY_LABEL.get(get("记录类别"), get("记录类别") if get("记录类别") in k.LABELS else None)
    if get("记录类别") and kind is None:
        row.errors.append(f"记录类别“{get('记录类别')}”无效，应为：{'、'.join(k.LABELS.values())}")
    subject_kind = k.NATURAL if get("主体类型") in ("自然人", k.NATURAL) else k.LEGAL
    code = get("主体代码").upper()
    if code:
        try:
            code = (validate_ric if subject_kind == k.NATURAL else validate_uscc)(code)
        except ValueError as exc:
            if len(code) == 18:
                row.warnings.append(f"主体代码：{exc}（按原样保存）")
            else:
                row.errors.append(f"主体代码：{exc}")
    severity = get("失信程度")
    if severity:
        severity = k.SEVERITY_BY_LABEL.get(severity, severity)
        if severity not in k.SEVERITY_LABELS:
            row.errors.append(f"失信程度“{get('失信程度')}”无效，应为轻微、一般或严重")
    elif kind == k.PENALTY:
        severity = k.GENERAL
    special = get("领域")
    if special:
        special = k.FIELD_BY_LABEL.get(special, special)
        if special not in k.SPECIAL_FIELDS:
            special = ""  # other fields have no special period: kept in the content
    try:
        decided = parse_date(cells.get("决定日期"))
        until = parse_date(cells.get("有效期至"))
    except ValueError as exc:
        row.errors.append(str(exc))
        decided = until = None
    if decided and until and until < decided:
        row.errors.append("“有效期至”不能早于“决定日期”")
    if decided and decided > dt.date.today():
        row.errors.append("“决定日期”不能晚于今天")
    if kind == k.PENALTY and not get("决定文书号"):
        row.errors.append("行政处罚记录须填写“决定文书号”")
    row.values = {"subject_name": get("主体名称"), "subject_code": code, "subject_kind": subject_kind,
                  "kind": kind, "severity": severity if kind == k.PENALTY else "", "special_field": special,
                  "decision_number": get("决定文书号"), "department_code": get("认定部门代码"),
                  "legal_basis": get("法律依据"), "content": get("内容"), "decided_on": decided,
                  "valid_until": until, "list_name": get("名单名称")}
    return row
