import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_years(api_client):
    data = api_client.get("/api/v1/calendar/years/").json()
    assert [y["year"] for y in data] == list(range(2004, 2036))
    y2026 = next(y for y in data if y["year"] == 2026)
    assert y2026["status"] == "announced" and y2026["provisional"] is False
    assert y2026["holiday_count"] == 33 and y2026["workday_count"] == 6
    assert next(y for y in data if y["year"] == 2030)["provisional"] is True


def test_year_detail(api_client):
    data = api_client.get("/api/v1/calendar/years/2026/").json()
    assert data["working_days"] == 248
    assert {"date": "2026-10-10", "kind": "workday", "kind_label": "调休上班日", "name": "国庆节"} in data["days"]
    assert api_client.get("/api/v1/calendar/years/2099/").status_code == 404


def test_add(api_client):
    assert api_client.get("/api/v1/calendar/add/", {"date": "2026-09-30", "n": 1}).json() == {
        "date": "2026-09-30", "n": 1, "result": "2026-10-08", "provisional": False,
    }
    data = api_client.get("/api/v1/calendar/add/", {"date": "2026-12-25", "n": 10}).json()
    assert data["result"] == "2027-01-11" and data["provisional"] is True


def test_between(api_client):
    data = api_client.get("/api/v1/calendar/between/", {"a": "2026-09-30", "b": "2026-10-09"}).json()
    assert data == {"a": "2026-09-30", "b": "2026-10-09", "working_days": 2, "provisional": False}
    assert api_client.get("/api/v1/calendar/between/", {"a": "2026-10-09", "b": "2026-09-30"}).json()["working_days"] == -2
    assert api_client.get("/api/v1/calendar/between/", {"a": "2026-12-01", "b": "2027-01-05"}).json()["provisional"] is True


@pytest.mark.parametrize(
    "url, params, field, message",
    [
        ("/api/v1/calendar/add/", {"date": "2026-02-30", "n": 1}, "date", "日期格式错误"),
        ("/api/v1/calendar/add/", {"date": "2026-02-03", "n": "x"}, "n", "请填写整数"),
        ("/api/v1/calendar/add/", {"n": 1}, "date", "请填写日期"),
        ("/api/v1/calendar/add/", {"date": "2003-12-31", "n": 1}, "date", "超出工作日历的范围"),
        ("/api/v1/calendar/add/", {"date": "2035-12-30", "n": 5}, "n", "超出工作日历的范围"),
        ("/api/v1/calendar/between/", {"a": "2026-01-01", "b": "2040-01-01"}, "b", "超出工作日历的范围"),
        ("/api/v1/calendar/between/", {"a": "tomorrow", "b": "2026-01-01"}, "a", "日期格式错误"),
    ],
)
def test_bad_input_gets_field_level_chinese_errors(api_client, url, params, field, message):
    response = api_client.get(url, params)
    assert response.status_code == 400
    assert message in response.json()["errors"][field][0]


def test_schema_documents_the_calendar(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/v1/calendar/years/", "/api/v1/calendar/years/{year}/", "/api/v1/calendar/add/", "/api/v1/calendar/between/"):
        assert path in schema
    assert "provisional" in schema
