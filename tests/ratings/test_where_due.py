"""Ratings where they are due (issue 18): 去评价 on the case page and in the message after each service, tags
that follow the grade, and the channel recorded by the platform, not chosen by the rater."""
import pytest
from django.urls import reverse

from yiwang.notify.models import Message
from yiwang.ratings.models import Rating

from .factories import accepted_at_window, delivered

pytestmark = pytest.mark.django_db


def test_the_case_page_offers_to_rate_when_a_rating_is_due(org, items, client):
    case = delivered(org, items.one)
    client.force_login(org.person_user)
    html = client.get(reverse("cases:case", args=[case.pk])).content.decode()
    url = reverse("ratings:rate", args=[case.pk, "case"])
    assert f'id="rate-case" href="{url}"' in html and "去评价" in html
    client.post(url, {"grade": "5"})
    html = client.get(reverse("cases:case", args=[case.pk])).content.decode()
    assert 'id="rate-case"' not in html  # rated: nothing due any more


def test_no_rating_link_before_the_service_nor_for_someone_else(org, items, client):
    from tests.cases.factories import accepted

    case = accepted(org, items.one)  # online, not concluded: the case is rated as a whole later
    client.force_login(org.person_user)
    assert "去评价" not in client.get(reverse("cases:case", args=[case.pk])).content.decode()


def test_each_service_at_the_window_is_followed_by_an_invitation_to_rate(org, items):
    case = accepted_at_window(org, items.one)
    site = Message.objects.get(event="ratings.invite", ref=f"rating-invite:{case.pk}:acceptance",
                               deliveries__channel="site")
    assert site.link == reverse("ratings:rate", args=[case.pk, "acceptance"]) and "去评价" in site.body
    assert site.user == org.person_user and items.one.name in site.body
    sms = Message.objects.get(event="ratings.invite", ref=f"rating-invite:{case.pk}:acceptance",
                              deliveries__channel="sms")
    assert sms.link.startswith(site.link + "?via=")
    from yiwang.cases import services

    case = services.approve(case, actor=org.clerk, expected_version=case.version)
    case = services.deliver(case, actor=org.clerk, expected_version=case.version, method="window")
    assert Message.objects.filter(event="ratings.invite", ref=f"rating-invite:{case.pk}:delivery").exists()
    assert Message.objects.filter(event="ratings.invite", ref=f"rating-invite:{case.pk}:acceptance").count() == 2


def test_the_form_does_not_ask_for_the_channel_and_the_platform_records_it(org, items, client):
    case = delivered(org, items.one)
    client.force_login(org.person_user)
    url = reverse("ratings:rate", args=[case.pk, "case"])
    page = client.get(url).content.decode()
    assert "评价渠道" not in page and 'name="channel"' not in page
    client.post(url, {"grade": "4", "channel": "sms"})  # a channel typed into the request is not believed
    assert Rating.objects.get(case=case).channel == "portal"


def test_a_rating_through_the_sms_link_is_recorded_as_sms(org, items, client):
    case = accepted_at_window(org, items.one)
    sms = Message.objects.get(event="ratings.invite", deliveries__channel="sms")
    client.force_login(org.person_user)
    page = client.get(sms.link).content.decode()
    token = sms.link.split("?via=", 1)[1]
    assert f'name="via" value="{token}"' in page
    client.post(reverse("ratings:rate", args=[case.pk, "acceptance"]), {"grade": "5", "via": token})
    assert Rating.objects.get(case=case, service="acceptance").channel == "sms"


def test_a_forged_link_token_counts_as_the_portal(org, items, client):
    case = accepted_at_window(org, items.one)
    client.force_login(org.person_user)
    client.post(reverse("ratings:rate", args=[case.pk, "acceptance"]), {"grade": "5", "via": "sms:forged"})
    assert Rating.objects.get(case=case).channel == "portal"


def test_a_rating_through_the_api_is_recorded_as_the_app(org, items):
    from rest_framework.test import APIClient

    case = delivered(org, items.one)
    api = APIClient()
    api.force_authenticate(org.person_user)
    r = api.post("/api/v1/ratings/", {"case": case.pk, "service": "case", "grade": 5, "channel": "window_pad"},
                 format="json")
    assert r.status_code == 201, r.content
    assert r.json()["channel"] == "app"


def test_tags_follow_the_grade(org, items, client):
    case = delivered(org, items.one)
    client.force_login(org.person_user)
    url = reverse("ratings:rate", args=[case.pk, "case"])
    page = client.get(url).content.decode()
    positive = page[page.index('id="tags-positive"'):page.index("</fieldset>", page.index('id="tags-positive"'))]
    negative = page[page.index('id="tags-negative"'):page.index("</fieldset>", page.index('id="tags-negative"'))]
    assert 'data-grades="5 4 3"' in positive and "服务热情" in positive and "态度差" not in positive
    assert 'data-grades="3 2 1"' in negative and "态度差" in negative and "服务热情" not in negative
    r = client.post(url, {"grade": "5", "tags": ["态度差"]})
    assert r.status_code == 400 and "标签“态度差”与评价等级“非常满意”不符" in r.content.decode()
    r = client.post(url, {"grade": "1", "tags": ["服务热情"]})
    assert r.status_code == 400 and not Rating.objects.exists()
    assert client.post(url, {"grade": "1", "tags": ["态度差", "多次跑"]}).status_code == 302
    assert Rating.objects.get(case=case).tags == ["态度差", "多次跑"]
