"""Journey: an applicant books an on-site appointment; the clerk sees it on the day's list."""
import pytest

from yiwang.cases.models import Appointment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_book_an_appointment_and_the_clerk_sees_it(page, login_as, org):
    from tests.cases.factories import build_items

    v = build_items(org).two
    login_as("zhangsan")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(page.base_url + f"/cases/appointments/new/{v.pk}/")
    assert "预约现场办理" in page.inner_text("h1")
    page.get_by_label("10:00-10:30").check()
    page.get_by_role("button", name="确认预约").click()
    page.wait_for_selector("text=预约成功")
    appt = Appointment.objects.get()
    assert appt.code in page.inner_text("main")

    login_as("clerk")
    page.goto(page.base_url + f"/cases/appointments/today/?day={appt.day.isoformat()}")
    row = page.get_by_role("row", name=appt.code)
    assert "张三" in row.inner_text() and "10:00-10:30" in row.inner_text()
