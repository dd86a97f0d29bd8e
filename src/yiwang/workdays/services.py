"""The calendar's services: the cached core calendar every process computes with, and the one way to change the
calendar's data (`load_year`), audited, announced by the `calendar_changed` signal after commit."""
from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError

from . import conf
from .core import CalendarRangeError, WorkingCalendar
from .models import CalendarDay, CalendarStamp, CalendarYear
from .signals import calendar_changed

log = logging.getLogger(__name__)

MIN_YEAR, MAX_YEAR = 1949, 2100
DEFAULT_HOLIDAY_NAME = "法定节假日"
DEFAULT_WORKDAY_NAME = "调休上班"

# ---------------------------------------------------------------------------------------------------------------
# The cached calendar
# ---------------------------------------------------------------------------------------------------------------
_lock = threading.Lock()
_state: dict = {"calendar": None, "token": None, "checked": 0.0}


def _current_token() -> str:
    return CalendarStamp.objects.filter(pk=1).values_list("token", flat=True).first() or ""


def _build() -> WorkingCalendar:
    years = dict(CalendarYear.objects.values_list("year", "status"))
    if not years:
        today = dt.date.today()
        raise CalendarRangeError(today, today, today, "工作日历尚未加载任何年度，请管理员先加载节假日安排。")
    first, last = min(years), max(years)
    holidays, workdays = [], []
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == CalendarDay.Kind.HOLIDAY else workdays).append(day)
    missing = [y for y in range(first, last + 1) if y not in years]
    if missing:
        log.warning("calendar years missing inside the loaded range, treated as provisional: %s", missing)
    provisional = [y for y, s in years.items() if s == CalendarYear.Status.PROVISIONAL] + missing
    return WorkingCalendar(first, last, holidays=holidays, workdays=workdays, provisional_years=provisional)


def get_calendar() -> WorkingCalendar:
    """The core calendar, built from the database once per process and rebuilt when any process loaded a year
    (the stamp row is read at most every YIWANG_CALENDAR_CHECK_SECONDS)."""
    now = time.monotonic()
    cached = _state["calendar"]
    if cached is not None and now - _state["checked"] < conf.check_seconds():
        return cached
    token = _current_token()
    with _lock:
        if _state["calendar"] is not None and _state["token"] == token:
            _state["checked"] = now
            return _state["calendar"]
        calendar = _build()
        _state.update(calendar=calendar, token=token, checked=now)
        return calendar


def invalidate_cache() -> None:
    with _lock:
        _state.update(calendar=None, token=None, checked=0.0)


# ---------------------------------------------------------------------------------------------------------------
# Loading a year
# ---------------------------------------------------------------------------------------------------------------
def _as_named(days: Mapping[dt.date, str] | Iterable[dt.date] | None) -> dict[dt.date, str]:
    if days is None:
        return {}
    if isinstance(days, Mapping):
        return {d: (n or "").strip() for d, n in days.items()}
    return {d: "" for d in days}


def validate_days(year: int, holidays, workdays) -> tuple[dict[dt.date, str], dict[dt.date, str]]:
    """Check one year's days; raises DomainError (field-level, Chinese) on the first problem."""
    if not isinstance(year, int) or not (MIN_YEAR <= year <= MAX_YEAR):
        raise DomainError(f"年度应在 {MIN_YEAR} 至 {MAX_YEAR} 之间。", field="year")
    hol, work = _as_named(holidays), _as_named(workdays)
    for field, days, label in (("holidays", hol, "节假日"), ("workdays", work, "调休上班日")):
        for day in sorted(days):
            if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
                raise DomainError(f"{label}“{day}”不是有效日期。", field=field)
            if day.year != year:
                raise DomainError(f"{label} {day.isoformat()} 不在 {year} 年内。", field=field)
    both = sorted(set(hol) & set(work))
    if both:
        raise DomainError(f"日期 {both[0].isoformat()} 不能既是节假日又是调休上班日。", field="workdays")
    for day in sorted(work):
        if day.weekday() < 5:
            raise DomainError(
                f"调休上班日 {day.isoformat()} 是工作日（{'一二三四五'[day.weekday()]}），只有周六或周日才需要调休上班。",
                field="workdays",
            )
    return hol, work


def check_adjacent(year: int) -> None:
    """A new year must extend the loaded range by one at either end, so the calendar never has a gap."""
    existing = list(CalendarYear.objects.values_list("year", flat=True))
    if existing and year not in existing and not (min(existing) - 1 <= year <= max(existing) + 1):
        raise DomainError(
            f"日历目前覆盖 {min(existing)}–{max(existing)} 年，只能加载与之相邻的年度"
            f"（{min(existing) - 1} 或 {max(existing) + 1}），以免中间出现空缺。",
            field="year",
        )


def _nearest_name(day: dt.date, named: Mapping[dt.date, str], within: int) -> str:
    best = None
    for other, name in named.items():
        if not name:
            continue
        gap = abs((other - day).days)
        if gap <= within and (best is None or gap < best[0]):
            best = (gap, name)
    return best[1] if best else ""


def _fill_names(hol: dict[dt.date, str], work: dict[dt.date, str], known: dict[dt.date, str]) -> None:
    """Unnamed days take the name of the nearest named holiday (given now, or already known for the year)."""
    named_holidays = {**{d: n for d, n in known.items() if n}, **{d: n for d, n in hol.items() if n}}
    for day in sorted(d for d, n in hol.items() if not n):
        hol[day] = _nearest_name(day, named_holidays, 7) or DEFAULT_HOLIDAY_NAME
        named_holidays[day] = hol[day]
    for day in sorted(d for d, n in work.items() if not n):
        work[day] = _nearest_name(day, hol, 21) or DEFAULT_WORKDAY_NAME


def _snapshot(row: CalendarYear | None) -> dict | None:
    if row is None:
        return None
    days = list(row.days.order_by("date").values_list("date", "kind", "name"))
    return {
        "year": row.year,
        "status": row.status,
        "notice": row.notice,
        "source": row.source,
        "revision": row.revision,
        "holidays": [f"{d.isoformat()} {n}" for d, k, n in days if k == CalendarDay.Kind.HOLIDAY],
        "workdays": [f"{d.isoformat()} {n}" for d, k, n in days if k == CalendarDay.Kind.WORKDAY],
    }


def _audit(**kwargs) -> None:
    from yiwang.audit.services import record  # same floor; imported here to keep the app import-light

    record(**kwargs)


def _after_commit(years: set[int]) -> None:
    invalidate_cache()
    calendar_changed.send(sender=CalendarYear, years=set(years))


def load_year(
    year: int,
    holidays,
    workdays,
    *,
    announced: bool = True,
    notice: str = "",
    actor=None,
    source: str = "",
    expected_revision: int | None = None,
) -> CalendarYear:
    """Replace one year's holidays and adjusted working days (a dict {date: name} or a list of dates each; unnamed
    days are named after the nearest named holiday). Marks the year announced (or provisional), audits, and sends
    `calendar_changed(years={year})` after commit. `expected_revision`: refuse if someone loaded the year since."""
    hol, work = validate_days(year, holidays, workdays)
    notice = (notice or "").strip()
    if announced and not hol:
        raise DomainError("已公布的年度至少应有一个法定节假日。", field="holidays")
    if len(notice) > 200:
        raise DomainError("通知文号过长（最多 200 字）。", field="notice")
    with transaction.atomic():
        now = timezone.now()
        stamp, _ = CalendarStamp.objects.select_for_update().get_or_create(
            pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": now}
        )
        row = CalendarYear.objects.select_for_update().filter(year=year).first()
        if row is None:
            check_adjacent(year)
        elif expected_revision is not None and row.revision != expected_revision:
            raise Conflict(f"{year} 年的日历已被他人修改（修订号 {row.revision}），请刷新后重试。", field="revision")
        before = _snapshot(row)
        known = {}
        if row is not None:
            from .seed import MAKE_UP_SUFFIX  # a provisional 补假 day named again by the notice is the holiday's day

            known = {d: n.removesuffix(MAKE_UP_SUFFIX)
                     for d, n in row.days.filter(kind=CalendarDay.Kind.HOLIDAY).values_list("date", "name")}
        _fill_names(hol, work, known)
        status = CalendarYear.Status.ANNOUNCED if announced else CalendarYear.Status.PROVISIONAL
        source = source or ("管理员加载" if announced else "管理员加载（暂定）")
        if row is None:
            row = CalendarYear.objects.create(
                year=year, status=status, source=source, notice=notice, loaded_at=now, revision=1
            )
        else:
            row.status, row.source, row.notice, row.loaded_at = status, source, notice, now
            row.revision += 1
            row.save()
            row.days.all().delete()
        CalendarDay.objects.bulk_create(
            [CalendarDay(calendar_year=row, date=d, kind=CalendarDay.Kind.HOLIDAY, name=n) for d, n in sorted(hol.items())]
            + [CalendarDay(calendar_year=row, date=d, kind=CalendarDay.Kind.WORKDAY, name=n) for d, n in sorted(work.items())]
        )
        stamp.token, stamp.changed_at = uuid.uuid4().hex, now
        stamp.save()
        _audit(
            actor=actor,
            action="workdays.year_loaded",
            target=row,
            before=before,
            after=_snapshot(row),
            data={"year": year},
        )
        transaction.on_commit(lambda: _after_commit({year}))
    return row


def load_provisional_year(year: int, *, actor=None) -> CalendarYear:
    """(Re)load a year as provisional from the statutory rules (13 days and their 补假, no adjusted working days).
    Uses the holiday packages' lunar tables: an administrator's action, never a deadline computation."""
    from . import seed

    try:
        days = seed.provisional_days_off(year)
    except RuntimeError as exc:
        raise DomainError(f"无法推算 {year} 年的法定节假日：{exc}", field="year") from exc
    return load_year(year, days, {}, announced=False, actor=actor, source=seed.SOURCE_RULES)
