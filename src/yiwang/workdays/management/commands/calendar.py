"""`yiwang calendar add|between|show|load|provisional`: the working-day calendar for administrators."""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from yiwang.api.errors import DomainError
from yiwang.workdays import services
from yiwang.workdays.core import WEEKDAY_NAMES, CalendarRangeError
from yiwang.workdays.models import CalendarDay, CalendarYear
from yiwang.workdays.parsing import DayListError, parse_date, parse_day_list

PROVISIONAL_NOTE = "（暂定：涉及尚未公布节假日安排的年度，公布后将重新计算）"


def _fmt(day) -> str:
    return f"{day.isoformat()}（{WEEKDAY_NAMES[day.weekday()]}）"


class Command(BaseCommand):
    help = "工作日历：推算工作日、查看年度节假日安排、加载国务院办公厅公布的节假日安排。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{add,between,show,load,provisional}")
        p = sub.add_parser("add", help="某日之后第 N 个工作日（N 为负数时向前推算）")
        p.add_argument("date", help="起始日期 YYYY-MM-DD（不计入）")
        p.add_argument("n", type=int, help="工作日数")
        p = sub.add_parser("between", help="两日之间的工作日数（不含起始日、含结束日）")
        p.add_argument("a", help="起始日期 YYYY-MM-DD")
        p.add_argument("b", help="结束日期 YYYY-MM-DD")
        p = sub.add_parser("show", help="显示某年的节假日与调休上班日")
        p.add_argument("year", type=int)
        p = sub.add_parser("load", help="加载（替换）某年公布的节假日与调休上班日，并标记为已公布")
        p.add_argument("year", type=int)
        p.add_argument("--holidays", required=True,
                       help="节假日，逗号分隔；范围用 ..，可加 =名称，例如 2027-01-01,2027-02-05..2027-02-11=春节")
        p.add_argument("--workdays", default="", help="调休上班日（须为周六或周日），格式同上")
        p.add_argument("--notice", default="", help="通知文号，例如 国办发明电〔2026〕7号")
        p = sub.add_parser("provisional", help="按《全国年节及纪念日放假办法》推算某年（暂定，无调休）")
        p.add_argument("year", type=int)

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"do_{action}")(**options)
        except (CalendarRangeError, DayListError) as exc:
            raise CommandError(str(exc)) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def do_add(self, date, n, **_):
        start = parse_date(date, "起始日期")
        answer = services.get_calendar().add_working_days_answer(start, n)
        direction = "之后" if n >= 0 else "之前"
        line = f"{_fmt(start)} {direction}第 {abs(n)} 个工作日：{_fmt(answer.value)}"
        self.stdout.write(line + (PROVISIONAL_NOTE if answer.provisional else ""))

    def do_between(self, a, b, **_):
        start, end = parse_date(a, "起始日期"), parse_date(b, "结束日期")
        answer = services.get_calendar().working_days_between_answer(start, end)
        line = f"{start.isoformat()} 至 {end.isoformat()} 的工作日数（不含起始日，含结束日）：{answer.value}"
        self.stdout.write(line + (PROVISIONAL_NOTE if answer.provisional else ""))

    def do_show(self, year, **_):
        row = CalendarYear.objects.filter(year=year).first()
        if row is None:
            raise CommandError(f"工作日历中没有 {year} 年，请先用 `yiwang calendar load {year} ...` 加载。")
        out = [f"{year} 年工作日历　状态：{row.get_status_display()}"]
        if row.notice:
            out.append(f"通知文号：{row.notice}")
        out.append(f"数据来源：{row.source or '—'}　加载时间：{timezone.localtime(row.loaded_at):%Y-%m-%d %H:%M}　修订号：{row.revision}")
        if row.is_provisional:
            out.append("注意：本年度节假日安排尚未公布，以下为按法定节假日推算的暂定安排，不含调休。")
        for kind, label in ((CalendarDay.Kind.HOLIDAY, "法定节假日"), (CalendarDay.Kind.WORKDAY, "调休上班日")):
            days = list(row.days.filter(kind=kind).order_by("date"))
            out.append(f"{label}（{len(days)} 天）：")
            out += [f"  {_fmt(d.date)}　{d.name}" for d in days] or ["  （无）"]
        out.append(f"全年工作日：{services.get_calendar().working_days_in_year(year)} 天")
        self.stdout.write("\n".join(out))

    def do_load(self, year, holidays, workdays, notice, **_):
        hol = parse_day_list(holidays, "节假日")
        work = parse_day_list(workdays, "调休上班日")
        row = services.load_year(year, hol, work, announced=True, notice=notice)
        self.stdout.write(
            f"已加载 {year} 年：法定节假日 {len(hol)} 天，调休上班日 {len(work)} 天，状态：{row.get_status_display()}"
            + (f"，通知文号：{row.notice}" if row.notice else "")
            + "。依赖该年度的办理时限将重新计算。"
        )

    def do_provisional(self, year, **_):
        row = services.load_provisional_year(year)
        self.stdout.write(f"已按法定节假日推算 {year} 年（暂定）：法定节假日 {row.days.count()} 天，无调休。")
