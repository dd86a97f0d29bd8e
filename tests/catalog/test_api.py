import io

import pytest

from yiwang.catalog import excel, services
from yiwang.catalog.models import ServiceItem

from .helpers import code_for, huey_immediate, item_fields, make_item

pytestmark = pytest.mark.django_db


def _payload(org, **over):
    data = item_fields(**over)
    data.update(code=code_for(org.market), department=org.market.code)
    return data


def test_public_reads_published_items_only(org, api_client):
    published = make_item(org, 1)
    make_item(org, 2, name="草稿事项", publish=False)
    body = api_client.get("/api/v1/catalog/items/").json()
    assert [r["code"] for r in body["results"]] == [published.code]
    detail = api_client.get(f"/api/v1/catalog/items/{published.pk}/").json()
    assert detail["current_version"]["number"] == 1 and len(detail["current_version"]["materials"]) == 4
    versions = api_client.get("/api/v1/catalog/versions/", {"item": published.pk}).json()
    assert versions["count"] == 1
    assert api_client.get("/api/v1/catalog/search/", {"q": "设立"}).json()[0]["code"] == published.code


def test_only_department_catalogue_admins_and_sysadmins_write(org, api_client):
    assert api_client.post("/api/v1/catalog/items/", _payload(org), format="json").status_code in (401, 403)
    api_client.force_authenticate(org.reviewer)
    assert api_client.post("/api/v1/catalog/items/", _payload(org), format="json").status_code == 403
    api_client.force_authenticate(org.catalog_admin)
    r = api_client.post("/api/v1/catalog/items/", _payload(org), format="json")
    assert r.status_code == 201, r.json()
    health = _payload(org)
    health.update(code=code_for(org.health), department=org.health.code)
    assert api_client.post("/api/v1/catalog/items/", health, format="json").status_code == 403
    api_client.force_authenticate(org.sysadmin)
    assert api_client.post("/api/v1/catalog/items/", health, format="json").status_code == 201


@pytest.mark.parametrize("over, field, text", [
    ({"promised_limit_days": 30}, "promised_limit_days", "不得超过"),
    ({"materials": [{"name": "申请书", "is_key": True, "deferrable": True}]}, "materials", "关键材料"),
    ({"department": "NOPE"}, "department", "不存在"),
    ({"code": "123"}, "code", "6段"),
])
def test_bad_input_gets_field_level_chinese_errors(org, api_client, over, field, text):
    api_client.force_authenticate(org.sysadmin)
    r = api_client.post("/api/v1/catalog/items/", {**_payload(org), **over}, format="json")
    assert r.status_code == 400
    assert text in " ".join(r.json()["errors"][field])


def test_duplicate_code_is_refused(org, api_client):
    make_item(org, 1)
    api_client.force_authenticate(org.catalog_admin)
    r = api_client.post("/api/v1/catalog/items/", _payload(org), format="json")
    assert r.status_code == 400 and "已存在" in r.json()["errors"]["code"][0]


def test_draft_edit_publish_and_stale_revision(org, api_client):
    item = make_item(org, 1)
    api_client.force_authenticate(org.catalog_admin)
    r = api_client.patch(f"/api/v1/catalog/items/{item.pk}/draft/", {"promised_limit_days": 2}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "draft"
    rev = r.json()["revision"]
    assert api_client.patch(f"/api/v1/catalog/items/{item.pk}/draft/", {"promised_limit_days": 1, "revision": rev},
                            format="json").status_code == 200
    stale = api_client.patch(f"/api/v1/catalog/items/{item.pk}/draft/", {"promised_limit_days": 3, "revision": rev},
                             format="json")
    assert stale.status_code == 409
    r = api_client.post(f"/api/v1/catalog/items/{item.pk}/publish/", {"change_note": "压缩时限"}, format="json")
    assert r.status_code == 200 and r.json()["number"] == 2 and r.json()["promised_limit_days"] == 1
    # the public still reads v1 through the versions endpoint, unchanged
    v1 = api_client.get("/api/v1/catalog/versions/", {"item": item.pk}).json()["results"][-1]
    assert v1["number"] == 1 and v1["promised_limit_days"] == 3
    assert api_client.patch(f"/api/v1/catalog/versions/{v1['id']}/", {"promised_limit_days": 0},
                            format="json").status_code == 405


def test_suspend_and_delegate_via_api(org, api_client):
    item = make_item(org, 1)
    api_client.force_authenticate(org.catalog_admin)
    assert api_client.post(f"/api/v1/catalog/items/{item.pk}/suspend/", {"reason": ""}, format="json").status_code == 400
    r = api_client.post(f"/api/v1/catalog/items/{item.pk}/suspend/", {"reason": "系统维护"}, format="json")
    assert r.json()["status"] == "suspended"
    r = api_client.post(f"/api/v1/catalog/items/{item.pk}/delegate/", {"reason": "下放", "to_region": org.town.code},
                        format="json")
    assert r.status_code == 200 and r.json()["status"] == "delegated"


def test_bundles_api(org, api_client):
    a, b = make_item(org, 1), make_item(org, 2, name="发票申领")
    api_client.force_authenticate(org.catalog_admin)
    r = api_client.post("/api/v1/catalog/bundles/", {"code": "KB", "name": "企业开办", "items": [a.code, b.code]},
                        format="json")
    assert r.status_code == 201, r.json()
    assert api_client.post("/api/v1/catalog/bundles/", {"code": "KB2", "name": "x", "items": [a.code]},
                           format="json").status_code == 400
    assert api_client.post(f"/api/v1/catalog/bundles/{r.json()['id']}/publish/").status_code == 200
    api_client.force_authenticate(None)
    detail = api_client.get(f"/api/v1/catalog/bundles/{r.json()['id']}/").json()
    assert detail["items"] == [a.code, b.code] and len(detail["materials"]) == 4


def test_import_export_endpoints(org, api_client, django_capture_on_commit_callbacks):
    make_item(org, 1)
    assert api_client.get("/api/v1/catalog/export/").status_code == 403  # signed-in callers only (issue 8 no. 8)
    api_client.force_authenticate(org.catalog_admin)
    data = api_client.get("/api/v1/catalog/export/").content
    api_client.force_authenticate(org.reviewer)
    assert api_client.post("/api/v1/catalog/import/", {"file": io.BytesIO(data)}, format="multipart").status_code == 403
    api_client.force_authenticate(org.catalog_admin)
    f = io.BytesIO(data)
    f.name = "catalog.xlsx"
    with huey_immediate(), django_capture_on_commit_callbacks(execute=True):
        r = api_client.post("/api/v1/catalog/import/", {"file": f}, format="multipart")
    assert r.status_code == 202
    body = api_client.get(r.json()["status_url"]).json()  # the dry run, done by the background job
    assert body["state"] == "checked" and body["report"]["unchanged"] == [ServiceItem.objects.get().code]
    with huey_immediate(), django_capture_on_commit_callbacks(execute=True):
        r = api_client.post(f"/api/v1/catalog/import/{body['job']}/confirm/")
    assert r.status_code == 202
    body = api_client.get(r.json()["status_url"]).json()
    assert body["state"] == "done" and body["report"]["counts"]["update"] == 0
    bad = io.BytesIO(b"xx")
    bad.name = "x.xlsx"
    with huey_immediate(), django_capture_on_commit_callbacks(execute=True):
        r = api_client.post("/api/v1/catalog/import/", {"file": bad}, format="multipart")
    body = api_client.get(r.json()["status_url"]).json()
    assert body["state"] == "checked" and body["report"]["errors"] and not body["report"]["ok"]
