"""The government frame on every page (identity, footer registrations from settings) and the 适老化 switch: a POST
that sets a cookie and comes back to the page; a GET changes nothing."""
import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_the_elder_mode_is_switched_by_post_and_kept_in_a_cookie(client):
    assert 'class="elder"' not in client.get("/catalog/").content.decode()
    assert client.get("/display/?elder=1").status_code == 405  # no GET changes anything
    response = client.post("/display/", {"elder": "1", "next": "/catalog/?q=社保"})
    assert response.status_code == 302 and response["Location"] == "/catalog/?q=%E7%A4%BE%E4%BF%9D"
    assert response.cookies["yw_display"].value == "elder"
    html = client.get("/catalog/").content.decode()
    assert '<html lang="zh-CN" class="elder">' in html and "退出适老化" in html
    response = client.post("/display/", {"elder": "0", "next": "/"})
    assert response.cookies["yw_display"].value == ""  # deleted
    assert 'class="elder"' not in client.get("/").content.decode()


def test_the_switch_never_sends_the_reader_to_another_site(client):
    response = client.post("/display/", {"elder": "1", "next": "https://evil.example/phish"})
    assert response.status_code == 302 and response["Location"] == "/"


@override_settings(YIWANG_SITE_DEPARTMENT="江澄市明湖区人民政府", YIWANG_SITE_HOST="明湖区人民政府办公室",
                   YIWANG_SITE_CODE="3299010001", YIWANG_SITE_ICP="浙ICP备12345678号",
                   YIWANG_SITE_PSB="浙公网安备 33010002000123号", YIWANG_SITE_CONTACT="12345",
                   YIWANG_SITE_EMBLEM="/static/site/emblem.png")
def test_the_footer_and_the_identity_come_from_the_settings(client):
    html = client.get("/catalog/").content.decode()
    assert "江澄市明湖区人民政府" in html and '<img src="/static/site/emblem.png"' in html
    assert "主办单位：明湖区人民政府办公室" in html and "网站标识码：3299010001" in html
    assert ">浙ICP备12345678号</a>" in html and 'code=33010002000123"' in html and "咨询投诉：12345" in html
    assert "好差评" in html  # the entry is in every page's footer


def test_unset_registrations_are_left_out_rather_than_made_up(client):
    html = client.get("/catalog/").content.decode()
    assert "主办单位" not in html and "网站标识码" not in html and "ICP备" not in html
    assert "<img" not in html.split("<main")[0]  # no emblem image unless the department provides one
