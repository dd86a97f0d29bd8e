"""A false 告知承诺 revokes the decision; the e-licence issued on it is revoked at once, in the same transaction."""
import datetime as dt

import pytest

from yiwang.cases import services
from yiwang.licences.models import Licence
from yiwang.licences.services import issue_licence
from yiwang.licences.verification import verify_token

from tests.cases.factories import MON, mats, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit_version(keyed_org):
    """The cases suite's published two-step item whose second material a commitment may replace."""
    from tests.cases.factories import build_items

    return build_items(keyed_org).commit


def _licensed_case(org, version):
    m = mats(version)
    case = services.submit_case(submitter=org.person_user, applicant=org.person, item_version=version,
                                idempotency_key="rev", files={m[0].pk: pdf("form"), m[2].pk: pdf("plan")},
                                commitments=[m[1].pk], commitment_signed=True, today=MON)
    case = services.accept(case, actor=org.clerk, expected_version=case.version, today=MON)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=MON)
    case = services.approve(case, actor=org.section_head, expected_version=case.version, today=MON)
    licence = issue_licence(department=case.department, holder_name=org.person.name,
                            holder_id_number=org.person.id_number, holder_kind="natural", licence_type="测试许可证",
                            scope="测试范围", valid_from=MON, valid_until=dt.date(2031, 3, 1), case_ref=case.pk,
                            case_number=case.number, actor=org.section_head)
    return case, licence


def test_false_commitment_revokes_the_licence_too(keyed_org, commit_version):
    org = keyed_org
    case, licence = _licensed_case(org, commit_version)
    assert verify_token(licence.token).status == "valid"
    services.record_post_check(case, actor=org.reviewer, expected_version=case.version, truthful=False,
                               finding="经营场所不存在", today=dt.date(2026, 3, 20))
    licence.refresh_from_db()
    assert licence.status == Licence.Status.REVOKED
    assert "告知承诺不实" in licence.revoked_reason
    assert verify_token(licence.token).status == "revoked"


def test_true_commitment_leaves_the_licence_valid(keyed_org, commit_version):
    org = keyed_org
    case, licence = _licensed_case(org, commit_version)
    services.record_post_check(case, actor=org.reviewer, expected_version=case.version, truthful=True,
                               finding="核查属实", today=dt.date(2026, 3, 20))
    licence.refresh_from_db()
    assert licence.status == Licence.Status.VALID
