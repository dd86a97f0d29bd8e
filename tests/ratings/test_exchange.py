"""The 好差评 data exchange (issue 19): ratings and rectifications in the data items of GB/T 39735-2020 and
GB/T 39734-2020, as JSON, CSV and Excel, for supervisors and machine clients holding ratings:read only."""
import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from yiwang.ratings import exchange, services
from yiwang.security import services as security
from tests.security.test_machine_clients import _token

from .factories import accepted_at_window, delivered

pytestmark = pytest.mark.django_db

# The data items, in order, as docs/ratings-exchange.md lists them.
RATING_ITEMS = ["评价编号", "办件编号", "事项编码", "事项名称", "实施机构编码", "实施机构名称", "行政区划代码", "评价对象",
                "服务日期", "评价渠道类别", "评价渠道", "评价等级", "评价等级名称", "是否差评", "评价标签", "文字评价",
                "评价时间", "评价人类型", "评价人", "是否代录", "是否默认评价", "是否剔除"]
RECT_ITEMS = ["评价编号", "整改编号", "责任单位", "整改状态", "差评生成日期", "回访期限", "回访日期", "回访方式", "核实情况",
              "整改措施", "整改反馈期限", "整改反馈日期", "反馈内容", "整改满意度", "申诉状态", "复核意见"]


@pytest.fixture
def rated(org, items):
    good = delivered(org, items.one)
    services.rate(good, actor=org.person_user, service="case", grade=5, tags=["办事高效"], channel="portal")
    bad = accepted_at_window(org, items.one)
    services.rate(bad, actor=org.person_user, service="acceptance", grade=1, tags=["态度差"],
                  comment="窗口人员态度生硬", channel="window_pad")
    return good, bad


def _period():
    today = timezone.localdate()
    return {"start": (today - dt.timedelta(days=60)).isoformat(), "end": (today + dt.timedelta(days=1)).isoformat()}


def test_the_exchange_carries_every_item_of_its_field_list(org, rated):
    assert [c.label for c in exchange.RATING_COLUMNS] == RATING_ITEMS
    assert [c.label for c in exchange.RECT_COLUMNS] == RECT_ITEMS
    good, bad = rated
    client = Client()
    client.force_login(org.supervisor)
    body = client.get("/api/v1/ratings/exchange/", _period()).json()
    assert [c["label"] for c in body["columns"]["ratings"]] == RATING_ITEMS
    by_case = {r["case_number"]: r for r in body["ratings"]}
    site = by_case[bad.number]
    assert site["channel_place"] == "现场" and site["channel"] == "窗口评价器" and site["grade"] == "1"
    assert site["negative"] == "是" and site["tags"] == "态度差" and site["comment"] == "窗口人员态度生硬"
    assert site["item_code"] == bad.item_version.item.code and site["area_code"] == org.market.region.code
    assert site["rater_name"] != org.person.name and site["rater_name"].startswith(org.person.name[0])
    online = by_case[good.number]
    assert online["channel_place"] == "网上" and online["service"] == "办件（一事一评）" and online["negative"] == "否"
    (rect,) = body["rectifications"]
    assert rect["appraise_id"] == site["appraise_id"] and rect["status"] == "待回访"
    assert rect["follow_up_due"] and rect["reply_due"] >= rect["follow_up_due"]


def test_csv_and_excel_carry_the_items_as_their_header(org, rated):
    client = Client()
    client.force_login(org.supervisor)
    text = client.get("/api/v1/ratings/exchange/", {**_period(), "as": "csv"}).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == RATING_ITEMS and len(table) == 3
    rects = client.get("/api/v1/ratings/exchange/", {**_period(), "as": "csv", "set": "rectifications"})
    assert list(csv.reader(io.StringIO(rects.content.decode("utf-8-sig"))))[0] == RECT_ITEMS
    book = load_workbook(io.BytesIO(client.get("/api/v1/ratings/exchange/", {**_period(), "as": "xlsx"}).content))
    assert book.sheetnames == ["评价数据", "差评整改数据", "数据项说明"]
    assert [c.value for c in next(book["评价数据"].iter_rows(max_row=1))] == RATING_ITEMS
    assert book["差评整改数据"].max_row == 2
    wrong = client.get("/api/v1/ratings/exchange/", {**_period(), "as": "pdf"})
    assert wrong.status_code == 400 and "as" in str(wrong.json())


def test_only_supervisors_and_authorised_systems_export(org, rated):
    clerk = Client()
    clerk.force_login(org.clerk)
    assert clerk.get("/api/v1/ratings/exchange/", _period()).status_code == 403
    assert Client().get("/api/v1/ratings/exchange/", _period()).status_code in (401, 403)
    mc, secret = security.issue_client(name="省好差评系统", scopes=["ratings:read"], rate="100/hour",
                                       expires_on=timezone.localdate() + dt.timedelta(days=30),
                                       actor=org.security_admin)
    token = _token(mc.application.client_id, secret).json()["access_token"]
    body = Client().get("/api/v1/ratings/exchange/", _period(), HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert len(body["ratings"]) == 2
    other, secret2 = security.issue_client(name="证照系统", scopes=["licences:read"], rate="100/hour",
                                           expires_on=timezone.localdate() + dt.timedelta(days=30),
                                           actor=org.security_admin)
    token2 = _token(other.application.client_id, secret2).json()["access_token"]
    assert Client().get("/api/v1/ratings/exchange/", _period(),
                        HTTP_AUTHORIZATION=f"Bearer {token2}").status_code == 403
