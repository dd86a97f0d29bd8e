"""The public verification page and API (no login): scanned link, pasted code, uploaded PDF."""
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from yiwang.licences.domain.payload import b64d, b64e
from yiwang.licences.pdf import render_pdf
from yiwang.licences.services import revoke_licence


def _tampered(token):
    p, s = token.split(".")
    return b64e(b64d(p).replace("张三".encode(), "张王".encode())) + "." + s


def test_scanned_link_opens_the_page_without_login(client, issue, keyed_org):
    licence = issue()
    url = reverse("licences:verify")
    assert url == "/licences/verify/"
    page = client.get(url, {"p": licence.token}).content.decode()
    assert 'data-status="valid"' in page and "张三" in page and licence.number in page
    assert keyed_org.person.id_number not in page


def test_page_answers_forged_for_a_tampered_paste_and_shows_nothing_of_it(client, issue):
    licence = issue()
    page = client.post(reverse("licences:verify"), {"payload": _tampered(licence.token)}).content.decode()
    assert 'data-status="forged"' in page and "张王" not in page


def test_page_upload_of_pdf_and_revoked_state(client, issue, keyed_org):
    licence = issue()
    revoked = revoke_licence(licence, "许可有效期内被依法撤销", keyed_org.unit_leader)
    upload = SimpleUploadedFile("licence.pdf", render_pdf(licence), content_type="application/pdf")
    page = client.post(reverse("licences:verify"), {"file": upload}).content.decode()
    assert 'data-status="revoked"' in page and "许可有效期内被依法撤销" in page
    assert f"已于 {timezone.localtime(revoked.revoked_at):%Y-%m-%d} 注销" in page


def test_page_asks_for_input_when_empty(client):
    page = client.post(reverse("licences:verify"), {}).content.decode()
    assert "请粘贴核验码，或上传电子证照 PDF 文件" in page


def test_api_verify_valid_forged_revoked(api_client, issue, keyed_org):
    licence = issue()
    r = api_client.post("/api/v1/licences/verify/", {"payload": licence.token}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "valid"
    body = r.json()["licence"]
    assert body["holder_name"] == "张三" and body["valid_until"] == "2031-01-04"
    assert "*" in body["holder_id"]

    link = f"https://zwfw.example.gov.cn/licences/verify/?p={licence.token}"
    assert api_client.post("/api/v1/licences/verify/", {"payload": link}, format="json").json()["status"] == "valid"

    r = api_client.post("/api/v1/licences/verify/", {"payload": _tampered(licence.token)}, format="json")
    assert r.json()["status"] == "forged" and r.json()["licence"] is None

    revoke_licence(licence, "注销测试", keyed_org.unit_leader)
    r = api_client.post("/api/v1/licences/verify/", {"payload": licence.token}, format="json")
    assert r.json()["status"] == "revoked" and r.json()["revoked_reason"] == "注销测试"
    assert r.json()["revoked_at"]


def test_api_verify_by_pdf_upload_and_empty_request(api_client, issue):
    licence = issue()
    upload = SimpleUploadedFile("licence.pdf", render_pdf(licence), content_type="application/pdf")
    r = api_client.post("/api/v1/licences/verify/", {"file": upload}, format="multipart")
    assert r.json()["status"] == "valid"
    r = api_client.post("/api/v1/licences/verify/", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 x")},
                        format="multipart")
    assert r.status_code == 400 and "file" in r.json()["errors"]
    r = api_client.post("/api/v1/licences/verify/", {}, format="json")
    assert r.status_code == 400 and "payload" in r.json()["errors"]


def test_api_revoke_and_scoped_list(api_client, issue, keyed_org):
    licence = issue()
    api_client.force_authenticate(keyed_org.health_reviewer)
    assert api_client.get("/api/v1/licences/").json()["count"] == 0
    r = api_client.post(f"/api/v1/licences/{licence.pk}/revoke/", {"reason": "x"}, format="json")
    assert r.status_code == 404

    api_client.force_authenticate(keyed_org.person_user)  # the holder sees their licence and its PDF
    assert api_client.get("/api/v1/licences/").json()["count"] == 1
    assert api_client.get(f"/api/v1/licences/{licence.pk}/pdf/")["Content-Type"] == "application/pdf"
    r = api_client.post(f"/api/v1/licences/{licence.pk}/revoke/", {"reason": "我不要了"}, format="json")
    assert r.status_code == 403

    api_client.force_authenticate(keyed_org.unit_leader)
    r = api_client.post(f"/api/v1/licences/{licence.pk}/revoke/", {"reason": ""}, format="json")
    assert r.status_code == 400 and "reason" in r.json()["errors"]
    r = api_client.post(f"/api/v1/licences/{licence.pk}/revoke/", {"reason": "依法撤销"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "revoked"
    r = api_client.post(f"/api/v1/licences/{licence.pk}/revoke/", {"reason": "依法撤销"}, format="json")
    assert r.status_code == 409


def test_pdf_page_for_department_staff_only(client, issue, keyed_org):
    licence = issue()
    url = reverse("licences:pdf", args=[licence.number])
    assert client.get(url).status_code == 404
    client.force_login(keyed_org.reviewer)
    assert client.get(url).content.startswith(b"%PDF-")
    client.force_login(keyed_org.other_user)
    assert client.get(url).status_code == 404
