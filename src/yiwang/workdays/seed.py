"""Where the calendar's first data comes from. Used only by the data migration and by administrators' loading
commands — never while computing deadlines (the holiday packages are imported inside these functions).

- Announced years 2004–2026: the `chinesecalendar` package (the State Council notices, transcribed).
- Provisional years: the statutory holidays of 全国年节及纪念日放假办法 as amended in 2024 — 元旦 1 day, 春节 4 days
  from 除夕, 清明 1, 劳动节 2 (5/1–5/2), 端午 1, 中秋 1, 国庆 3 (10/1–10/3): 13 days, without adjusted working days,
  plus 补假 (art. 6): a statutory day off on a Saturday or Sunday gives a make-up day on the next working day
  after the holiday block (`provisional_days_off`).
  Lunar dates come from the `holidays` package's lunisolar tables; 清明 (a solar term) from `chinesecalendar`'s
  solar-term table, cross-checked against `holidays`.
  When 中秋 falls on one of 10/1–10/3 (2028, 2031), the two holidays would share a day and the year would have 12;
  as in the State Council's practice (e.g. 2020: 中秋 and 国庆 together, 8 days off) the statutory day is not lost:
  10/4 becomes a holiday (named 中秋节), so every provisional year keeps 13 days off.
"""
from __future__ import annotations

import datetime as dt

ANNOUNCED_FIRST, ANNOUNCED_LAST = 2004, 2026
PROVISIONAL_FIRST, PROVISIONAL_LAST = 2027, 2035

SOURCE_CHINESECALENDAR = "chinesecalendar"
SOURCE_RULES = "全国年节及纪念日放假办法（2024年修订）推算"

# chinesecalendar's Chinese names → the names the platform shows
_NAMES = {
    "元旦": "元旦",
    "春节": "春节",
    "清明": "清明节",
    "劳动节": "劳动节",
    "端午": "端午节",
    "中秋": "中秋节",
    "国庆节": "国庆节",
}

# Where a State Council notice and chinesecalendar disagree, the notice (docs/rules.md) wins. Per year:
# {"holidays": {date: name}, "workdays": {date: name}} replacing the package's data for that year.
# The 2026 notice (docs/rules.md) matches chinesecalendar 1.11, so nothing needs correcting today.
CORRECTIONS: dict[int, dict[str, dict[dt.date, str]]] = {}


def announced_years(first: int = ANNOUNCED_FIRST, last: int = ANNOUNCED_LAST) -> dict[int, dict[str, dict[dt.date, str]]]:
    """{year: {"holidays": {date: name}, "workdays": {date: name}}} from chinesecalendar."""
    from chinese_calendar import constants

    by_english = {h.value: h.chinese for h in constants.Holiday}
    out: dict[int, dict[str, dict[dt.date, str]]] = {
        year: {"holidays": {}, "workdays": {}} for year in range(first, last + 1)
    }
    for kind, table in (("holidays", constants.holidays), ("workdays", constants.workdays)):
        for day, english in table.items():
            if first <= day.year <= last:
                chinese = by_english.get(english, english)
                out[day.year][kind][day] = _NAMES.get(chinese, chinese)
    for year, fixed in CORRECTIONS.items():
        if year in out:
            out[year] = {"holidays": dict(fixed["holidays"]), "workdays": dict(fixed["workdays"])}
    return out


def qingming(year: int) -> dt.date:
    """清明 (the solar term) of a year; chinesecalendar's table, cross-checked with holidays' approximation."""
    from chinese_calendar import get_solar_terms
    from holidays.calendars.chinese import _ChineseLunisolar

    terms = [day for day, name in get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 10)) if name == "清明"]
    approx, _ = _ChineseLunisolar().qingming_date(year)
    if len(terms) != 1 or terms[0] != approx:
        raise RuntimeError(f"清明 {year}: solar-term tables disagree ({terms} vs {approx})")
    return terms[0]


def provisional_holidays(year: int) -> dict[dt.date, str]:
    """The 13 statutory days off of `year` under the 2024 rules, {date: name}."""
    from holidays.calendars.chinese import _ChineseLunisolar

    lunar = _ChineseLunisolar()
    new_year, _ = lunar.lunar_new_year_date(year)
    dragon_boat, _ = lunar.dragon_boat_date(year)
    mid_autumn, _ = lunar.mid_autumn_date(year)
    if not (new_year and dragon_boat and mid_autumn):
        raise RuntimeError(f"{year}: the lunar tables do not cover this year")
    days: dict[dt.date, str] = {dt.date(year, 1, 1): "元旦"}
    eve = new_year - dt.timedelta(days=1)  # 除夕
    for k in range(4):
        days[eve + dt.timedelta(days=k)] = "春节"
    days[qingming(year)] = "清明节"
    days[dt.date(year, 5, 1)] = "劳动节"
    days[dt.date(year, 5, 2)] = "劳动节"
    days[dragon_boat] = "端午节"
    national = [dt.date(year, 10, 1), dt.date(year, 10, 2), dt.date(year, 10, 3)]
    for day in national:
        days[day] = "国庆节"
    if mid_autumn in national:
        days[dt.date(year, 10, 4)] = "中秋节"
    else:
        days[mid_autumn] = "中秋节"
    if len(days) != 13:
        raise RuntimeError(f"{year}: expected 13 statutory days off, computed {len(days)}")
    return days


MAKE_UP_SUFFIX = "（补假）"


def make_up_days(days_off: dict[dt.date, str]) -> dict[dt.date, str]:
    """补假 (全国年节及纪念日放假办法 art. 6): each statutory day off of a holiday for all citizens that falls on a
    Saturday or Sunday gives a make-up day off — the working days right after the holiday's block, skipping
    weekends and other days off. {date: "春节（补假）"}."""
    off = set(days_off)
    blocks: list[list[dt.date]] = []
    for day in sorted(off):
        if blocks and (day - blocks[-1][-1]).days == 1:
            blocks[-1].append(day)
        else:
            blocks.append([day])
    extra: dict[dt.date, str] = {}
    for block in blocks:
        owed = [days_off[d] for d in block if d.weekday() >= 5]  # named after the holiday that fell on a weekend
        cursor = block[-1]
        while owed:
            cursor += dt.timedelta(days=1)
            if cursor.weekday() < 5 and cursor not in off and cursor not in extra:
                extra[cursor] = owed.pop(0) + MAKE_UP_SUFFIX
    return extra


def provisional_days_off(year: int) -> dict[dt.date, str]:
    """What a provisional year has off: the 13 statutory days plus their 补假 (every block ends by October, so its
    make-up days stay in the same year)."""
    days = provisional_holidays(year)
    extra = {d: n for d, n in make_up_days(days).items() if d.year == year}
    return {**days, **extra}


def package_versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for name in ("chinesecalendar", "holidays"):
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:  # pragma: no cover
            parts.append(name)
    return ", ".join(parts)
