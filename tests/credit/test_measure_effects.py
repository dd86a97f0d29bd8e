"""Each joint reward and punishment acts in its own procedure (the procedure asks credit at the time):
绿色通道 puts the case first at the window, 容缺受理范围放宽 lets a non-key material be deferred, 从严审核 adds a
review step at acceptance."""
from datetime import date

import pytest

from yiwang.api.errors import DomainError
from yiwang.cases import services as cases
from yiwang.cases.domain import lifecycle as lc
from yiwang.cases.models import CaseEvent
from yiwang.cases.workbench.queries import today_queue
from yiwang.credit import services
from yiwang.credit.domain import kinds as k

from tests.cases.factories import MON, file_all, make_item

DUE = date(2026, 3, 13)
NOT_DEFERRABLE = [{"name": "申请表", "is_key": True}, {"name": "消防验收意见书"}]


def red_list(org, applicant):
    services.add_record(actor=None, subject_code=applicant.id_number, subject_name=applicant.name,
                        subject_kind=k.NATURAL, kind=k.RED_LIST, department=org.market, title="2025年度守信红名单",
                        decision_number="明信办〔2025〕8号", decided_on=date(2025, 6, 1), today=MON)


def serious_list(org, applicant):
    services.add_record(actor=None, subject_code=applicant.id_number, subject_name=applicant.name,
                        subject_kind=k.NATURAL, kind=k.SERIOUS_DISHONESTY, department=org.market,
                        title="严重违法失信名单", decision_number="明市监严失〔2026〕1号", decided_on=MON, today=MON)


def test_a_trusted_subjects_case_comes_first_at_the_window_marked_green_channel(org, client):
    item = make_item(org.market, tier="two_step", limit=10)
    earlier = file_all(org, item, applicant=org.other, submitter=org.other_user)
    red_list(org, org.person)
    green = file_all(org, item)
    assert green.green_channel and "绿色通道" in green.green_channel_reason
    assert not earlier.green_channel
    _today, pending = today_queue(org.clerk, today=MON)
    assert [c.pk for c in pending] == [green.pk, earlier.pk]  # filed later, served first
    client.force_login(org.clerk)
    home = client.get("/cases/workbench/").content.decode()
    assert 'class="green-channel"' in home and "绿色通道" in home
    page = client.get(f"/cases/work/{green.pk}/").content.decode()
    assert 'id="green-channel"' in page


def test_a_trusted_subject_may_defer_a_material_not_marked_deferrable_but_never_a_key_one(org):
    item = make_item(org.market, tier="two_step", limit=10, materials=NOT_DEFERRABLE)
    case = file_all(org, item, skip=[1])
    with pytest.raises(DomainError, match="关键材料|告知补正"):
        cases.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=DUE, today=MON,
                     commitment_signer="张三")
    red_list(org, org.person)
    case = file_all(org, item, skip=[1])
    case = cases.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=DUE, today=MON,
                        commitment_signer="张三")
    assert case.state == "under_review" and case.deferral_due == DUE
    key_missing = file_all(org, item, skip=[0])
    with pytest.raises(DomainError):
        cases.accept(key_missing, actor=org.clerk, expected_version=key_missing.version, deferral_due=DUE, today=MON,
                     commitment_signer="张三")


def test_a_seriously_dishonest_subjects_case_gets_one_more_review_step_at_acceptance(org):
    two = make_item(org.market, tier="two_step", limit=10)
    plain = file_all(org, two, applicant=org.other, submitter=org.other_user)
    plain = cases.accept(plain, actor=org.clerk, expected_version=plain.version, today=MON)
    assert plain.tier == "two_step"
    serious_list(org, org.person)
    case = file_all(org, two)
    case = cases.accept(case, actor=org.clerk, expected_version=case.version, today=MON)
    assert case.tier == "two_plus" and lc.steps_of(case.tier) == ("reviewer", "section_head", "unit_leader")
    event = CaseEvent.objects.filter(case=case, action="accept").latest("id")
    assert event.data["extra_review"]["code"] == "P-EXTRA-REVIEW" and "国发〔2016〕33号" in event.data["extra_review"]["basis"]
    case = cases.forward(case, actor=org.reviewer, expected_version=case.version, today=MON)
    with pytest.raises(Exception):
        cases.approve(case, actor=org.section_head, expected_version=case.version, today=MON)  # not the last step
    case = cases.forward(case, actor=org.section_head, expected_version=case.version, today=MON)
    case = cases.approve(case, actor=org.unit_leader, expected_version=case.version, today=MON)
    assert case.state == "approved"
    assert set(case.steps.values_list("step", flat=True)) == {"reviewer", "section_head", "unit_leader"}
