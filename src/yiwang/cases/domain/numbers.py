"""Case numbers (办件编号): `YW-<6-digit area>-<yyyymmdd>-<6-digit sequence>` (pure)."""
from __future__ import annotations

import re
from datetime import date

PATTERN = re.compile(r"^YW-(\d{6})-(\d{8})-(\d{6,})$")


def area_of(region_code: str) -> str:
    code = (region_code or "").strip()
    if len(code) < 6 or not code[:6].isdigit():
        raise ValueError("区划代码应至少为6位数字")
    return code[:6]


def format_case_number(region_code: str, day: date, seq: int) -> str:
    if seq < 1:
        raise ValueError("序号从1开始")
    return f"YW-{area_of(region_code)}-{day:%Y%m%d}-{seq:06d}"
