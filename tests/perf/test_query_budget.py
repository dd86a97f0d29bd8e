"""How many queries the hot API requests take (issue 3): a regression here shows up as lost throughput."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cases.factories import accepted, file_all, mats, pdf

pytestmark = pytest.mark.django_db


def test_a_case_detail_reads_the_case_once_and_each_child_table_at_most_once(org, items, as_user):
    case = accepted(org, items.two)
    client = as_user(org.reviewer)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(f"/api/v1/cases/{case.pk}/")
    assert r.status_code == 200 and r.json()["allowed_actions"]
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert sum('FROM "cases_case"' in q for q in sqls) == 1
    assert not any('FROM "cases_casematerial"' in q and 'JOIN "cases_case"' in q for q in sqls)
    assert sum('FROM "org_staffrole"' in q for q in sqls) == 1  # scope and the case's parts share one read
    assert len(sqls) <= 5, sqls  # roles, case, materials (with files), suspensions, steps taken


def test_revalidating_an_unchanged_case_reads_only_its_version(org, items, as_user):
    case = file_all(org, items.two)
    client = as_user(org.clerk)
    tag = client.get(f"/api/v1/cases/{case.pk}/")["ETag"]
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(f"/api/v1/cases/{case.pk}/", HTTP_IF_NONE_MATCH=tag)
    assert r.status_code == 304 and r["ETag"] == tag
    assert len(ctx.captured_queries) <= 2
    far = as_user(org.health_reviewer).get(f"/api/v1/cases/{case.pk}/", HTTP_IF_NONE_MATCH=tag)
    assert far.status_code == 404  # out of scope: no 304 that would reveal the case exists


def test_a_submission_writes_its_material_rows_in_one_insert(org, items, as_user):
    first, second = mats(items.two)
    client = as_user(org.person_user)
    with CaptureQueriesContext(connection) as ctx:
        r = client.post("/api/v1/cases/", {"item_version": items.two.pk, "materials": [first.pk],
                                           "files": [_upload(first)]}, HTTP_IDEMPOTENCY_KEY="budget-1")
    assert r.status_code == 201, r.json()
    assert [m["status"] for m in r.json()["materials"]] == ["provided", "missing"]
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert sum(q.startswith('INSERT INTO "cases_casematerial"') for q in sqls) == 1
    assert not any(q.startswith('SELECT') and 'FROM "cases_case"' in q and '"cases_case"."id" =' in q
                   for q in sqls[-3:]), "the new case is not read back"


def _upload(material):
    from django.core.files.uploadedfile import SimpleUploadedFile

    name, data, kind = pdf(material.name)
    return SimpleUploadedFile(name, data, content_type=kind)
