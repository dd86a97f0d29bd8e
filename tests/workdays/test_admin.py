"""Saving a year in the admin goes through the service: validated, revision-checked, signal sent."""
import datetime as dt

import pytest

from yiwang.workdays.models import CalendarDay, CalendarYear
from yiwang.workdays.signals import calendar_changed

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(username="root", password="pw-12345678", email="r@example.com")
    client.force_login(user)
    return client


def _post_data(row, days, revision=None, extra_new=()):
    data = {
        "status": "announced",
        "notice": "国办发明电〔2026〕9号",
        "expected_revision": row.revision if revision is None else revision,
        "days-TOTAL_FORMS": len(days) + len(extra_new),
        "days-INITIAL_FORMS": len(days),
        "days-MIN_NUM_FORMS": 0,
        "days-MAX_NUM_FORMS": 1000,
    }
    for i, day in enumerate(days):
        data.update({f"days-{i}-id": day.pk, f"days-{i}-calendar_year": row.pk, f"days-{i}-date": day.date.isoformat(),
                     f"days-{i}-kind": day.kind, f"days-{i}-name": day.name})
    for j, (date, kind, name) in enumerate(extra_new, start=len(days)):
        data.update({f"days-{j}-calendar_year": row.pk, f"days-{j}-date": date, f"days-{j}-kind": kind, f"days-{j}-name": name})
    return data


def test_admin_save_goes_through_the_service(admin_client, django_capture_on_commit_callbacks, audit_calls):
    row = CalendarYear.objects.get(year=2027)
    days = list(row.days.order_by("date"))
    fired = []
    handler = lambda sender, years, **kw: fired.append(years)  # noqa: E731
    calendar_changed.connect(handler)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                f"/admin/workdays/calendaryear/{row.pk}/change/",
                _post_data(row, days, extra_new=[("2027-02-13", "workday", "春节")]),
            )
    finally:
        calendar_changed.disconnect(handler)
    assert response.status_code == 302, response.content.decode()[:2000]
    row.refresh_from_db()
    assert row.status == "announced" and row.revision == 2 and row.notice == "国办发明电〔2026〕9号"
    assert row.days.filter(kind=CalendarDay.Kind.WORKDAY).get().date == D(2027, 2, 13)
    assert fired == [{2027}] and audit_calls[0]["after"]["status"] == "announced"


def test_admin_refuses_a_weekday_as_adjusted_day(admin_client, audit_calls):
    row = CalendarYear.objects.get(year=2027)
    days = list(row.days.order_by("date"))
    response = admin_client.post(
        f"/admin/workdays/calendaryear/{row.pk}/change/",
        _post_data(row, days, extra_new=[("2027-02-11", "workday", "")]),
    )
    assert response.status_code == 200 and "只有周六或周日才需要调休上班" in response.content.decode()
    assert CalendarYear.objects.get(year=2027).revision == 1 and audit_calls == []


def test_admin_refuses_a_stale_form(admin_client, audit_calls):
    row = CalendarYear.objects.get(year=2027)
    days = list(row.days.order_by("date"))
    response = admin_client.post(f"/admin/workdays/calendaryear/{row.pk}/change/", _post_data(row, days, revision=0))
    assert response.status_code == 200 and "已被他人修改" in response.content.decode()
    assert CalendarYear.objects.get(year=2027).status == "provisional"


def test_admin_adds_the_next_year(admin_client, audit_calls):
    data = {
        "year": 2036, "status": "provisional", "notice": "", "expected_revision": "",
        "days-TOTAL_FORMS": 1, "days-INITIAL_FORMS": 0, "days-MIN_NUM_FORMS": 0, "days-MAX_NUM_FORMS": 1000,
        "days-0-date": "2036-01-01", "days-0-kind": "holiday", "days-0-name": "元旦",
    }
    response = admin_client.post("/admin/workdays/calendaryear/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CalendarYear.objects.get(year=2036).days.get().name == "元旦"
    data["year"] = 2040
    response = admin_client.post("/admin/workdays/calendaryear/add/", data | {"days-0-date": "2040-01-01"})
    assert response.status_code == 200 and "只能加载与之相邻的年度" in response.content.decode()


def test_admin_pages_render(admin_client):
    assert admin_client.get("/admin/workdays/calendaryear/").status_code == 200
    row = CalendarYear.objects.get(year=2026)
    assert "春节" in admin_client.get(f"/admin/workdays/calendaryear/{row.pk}/change/").content.decode()
    assert admin_client.get("/admin/workdays/calendarday/").status_code == 200
