"""Parsing administrators' day lists (pure): "2027-01-01,2027-02-05..2027-02-11=春节" → {date: name}."""
from __future__ import annotations

import datetime as dt


class DayListError(ValueError):
    pass


def parse_date(text: str, label: str = "日期") -> dt.date:
    text = (text or "").strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DayListError(f"{label}“{text}”不是有效日期，应为 YYYY-MM-DD 格式，例如 2027-01-01。") from None


def parse_day_list(text: str | None, label: str = "日期") -> dict[dt.date, str]:
    """Comma-separated dates or ranges `A..B` (both included), each optionally followed by `=名称`."""
    out: dict[dt.date, str] = {}
    for part in (text or "").replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        spec, _, name = part.partition("=")
        start_text, sep, end_text = spec.partition("..")
        start = parse_date(start_text, label)
        end = parse_date(end_text, label) if sep else start
        if end < start:
            raise DayListError(f"{label}范围“{spec.strip()}”的结束日早于开始日。")
        if (end - start).days > 366:
            raise DayListError(f"{label}范围“{spec.strip()}”超过一年。")
        day = start
        while day <= end:
            out[day] = name.strip()
            day += dt.timedelta(days=1)
    return out
