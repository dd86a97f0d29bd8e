"""Filing: channel, content-addressed materials, idempotency, limits; acceptance with a receipt and a deadline."""
from datetime import date

import pytest

from yiwang.api.errors import DomainError
from yiwang.cases import services
from yiwang.cases.models import Blob, Case
from yiwang.notify.models import Message

from .factories import MON, accepted, file_all, mats, pdf


def test_online_filing_records_the_channel_and_cites_the_version(org, items):
    case = file_all(org, items.two)
    assert case.channel == "online" and case.item_version == items.two and case.state == "received"
    assert case.department == org.market and case.hall == org.hall


def test_a_clerk_files_at_the_window_on_the_applicants_behalf(org, items):
    case = file_all(org, items.two, submitter=org.clerk)
    assert case.channel == "window" and case.window == org.window


def test_an_applicant_may_not_file_for_someone_else(org, items):
    with pytest.raises(DomainError) as e:
        file_all(org, items.two, applicant=org.other)
    assert e.value.status == 403


def test_an_agent_files_for_their_enterprise(org, items):
    case = file_all(org, items.two, submitter=org.agent, applicant=org.company)
    assert case.applicant == org.company


def test_the_same_file_twice_is_stored_once(org, items):
    m = mats(items.two)
    same = pdf("same")
    services.submit_case(submitter=org.person_user, applicant=org.person, item_version=items.two,
                         idempotency_key="a", files={m[0].pk: same, m[1].pk: same}, today=MON)
    services.submit_case(submitter=org.person_user, applicant=org.person, item_version=items.three,
                         idempotency_key="b", files={mats(items.three)[0].pk: same}, today=MON)
    assert Blob.objects.count() == 1
    blob = Blob.objects.get()
    assert blob.size == len(same[1]) and blob.content_type == "application/pdf" and len(blob.sha256) == 64


def test_a_retried_submission_returns_the_same_case(org, items):
    first = file_all(org, items.two, key="retry-1")
    again = file_all(org, items.two, key="retry-1")
    assert again.pk == first.pk
    assert Case.objects.filter(submitted_by=org.person_user).count() == 1
    # another person's key of the same text is their own
    other = file_all(org, items.two, key="retry-1", submitter=org.other_user, applicant=org.other)
    assert other.pk != first.pk


def test_submission_needs_an_idempotency_key(org, items):
    with pytest.raises(DomainError) as e:
        services.submit_case(submitter=org.person_user, applicant=org.person, item_version=items.two,
                             idempotency_key="", today=MON)
    assert e.value.field == "idempotency_key"


def test_file_type_and_size_limits(org, items, settings):
    m = mats(items.two)[0]
    with pytest.raises(DomainError, match="只能上传 PDF、图片或 OFD 文件") as e:
        services.submit_case(submitter=org.person_user, applicant=org.person, item_version=items.two,
                             idempotency_key="t", files={m.pk: ("a.exe", b"MZ\x90\x00binary", "application/pdf")})
    assert e.value.field == f"files.{m.pk}"
    settings.YIWANG_CASES_MAX_UPLOAD_BYTES = 10
    with pytest.raises(DomainError, match="大小"):
        services.submit_case(submitter=org.person_user, applicant=org.person, item_version=items.two,
                             idempotency_key="s", files={m.pk: pdf("big")})
    assert not Case.objects.exists() and not Blob.objects.exists()


def test_acceptance_issues_a_receipt_with_number_and_deadline(org, items):
    case = accepted(org, items.two, today=date(2026, 11, 23))
    assert case.state == "under_review"
    assert case.number == "YW-310114-20261123-000001"
    assert case.accepted_on == date(2026, 11, 23) and case.deadline == date(2026, 12, 21)
    msg = Message.objects.filter(event="case.accepted").get()
    assert case.number in msg.subject and "2026年12月21日" in msg.body
    second = accepted(org, items.three, today=date(2026, 11, 23))
    assert second.number.endswith("-000002")


def test_immediate_item_is_due_on_the_acceptance_day(org, items):
    case = accepted(org, items.one, today=MON)
    assert case.deadline == MON


def test_acceptance_with_missing_materials_is_refused(org, items):
    case = file_all(org, items.two, skip=[0])
    with pytest.raises(DomainError, match="一次性告知") as e:
        services.accept(case, actor=org.clerk, expected_version=case.version, today=MON)
    assert e.value.field == "materials"
    case.refresh_from_db()
    assert case.state == "received" and case.number is None


def test_refusal_needs_reason_and_legal_basis(org, items):
    case = file_all(org, items.two)
    with pytest.raises(DomainError) as e:
        services.refuse(case, actor=org.clerk, expected_version=case.version, reason="不属于本机关职权", legal_basis="")
    assert e.value.field == "legal_basis"
    case = services.refuse(case, actor=org.clerk, expected_version=case.version, reason="不属于本机关职权",
                           legal_basis="《行政许可法》第三十二条第一款第二项", today=MON)
    assert case.state == "refused"
    assert Message.objects.filter(event="case.refused").exists()


def test_applicant_cannot_accept_their_own_case(org, items):
    case = file_all(org, items.two)
    with pytest.raises(DomainError) as e:
        services.accept(case, actor=org.person_user, expected_version=case.version, today=MON)
    assert e.value.status == 403 and "accept" not in e.value.extra["allowed_actions"]


def test_one_step_item_must_be_accepted_by_a_window_officer(org, items):
    case = file_all(org, items.one)
    with pytest.raises(DomainError, match="窗口事务官"):
        services.accept(case, actor=org.clerk2, expected_version=case.version, today=MON)


def test_only_the_published_version_in_force_can_be_filed(org, items):
    from yiwang.catalog.models import ServiceItem

    ServiceItem.objects.filter(pk=items.two.item_id).update(status=ServiceItem.Status.SUSPENDED)
    items.two.refresh_from_db()
    with pytest.raises(DomainError) as e:
        file_all(org, items.two)
    assert e.value.field == "item_version"
    assert not Case.objects.exists()


def test_the_case_keeps_citing_its_version(org, items):
    from .factories import make_item

    case = file_all(org, items.two)
    newer = make_item(org.market)
    items.two.item.current_version = newer
    items.two.item.save()
    case.refresh_from_db()
    assert case.item_version_id == items.two.pk and case.tier == "two_step"
