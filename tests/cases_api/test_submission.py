"""Submitting cases and 一件事 applications over HTTP: multipart with materials/files pairs, Idempotency-Key."""
import io

import pytest

from tests.cases.factories import make_bundle, make_item, mats
from yiwang.cases.models import Blob, BundleCase, Case

pytestmark = pytest.mark.django_db


def pdf(name="申请表.pdf", tag=b"a"):
    f = io.BytesIO(b"%PDF-1.7\n" + tag * 50)
    f.name = name
    return f


def submit(client, version, key="k-1", *, files=None, **extra):
    files = files if files is not None else {m.pk: pdf(f"{m.name}.pdf", str(m.pk).encode()) for m in mats(version)}
    data = {"item_version": version.pk, "materials": list(files), "files": list(files.values()), **extra}
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post("/api/v1/cases/", data, format="multipart", **headers)


def test_an_applicant_submits_online_with_files(org, items, as_user):
    response = submit(as_user(org.person_user), items.two)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert response["Location"].endswith(f"/api/v1/cases/{body['id']}/")
    assert response["ETag"] == '"1"'
    assert body["state"] == "received" and body["channel"] == "online" and body["applicant"] == org.person.pk
    assert {m["status"] for m in body["materials"]} == {"provided"}
    assert body["allowed_actions"] == ["withdraw"]
    download = as_user(org.person_user).get(body["materials"][0]["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_retry_with_the_same_key_returns_the_same_case(org, items, as_user):
    client = as_user(org.person_user)
    first = submit(client, items.two, key="retry-1")
    again = submit(client, items.two, key="retry-1")
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Case.objects.count() == 1


def test_the_same_key_from_another_user_is_another_case(org, items, as_user):
    submit(as_user(org.person_user), items.two, key="same")
    submit(as_user(org.other_user), items.two, key="same")
    assert Case.objects.count() == 2


def test_a_key_reused_for_a_different_application_is_a_409(org, items, as_user):
    client = as_user(org.person_user)
    submit(client, items.two, key="reused")
    response = submit(client, items.three, key="reused")
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert Case.objects.count() == 1


def test_a_missing_key_is_a_field_error_and_nothing_is_filed(org, items, as_user):
    response = submit(as_user(org.person_user), items.two, key=None)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]["idempotency_key"][0]
    assert not Case.objects.exists()


def test_shape_errors_are_field_level_and_in_chinese(org, items, as_user):
    client = as_user(org.person_user)
    response = client.post("/api/v1/cases/", {"item_version": "abc"}, format="multipart", HTTP_IDEMPOTENCY_KEY="x")
    assert response.status_code == 400
    assert "item_version" in response.json()["errors"]
    assert "整数" in response.json()["errors"]["item_version"][0]
    m = mats(items.two)[0]
    unpaired = client.post("/api/v1/cases/", {"item_version": items.two.pk, "materials": [m.pk, mats(items.two)[1].pk],
                                              "files": [pdf()]}, format="multipart", HTTP_IDEMPOTENCY_KEY="y")
    assert unpaired.status_code == 400 and "materials" in unpaired.json()["errors"]
    assert not Case.objects.exists()


def test_rule_errors_come_from_the_service_field_level(org, items, as_user):
    other = mats(items.three)[0]
    response = submit(as_user(org.person_user), items.two, files={other.pk: pdf()})
    assert response.status_code == 400
    assert "不属于本事项" in response.json()["errors"]["files"][0]
    wrong_type = submit(as_user(org.person_user), items.two, key="k-2",
                        files={mats(items.two)[0].pk: io.BytesIO(b"MZ\x90\x00 not a pdf")})
    assert wrong_type.status_code == 400
    assert not Case.objects.exists() and not Blob.objects.exists()


def test_an_applicant_cannot_file_for_someone_else_and_learns_nothing(org, items, as_user):
    client = as_user(org.person_user)
    theirs = submit(client, items.two, applicant=org.other.pk)
    nobody = submit(client, items.two, key="k-2", applicant=999999)
    assert theirs.status_code == nobody.status_code == 400
    assert theirs.json() == nobody.json()
    assert not Case.objects.exists()


def test_an_agent_files_for_the_enterprise(org, items, as_user):
    response = submit(as_user(org.agent), items.two, applicant=org.company.pk)
    assert response.status_code == 201
    assert response.json()["applicant_name"] == "示范科技有限公司"


def test_a_clerk_files_at_the_window(org, items, as_user):
    response = submit(as_user(org.clerk), items.two, applicant=org.person.pk)
    assert response.status_code == 201
    assert response.json()["channel"] == "window" and response.json()["hall"] == org.hall.pk
    assert submit(as_user(org.reviewer), items.two, applicant=org.person.pk, key="k-9").status_code == 403


def test_the_applicant_answers_a_supplement_notice_with_uploads(org, items, as_user):
    first, plan = mats(items.two)
    clerk, person = as_user(org.clerk), as_user(org.person_user)
    case = submit(person, items.two, files={first.pk: pdf()}).json()
    notice = clerk.post(f"/api/v1/cases/{case['id']}/actions/notify_supplement/", {}, format="json",
                        HTTP_IF_MATCH=f'"{case["version"]}"')
    assert notice.status_code == 200, notice.json()
    assert notice.json()["state"] == "supplementing"
    assert notice.json()["notices"][0]["items"][0]["name"] == plan.name
    version = notice.json()["version"]
    # a partial answer is refused, field-level; nothing changes
    partial = person.post(f"/api/v1/cases/{case['id']}/actions/supplement/", {"materials": [], "files": []},
                          format="multipart", HTTP_IF_MATCH=f'"{version}"')
    assert partial.status_code == 400 and "尚缺" in partial.json()["errors"]["files"][0]
    done = person.post(f"/api/v1/cases/{case['id']}/actions/supplement/",
                       {"materials": [plan.pk], "files": [pdf("平面图.pdf", b"p")]}, format="multipart",
                       HTTP_IF_MATCH=f'"{version}"')
    assert done.status_code == 200, done.json()
    assert done.json()["state"] == "received"
    statuses = {m["material"]: m["status"] for m in as_user(org.clerk).get(
        f"/api/v1/cases/{case['id']}/materials/").json()}
    assert statuses == {first.pk: "provided", plan.pk: "provided"}


# ---- 一件事 ---------------------------------------------------------------------------------------------------------
@pytest.fixture
def bundle(org, items):
    return make_bundle(org, [items.two, make_item(org.health, tier="two_step")])


def test_a_bundle_is_submitted_once_with_one_set_of_materials(org, bundle, as_user):
    client = as_user(org.person_user)
    keys = client.get("/api/v1/bundle-cases/materials/", {"bundle": bundle.pk}).json()
    assert {k["name"] for k in keys} == {"申请表", "平面图"}  # the same material of two items, asked once
    data = {"bundle": bundle.pk, "materials": [k["key"] for k in keys],
            "files": [pdf(f"{k['name']}.pdf", k["name"].encode()) for k in keys]}
    first = client.post("/api/v1/bundle-cases/", data, format="multipart", HTTP_IDEMPOTENCY_KEY="b-1")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["status"] == "open" and len(body["children"]) == 2
    assert {c["department"] for c in body["children"]} == {org.market.pk, org.health.pk}
    assert {c["state"] for c in body["children"]} == {"received"}
    same = [pdf(f"{k['name']}.pdf", k["name"].encode()) for k in keys]
    again = client.post("/api/v1/bundle-cases/", {**data, "files": same}, format="multipart",
                        HTTP_IDEMPOTENCY_KEY="b-1")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    other = client.post("/api/v1/bundle-cases/", {**data, "files": [pdf(), pdf()]}, format="multipart",
                        HTTP_IDEMPOTENCY_KEY="b-1")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"  # other files, same key
    assert BundleCase.objects.count() == 1 and Case.objects.count() == 2
    assert client.get(f"/api/v1/bundle-cases/{body['id']}/").json()["children"] == body["children"]
    # another applicant cannot see it; a department reviewer sees it through their child case
    assert as_user(org.other_user).get(f"/api/v1/bundle-cases/{body['id']}/").status_code == 404
    assert as_user(org.health_reviewer).get(f"/api/v1/bundle-cases/{body['id']}/").status_code == 200


def test_json_works_without_files_for_commitments(org, items, as_user):
    place = mats(items.commit)[1]
    client = as_user(org.person_user)
    unsigned = client.post("/api/v1/cases/", {"item_version": items.commit.pk, "commitments": [place.pk]},
                           format="json", HTTP_IDEMPOTENCY_KEY="j-1")
    assert unsigned.status_code == 400 and "commitment_signed" in unsigned.json()["errors"]
    response = client.post("/api/v1/cases/", {"item_version": items.commit.pk, "commitments": [place.pk],
                                              "commitment_signed": True, "form_data": {"场所面积": "80"}},
                           format="json", HTTP_IDEMPOTENCY_KEY="j-2")
    assert response.status_code == 201, response.json()
    statuses = {m["material"]: m["status"] for m in response.json()["materials"]}
    assert statuses[place.pk] == "committed" and response.json()["form_data"] == {"场所面积": "80"}
    assert Case.objects.count() == 1
