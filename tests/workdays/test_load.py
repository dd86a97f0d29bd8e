"""load_year refuses bad input with specific Chinese messages and keeps what was saved."""
import datetime as dt

import pytest

from yiwang.api.errors import Conflict, DomainError
from yiwang.workdays import services
from yiwang.workdays.models import CalendarYear
from yiwang.workdays.parsing import DayListError, parse_day_list

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "holidays, workdays, field, message",
    [
        ([D(2028, 1, 1)], [], "holidays", "不在 2027 年内"),
        ([D(2027, 1, 1)], [D(2027, 2, 13), D(2027, 2, 10)], "workdays", "只有周六或周日才需要调休上班"),
        ([D(2027, 2, 13)], [D(2027, 2, 13)], "workdays", "不能既是节假日又是调休上班日"),
        ([], [], "holidays", "至少应有一个法定节假日"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_lost(holidays, workdays, field, message, audit_calls):
    before = list(CalendarYear.objects.get(year=2027).days.values_list("date", "kind", "name"))
    with pytest.raises(DomainError) as info:
        services.load_year(2027, holidays, workdays)
    assert info.value.field == field and message in info.value.message
    assert list(CalendarYear.objects.get(year=2027).days.values_list("date", "kind", "name")) == before
    assert CalendarYear.objects.get(year=2027).status == CalendarYear.Status.PROVISIONAL
    assert audit_calls == []


def test_a_new_year_must_be_adjacent(audit_calls):
    with pytest.raises(DomainError, match="只能加载与之相邻的年度") as info:
        services.load_year(2040, [D(2040, 1, 1)], [])
    assert info.value.field == "year"
    row = services.load_year(2036, [D(2036, 1, 1)], [])
    assert row.status == CalendarYear.Status.ANNOUNCED
    assert services.get_calendar().last == D(2036, 12, 31)


def test_load_provisional_year_from_the_rules(audit_calls):
    row = services.load_provisional_year(2036)
    assert row.status == CalendarYear.Status.PROVISIONAL and row.days.count() == 15  # 13 and 2 补假
    assert services.get_calendar().is_provisional(D(2036, 6, 1))


def test_stale_revision_is_a_conflict(audit_calls):
    row = CalendarYear.objects.get(year=2027)
    services.load_year(2027, [D(2027, 1, 1)], [], expected_revision=row.revision)
    with pytest.raises(Conflict, match="已被他人修改"):
        services.load_year(2027, [D(2027, 1, 1), D(2027, 1, 2)], [], expected_revision=row.revision)
    assert CalendarYear.objects.get(year=2027).days.count() == 1


def test_reloading_keeps_known_names(audit_calls):
    services.load_year(2027, [D(2027, 1, 1), D(2027, 10, 1), D(2027, 10, 4)], [D(2027, 9, 26)])
    names = dict(CalendarYear.objects.get(year=2027).days.values_list("date", "name"))
    assert names == {D(2027, 1, 1): "元旦", D(2027, 10, 1): "国庆节", D(2027, 10, 4): "国庆节", D(2027, 9, 26): "国庆节"}


def test_parse_day_list():
    assert parse_day_list("2027-01-01, 2027-02-05..2027-02-07=春节") == {
        D(2027, 1, 1): "", D(2027, 2, 5): "春节", D(2027, 2, 6): "春节", D(2027, 2, 7): "春节",
    }
    with pytest.raises(DayListError, match="不是有效日期"):
        parse_day_list("2027-02-30")
    with pytest.raises(DayListError, match="结束日早于开始日"):
        parse_day_list("2027-02-07..2027-02-05")


def test_loading_is_audited_in_the_hash_chain(django_user_model):
    from yiwang.audit.models import AuditEvent

    admin = django_user_model.objects.create_user(username="cal-admin", password="x-12345678")
    services.load_year(2027, [D(2027, 1, 1)], [], notice="国办发明电〔2026〕9号", actor=admin)
    event = AuditEvent.objects.filter(action="workdays.year_loaded").latest("seq")
    assert event.actor_id == admin.pk
    assert event.before["status"] == "provisional" and len(event.before["holidays"]) == 19
    assert event.after == {**event.after, "status": "announced", "notice": "国办发明电〔2026〕9号", "holidays": ["2027-01-01 元旦"]}
