"""Once the art. 32 days have passed, the law has deemed the case accepted: the clerk is no longer offered accept,
refuse or a supplement notice (each would be refused), but recording the deemed acceptance — before the nightly
task has run."""
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.cases.factories import file_all

pytestmark = pytest.mark.django_db


def detail(client, case):
    response = client.get(f"/api/v1/cases/{case.pk}/")
    assert response.status_code == 200
    return response


def test_a_lapsed_case_offers_deem_accept_instead_of_accept_or_refuse(org, items, as_user):
    case = file_all(org, items.two, today=timezone.localdate() - timedelta(days=30))
    clerk = as_user(org.clerk2)
    response = detail(clerk, case)
    offered = response.json()["allowed_actions"]
    assert offered[0] == "deem_accept"
    assert not {"accept", "refuse", "notify_supplement"} & set(offered)

    done = clerk.post(f"/api/v1/cases/{case.pk}/actions/deem_accept/", {}, format="json",
                      HTTP_IF_MATCH=response["ETag"])

    assert done.status_code == 200, done.json()
    body = done.json()
    assert body["state"] == "under_review" and body["deemed_accepted"] is True
    assert body["accepted_on"] == case.received_on.isoformat()
    # the applicant is not offered anything of the clerk's
    assert "deem_accept" not in detail(as_user(org.person_user), case).json()["allowed_actions"]


def test_within_the_five_days_the_clerk_decides_and_deem_accept_is_refused(org, items, as_user):
    case = file_all(org, items.two, today=timezone.localdate())
    clerk = as_user(org.clerk2)
    response = detail(clerk, case)
    offered = response.json()["allowed_actions"]
    assert {"accept", "refuse", "notify_supplement"} <= set(offered) and "deem_accept" not in offered
    early = clerk.post(f"/api/v1/cases/{case.pk}/actions/deem_accept/", {}, format="json",
                       HTTP_IF_MATCH=response["ETag"])
    assert early.status_code == 409
    assert detail(clerk, case).json()["state"] == "received"
