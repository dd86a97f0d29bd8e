"""On-site appointments: slots per window and day on the working-day calendar, capacity, cancel, the clerks' list."""
from datetime import date, time

import pytest
from django.urls import reverse

from yiwang.api.errors import DomainError
from yiwang.cases.models import Appointment
from yiwang.cases.portal import queries, services
from yiwang.org.models import Applicant, Hall, Window
from tests.cases.factories import MON
from tests.factories import UserFactory
from yiwang.org.identifiers import make_ric

TUE, SAT, QINGMING = date(2026, 3, 3), date(2026, 3, 7), date(2026, 4, 6)


def book(org, v, day=TUE, start="0900", applicant=None, user=None, today=MON):
    return services.book_appointment(user=user or org.person_user, applicant=applicant or org.person, item_version=v,
                                     hall=org.hall, day=day, start=start, today=today)


def test_slots_follow_the_halls_hours_and_calendar(org, items):
    slots = queries.hall_slots(org.hall, TUE, today=MON)
    assert slots[0].label == "09:00-09:30" and slots[-1].label == "16:30-17:00"
    assert len(slots) == 13  # 9:00-12:00 (6) + 13:30-17:00 (7)
    assert queries.hall_slots(org.hall, SAT, today=MON) == []
    assert queries.hall_slots(org.hall, MON, today=MON) == []  # from tomorrow on
    assert queries.hall_slots(org.hall, date(2026, 3, 30), today=MON) == []  # beyond the booking range


def test_holiday_service_halls_open_on_holidays_with_holiday_hours(org, items):
    Hall.objects.filter(pk=org.hall.pk).update(open_on_holidays=True, holiday_hours="节假日 9:00-11:00")
    org.hall.refresh_from_db()
    assert [s.label for s in queries.hall_slots(org.hall, QINGMING, today=date(2026, 4, 1))] == \
        ["09:00-09:30", "09:30-10:00", "10:00-10:30", "10:30-11:00"]
    a = book(org, items.two, day=QINGMING, start="1000", today=date(2026, 4, 1))
    assert a.start == time(10)


def test_a_closed_day_or_unknown_slot_is_refused(org, items):
    with pytest.raises(DomainError, match="所选时段不可预约"):
        book(org, items.two, day=SAT)
    with pytest.raises(DomainError, match="所选时段不可预约"):
        book(org, items.two, start="1215")


def test_capacity_per_window_and_slot(org, items, settings):
    settings.YIWANG_APPOINTMENT_SEATS_PER_WINDOW = 1
    Window.objects.filter(pk=org.window.pk).update(kind=Window.Kind.COMPREHENSIVE)
    first = book(org, items.two)
    assert first.window == org.window and first.seat == 1
    with pytest.raises(DomainError, match="该时段已约满"):
        book(org, items.two, applicant=org.other, user=org.other_user)
    left = {s["key"]: s["left"] for s in queries.slot_availability(org.hall, items.two, TUE, today=MON)}
    assert left["0900"] == 0 and left["0930"] == 1


def test_one_booking_per_item_and_day_and_cancel_frees_the_seat(org, items, settings):
    settings.YIWANG_APPOINTMENT_SEATS_PER_WINDOW = 1
    a = book(org, items.two)
    with pytest.raises(DomainError, match="当天已预约过该事项"):
        book(org, items.two, start="1000")
    services.cancel_appointment(a, user=org.person_user, today=MON)
    with pytest.raises(DomainError, match="已取消"):
        services.cancel_appointment(a, user=org.person_user, today=MON)
    b = book(org, items.two, applicant=org.other, user=org.other_user)
    assert (b.window_id, b.seat) == (a.window_id, a.seat)
    with pytest.raises(DomainError, match="不能取消他人的预约"):
        services.cancel_appointment(b, user=org.person_user, today=MON)


def test_windows_that_do_not_take_the_item_are_not_offered(org, items):
    Window.objects.filter(pk=org.window.pk).update(kind=Window.Kind.DELIVERY)
    with pytest.raises(DomainError, match="没有办理此事项的窗口"):
        book(org, items.two)
    dedicated = Window.objects.create(hall=org.hall, number="7", name="市场监管", kind=Window.Kind.DEDICATED)
    dedicated.departments.add(org.market)
    assert book(org, items.two).window == dedicated


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_never_exceed_capacity(org, items, settings):
    from tests.cases.test_concurrency import _race

    settings.YIWANG_APPOINTMENT_SEATS_PER_WINDOW = 2
    people = []
    for i in range(5):
        u = UserFactory(username=f"p{i}")
        people.append((u, Applicant.objects.create(kind="natural", name=f"申请人{i}",
                                                   id_number=make_ric(f"3101141990010{i:03d}1"), user=u)))
    results = _race(*[(lambda u=u, a=a: book(org, items.two, applicant=a, user=u)) for u, a in people])
    assert Appointment.objects.filter(day=TUE, start=time(9), status="booked").count() == 2
    assert sum(kind == "ok" for kind, _ in results) == 2
    assert all("该时段已约满" in str(r) for kind, r in results if kind == "error")


def test_booking_and_clerk_pages(client, org, items):
    client.force_login(org.person_user)
    url = reverse("cases:appointment_new", args=[items.two.pk])
    page = client.get(url).content.decode()
    assert org.hall.name in page and "可预约时段" in page
    day = queries.open_days(org.hall)[0]
    resp = client.post(url, {"hall": org.hall.pk, "day": day.isoformat(), "start": "0930",
                             "applicant": org.person.pk}, follow=True)
    assert "预约成功" in resp.content.decode()
    appt = Appointment.objects.get()
    assert appt.code in client.get(reverse("cases:appointments")).content.decode()
    assert list(queries.appointments_for(org.hall, day)) == [appt]

    client.force_login(org.clerk)
    page = client.get(reverse("cases:appointments_today") + f"?day={day.isoformat()}").content.decode()
    assert "张三" in page and appt.code in page and "09:30-10:00" in page

    client.force_login(org.reviewer)  # not a clerk
    assert client.get(reverse("cases:appointments_today")).status_code == 403


def test_full_slot_shown_as_full_and_error_on_booking_it(client, org, items, settings):
    settings.YIWANG_APPOINTMENT_SEATS_PER_WINDOW = 1
    day = queries.open_days(org.hall)[0]
    services.book_appointment(user=org.other_user, applicant=org.other, item_version=items.two, hall=org.hall,
                              day=day, start="0900")
    client.force_login(org.person_user)
    url = reverse("cases:appointment_new", args=[items.two.pk])
    page = client.get(url + f"?hall={org.hall.pk}&day={day.isoformat()}").content.decode()
    assert "已约满" in page
    resp = client.post(url, {"hall": org.hall.pk, "day": day.isoformat(), "start": "0900", "applicant": org.person.pk})
    assert resp.status_code == 409 and "该时段已约满" in resp.content.decode()
