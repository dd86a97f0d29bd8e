from datetime import date

import pytest
from django.urls import reverse

from yiwang.ratings import services
from yiwang.ratings.models import Rating

from .factories import at, delivered

pytestmark = pytest.mark.django_db


def _negative(org, items, comment):
    case = delivered(org, items.one)
    rating = services.rate(case, actor=org.person_user, service="case", grade=1, tags=["态度差"], comment=comment,
                           now=at(date.today()))
    return case, rating


def test_public_page_is_anonymised(org, items, client):
    case, rating = _negative(org, items, "请回电13912345678，证件号310114198001010017，窗口态度差")
    rect = rating.rectification
    rect = services.follow_up(rect, actor=org.reviewer, expected_version=rect.version, method="电话", note="已联系")
    services.reply(rect, actor=org.reviewer, expected_version=rect.version, verification="属实", measures="培训",
                   reply_text="已整改，联系人电话 021-64471234")
    html = client.get(reverse("ratings:public")).content.decode()
    assert "区市场监督管理局" in html and items.one.name in html and "非常不满意" in html
    assert "窗口态度差" in html and "已整改" in html
    for secret in ("张三", case.number, "13912345678", "310114198001010017", "64471234", org.person.id_number,
                   "zhangsan"):
        assert secret not in html
    assert "100%" in html  # rectification rate


def test_applicant_rates_from_the_page_with_htmx(org, items, client):
    case = delivered(org, items.one)
    client.force_login(org.person_user)
    url = reverse("ratings:rate", args=[case.pk, "case"])
    assert "提交评价" in client.get(url).content.decode()
    r = client.post(url, {"comment": "没有选等级"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200 and "请选择评价等级" in html and "没有选等级" in html  # nothing typed is lost
    r = client.post(url, {"grade": "5", "tags": ["服务热情"], "comment": "很好", "channel": "portal"},
                    HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert "感谢您的评价" in html and "非常满意" in html and 'id="rate-panel"' in html and "<html" not in html
    assert Rating.objects.get(case=case).tags == ["服务热情"]
    mine = client.get(reverse("ratings:mine")).content.decode()
    assert case.number in mine and "非常满意" in mine


def test_another_applicant_cannot_open_the_rating_page(org, items, client):
    case = delivered(org, items.one)
    client.force_login(org.other_user)
    assert client.get(reverse("ratings:rate", args=[case.pk, "case"])).status_code == 404
    client.force_login(org.person_user)  # an online case is rated as a whole, not per service
    assert client.get(reverse("ratings:rate", args=[case.pk, "delivery"])).status_code == 404


def test_unit_works_the_rectification_from_its_pages(org, items, client):
    case, rating = _negative(org, items, "太慢")
    rect = rating.rectification
    client.force_login(org.health_reviewer)
    assert "整改#" not in client.get(reverse("ratings:rectifications")).content.decode()
    assert client.get(reverse("ratings:rectification", args=[rect.pk])).status_code == 404
    client.force_login(org.reviewer)
    assert f"整改#{rect.pk}" in client.get(reverse("ratings:rectifications")).content.decode()
    act = reverse("ratings:rectification_action", args=[rect.pk, "follow_up"])
    r = client.post(act, {"version": rect.version, "method": "电话", "note": ""})
    assert r.status_code == 400 and "请填写回访情况" in r.content.decode()
    r = client.post(act, {"version": rect.version, "method": "电话", "note": "已联系评价人"}, follow=True)
    assert "已登记回访" in r.content.decode() and "整改回复" in r.content.decode()
    rect.refresh_from_db()
    r = client.post(reverse("ratings:rectification_action", args=[rect.pk, "reply"]),
                    {"version": rect.version, "verification": "属实", "measures": "加派人手", "reply_text": "已加派人手"},
                    follow=True)
    assert "整改情况已回复评价人" in r.content.decode()
    client.force_login(org.person_user)
    html = client.get(reverse("ratings:rate", args=[case.pk, "case"])).content.decode()
    assert "已加派人手" in html and "请评价整改情况" in html
    r = client.post(reverse("ratings:rate_rectification", args=[rect.pk]), {"grade": "5"}, follow=True)
    assert "感谢您对整改情况的评价" in r.content.decode()
