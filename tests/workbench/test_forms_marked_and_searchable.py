"""Forms a person can finish (issue 18): the application form's required fields marked and its error summary
naming and linking every field in error, check characters wired for the browser, and the window's item picker
searchable by name, item code and pinyin initials."""
import re

import pytest
from django.urls import reverse

from tests.cases.factories import make_item
from yiwang.cases.portal import services as portal
from yiwang.catalog.models import ItemVersion
from yiwang.catalog.services import reindex

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(org, items):
    ItemVersion.objects.filter(pk=items.two.pk).update(
        form_fields="申请人姓名\n委托单位统一社会信用代码\n经营场所\n营业面积")
    items.two.refresh_from_db()
    return portal.open_draft(user=org.person_user, applicant=org.person, item_version=items.two)


def test_required_fields_are_marked_and_the_check_rule_is_wired(client, org, draft):
    client.force_login(org.person_user)
    html = client.get(reverse("cases:draft", args=[draft.pk])).content.decode()
    for i, label in enumerate(["申请人姓名", "委托单位统一社会信用代码", "经营场所", "营业面积"]):
        assert re.search(rf'<label for="f{i}">{label} <span class="required">（必填）</span></label>', html)
        tag = re.search(rf'<input [^>]*id="f{i}"[^>]*>', html, re.S).group(0)
        assert "required" in tag
    uscc = re.search(r'<input [^>]*id="f1"[^>]*>', html, re.S).group(0)
    assert 'data-check="uscc"' in uscc and 'aria-describedby="f1-err"' in uscc
    assert "cases/idcheck.js" in html


def test_the_error_summary_names_every_missing_field_and_links_to_it(client, org, draft):
    client.force_login(org.person_user)
    r = client.post(reverse("cases:draft", args=[draft.pk]), {
        "version": draft.version, "f1": "", "f2": "", "f3": "", "delivery_method": "window", "action": "submit"})
    assert r.status_code == 400
    html = r.content.decode()
    summary = html[html.index('id="form-error"'):html.index("</div>", html.index('id="form-error"'))]
    for i, label in ((1, "委托单位统一社会信用代码"), (2, "经营场所"), (3, "营业面积")):
        assert f'<a href="#f{i}">请填写“{label}”</a>' in summary
    assert "请改正以下3处" in summary


def test_a_wrong_check_character_is_refused_by_the_server_too(client, org, draft):
    from yiwang.org.identifiers import make_uscc

    good = make_uscc("91310114MA1000002")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    client.force_login(org.person_user)
    r = client.post(reverse("cases:draft", args=[draft.pk]), {
        "version": draft.version, "f1": bad, "f2": "湖滨路18号", "f3": "120平方米", "delivery_method": "window",
        "action": "submit"})
    assert r.status_code == 400
    assert '<a href="#f1">“委托单位统一社会信用代码”不是有效的统一社会信用代码' in r.content.decode()


@pytest.fixture
def picker(org, items):
    food = make_item(org.market, name="食品经营许可（新办）")
    ads = make_item(org.market, name="户外广告设置许可")
    for v in (food, ads):
        reindex(v.item)
    return food, ads


def _options(client, org, q):
    r = client.get(reverse("cases:intake_items", args=[org.person.pk]), {"q": q})
    assert r.status_code == 200
    return r.content.decode()


@pytest.mark.parametrize("how", ["name", "code", "initials", "page"])
def test_the_window_item_picker_is_searchable(client, org, picker, how):
    food, ads = picker
    client.force_login(org.clerk)
    if how == "page":  # without script: the intake page itself, searched
        html = client.get(reverse("cases:intake", args=[org.person.pk]), {"q": "spjy"}).content.decode()
        assert 'id="item_q"' in html
    else:
        q = {"name": "食品经营", "code": food.item.code, "initials": "spjy"}[how]
        html = _options(client, org, q)
    assert f'value="{food.pk}"' in html and f'value="{ads.pk}"' not in html
    assert "找到1项" in html


def test_the_picker_finds_by_initials_read_from_the_published_search_text(client, org, picker, monkeypatch):
    """No pinyin is computed per request over all items: the initials come from the catalogue's search text."""
    from yiwang.catalog.domain import ranking

    food, ads = picker
    monkeypatch.setattr(ranking, "initials", lambda text: pytest.fail("initials computed per request"))
    client.force_login(org.clerk)
    html = _options(client, org, "hwgg")
    assert f'value="{ads.pk}"' in html and f'value="{food.pk}"' not in html
