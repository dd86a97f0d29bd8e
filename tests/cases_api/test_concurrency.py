"""Optimistic concurrency over HTTP: GET gives an ETag, actions need If-Match (or `version`), a stale one is a 409
that changes nothing, a missing one is a 428."""
import pytest

from yiwang.audit.models import AuditEvent
from yiwang.cases.models import CaseEvent

pytestmark = pytest.mark.django_db


def _forward(client, case, **headers):
    return client.post(f"/api/v1/cases/{case.pk}/actions/forward/", {"opinion": "同意"}, format="json", **headers)


def test_get_returns_the_version_as_etag(world, org, as_user):
    response = as_user(org.reviewer).get(f"/api/v1/cases/{world.case.pk}/")
    assert response["ETag"] == f'"{world.case.version}"'
    assert response.json()["version"] == world.case.version


def test_an_action_with_the_etag_succeeds_and_returns_the_new_etag(world, org, as_user):
    client = as_user(org.reviewer)
    tag = client.get(f"/api/v1/cases/{world.case.pk}/")["ETag"]
    response = _forward(client, world.case, HTTP_IF_MATCH=tag)
    assert response.status_code == 200, response.json()
    assert response["ETag"] == f'"{world.case.version + 1}"'
    assert response.json()["current_step"] == "科室负责人审定"


def test_a_stale_if_match_is_a_409_and_changes_nothing(world, org, as_user):
    reviewer, section_head = as_user(org.reviewer), as_user(org.section_head)
    tag = reviewer.get(f"/api/v1/cases/{world.case.pk}/")["ETag"]
    # someone else acts first (the section head starts an expert review)
    first = section_head.post(f"/api/v1/cases/{world.case.pk}/actions/suspend/",
                              {"kind": "expert_review", "reason": "需专家评审", "expected_days": 5}, format="json",
                              HTTP_IF_MATCH=tag)
    assert first.status_code == 200, first.json()
    world.case.refresh_from_db()
    before = (world.case.state, world.case.version, world.case.step_index, world.case.updated_at)
    counts = (CaseEvent.objects.count(), AuditEvent.objects.count())

    response = _forward(reviewer, world.case, HTTP_IF_MATCH=tag)

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "stale_version"
    assert body["state"] == "suspended" and body["version"] == world.case.version
    assert "刷新" in body["detail"]
    world.case.refresh_from_db()
    assert (world.case.state, world.case.version, world.case.step_index, world.case.updated_at) == before
    assert (CaseEvent.objects.count(), AuditEvent.objects.count()) == counts
    assert not world.case.steps.exists()
    assert section_head.get(f"/api/v1/cases/{world.case.pk}/").json()["state"] == "suspended"


def test_a_stale_version_in_the_body_is_a_409_too(world, org, as_user):
    response = as_user(org.reviewer).post(f"/api/v1/cases/{world.case.pk}/actions/forward/",
                                          {"version": world.case.version - 1 or 99}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"


def test_a_missing_if_match_is_a_428_in_chinese_and_changes_nothing(world, org, as_user):
    response = _forward(as_user(org.reviewer), world.case)
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"] and "版本" in response.json()["detail"]
    world.case.refresh_from_db()
    assert world.case.step_index == 0 and not world.case.steps.exists()


@pytest.mark.parametrize("tag", ['W/"{v}"', '"{v}"', "{v}"])
def test_if_match_accepts_weak_strong_and_bare_tags(tag, world, org, as_user):
    response = _forward(as_user(org.reviewer), world.case, HTTP_IF_MATCH=tag.format(v=world.case.version))
    assert response.status_code == 200


def test_the_version_may_go_in_the_body(world, org, as_user):
    response = as_user(org.reviewer).post(f"/api/v1/cases/{world.case.pk}/actions/forward/",
                                          {"version": world.case.version}, format="json")
    assert response.status_code == 200


def test_a_malformed_or_contradicting_if_match_is_a_field_error(world, org, as_user):
    client = as_user(org.reviewer)
    bad = _forward(client, world.case, HTTP_IF_MATCH="abc")
    assert bad.status_code == 400 and "If-Match" in bad.json()["errors"]
    both = client.post(f"/api/v1/cases/{world.case.pk}/actions/forward/", {"version": world.case.version + 3},
                       format="json", HTTP_IF_MATCH=f'"{world.case.version}"')
    assert both.status_code == 400 and "version" in both.json()["errors"]


def test_if_none_match_gives_304_until_the_case_changes(world, org, as_user):
    client = as_user(org.reviewer)
    tag = client.get(f"/api/v1/cases/{world.case.pk}/")["ETag"]
    assert client.get(f"/api/v1/cases/{world.case.pk}/", HTTP_IF_NONE_MATCH=tag).status_code == 304
    _forward(client, world.case, HTTP_IF_MATCH=tag)
    assert client.get(f"/api/v1/cases/{world.case.pk}/", HTTP_IF_NONE_MATCH=tag).status_code == 200
