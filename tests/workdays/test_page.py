import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_year_grid_marks_holidays_and_adjusted_days(client):
    assert reverse("workdays:index") == "/calendar/"
    html = client.get("/calendar/", {"year": 2026}).content.decode()
    assert 'aria-label="2026 年 10 月"' in html and html.count('<table class="month"') == 12
    assert 'class="day holiday" title="2026-10-01 国庆节（休）"' in html
    assert 'class="day workday" title="2026-10-10 国庆节（调休上班）"' in html
    assert '<option value="2027">2027 年（暂定）</option>' in html
    assert 'href="?year=2025"' in html and 'href="?year=2027"' in html
    assert "全年工作日 248 天" in html


def test_provisional_year_is_flagged(client):
    html = client.get("/calendar/", {"year": 2030}).content.decode()
    assert "尚未由国务院办公厅公布" in html and "暂定（未公布）" in html


def test_unknown_year(client):
    assert "工作日历中没有 1990 年" in client.get("/calendar/", {"year": 1990}).content.decode()


def test_add_form_htmx_fragment_and_full_page(client):
    fragment = client.get("/calendar/add/", {"date": "2026-09-30", "n": 1}, HTTP_HX_REQUEST="true").content.decode()
    assert "之后第 1 个工作日" in fragment and "2026-10-08" in fragment and "<html" not in fragment
    fragment = client.get("/calendar/add/", {"date": "2026-12-25", "n": 10}, HTTP_HX_REQUEST="true").content.decode()
    assert "2027-01-11" in fragment and "暂定" in fragment
    page = client.get("/calendar/add/", {"date": "2026-09-30", "n": 1}).content.decode()
    assert "<html" in page and "2026-10-08" in page
    bad = client.get("/calendar/add/", {"date": "2035-12-30", "n": 5}, HTTP_HX_REQUEST="true").content.decode()
    assert "超出工作日历的范围" in bad


def test_the_date_field_is_filled_with_an_iso_date_a_date_input_accepts(client):
    import re

    from django.utils import timezone

    page = client.get("/calendar/").content.decode()
    value = re.search(r'<input type="date" name="date" value="([^"]+)"', page).group(1)
    assert value == timezone.localdate().isoformat()
