import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from yiwang.workdays.models import CalendarYear
from yiwang.workdays.signals import calendar_changed

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue()


def test_add():
    assert run("add", "2026-09-30", "1").strip() == "2026-09-30（星期三） 之后第 1 个工作日：2026-10-08（星期四）"
    assert "之前第 1 个工作日：2026-09-30" in run("add", "2026-10-08", "-1")


def test_add_into_a_provisional_year_is_marked():
    out = run("add", "2026-12-25", "10")
    assert "2027-01-11" in out and "暂定" in out


def test_between():
    assert run("between", "2026-09-30", "2026-10-09").strip().endswith("：2")
    assert "暂定" not in run("between", "2026-01-01", "2026-12-31")


def test_show_announced_and_provisional():
    out = run("show", "2026")
    assert "2026 年工作日历　状态：已公布" in out
    assert "2026-02-17（星期二）　春节" in out
    assert "调休上班日（6 天）" in out and "2026-10-10（星期六）　国庆节" in out
    assert "全年工作日：248 天" in out
    out = run("show", "2027")
    assert "暂定" in out and "法定节假日（19 天）" in out and "调休上班日（0 天）" in out  # 13 and 6 补假
    assert "2027-02-09（星期二）　春节（补假）" in out


def test_load(django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("yiwang.workdays.services._audit", lambda **kw: None)
    fired = []
    handler = lambda sender, years, **kw: fired.append(years)  # noqa: E731
    calendar_changed.connect(handler)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            out = run("load", "2027", "--holidays", "2027-01-01,2027-02-05..2027-02-11", "--workdays", "2027-02-13",
                      "--notice", "国办发明电〔2026〕9号")
    finally:
        calendar_changed.disconnect(handler)
    assert "已加载 2027 年：法定节假日 8 天，调休上班日 1 天，状态：已公布" in out
    assert fired == [{2027}]
    assert CalendarYear.objects.get(year=2027).status == "announced"
    assert "国办发明电〔2026〕9号" in run("show", "2027")
    assert "暂定" not in run("add", "2027-02-04", "1")
    assert "2027-02-12" in run("add", "2027-02-04", "1")


@pytest.mark.parametrize(
    "args, message",
    [
        (("add", "2026-13-01", "1"), "不是有效日期"),
        (("add", "2035-12-30", "5"), "超出工作日历的范围"),
        (("between", "2000-01-01", "2026-01-01"), "超出工作日历的范围"),
        (("show", "2050"), "工作日历中没有 2050 年"),
        (("load", "2027", "--holidays", "2027-01-01", "--workdays", "2027-02-10"), "只有周六或周日"),
    ],
)
def test_errors_are_plain_chinese(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
