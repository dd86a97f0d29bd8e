"""Art. 32: received and untouched for 5 working days → deemed accepted as of receipt, flagged against the department."""
from datetime import date

from yiwang.audit.models import AuditEvent
from yiwang.cases import services
from yiwang.cases.models import Case

from .factories import file_all, mats, pdf

RECEIVED = date(2026, 9, 28)  # Monday; 9/29, 9/30, holiday 10/1-7, 10/8, 10/9, 10/10 (adjusted Saturday) = 5th


def test_not_yet_on_the_fifth_working_day(org, items):
    file_all(org, items.two, today=RECEIVED)
    assert services.apply_deemed_acceptance(date(2026, 10, 10)) == []
    assert Case.objects.get().state == "received"


def test_deemed_accepted_as_of_receipt_after_five_working_days(org, items):
    case = file_all(org, items.two, today=RECEIVED)
    done = services.apply_deemed_acceptance(date(2026, 10, 12))
    assert [c.pk for c in done] == [case.pk]
    case.refresh_from_db()
    assert case.state == "under_review" and case.deemed_accepted
    assert case.accepted_on == RECEIVED and case.number.startswith("YW-310114-20261012-")
    assert case.deadline == services.ledger_for(case).deadline()
    flag = AuditEvent.objects.get(action="case.flag.deemed_acceptance")
    assert flag.target_id == str(org.market.pk)
    # running it again changes nothing
    assert services.apply_deemed_acceptance(date(2026, 10, 13)) == []


def test_a_notified_case_is_not_deemed_accepted(org, items):
    case = file_all(org, items.two, today=RECEIVED, skip=[1])
    services.notify_supplement(case, actor=org.clerk, expected_version=case.version, today=RECEIVED)
    assert services.apply_deemed_acceptance(date(2026, 10, 20)) == []


def test_after_a_supplement_the_five_days_run_from_the_supplement(org, items):
    case = file_all(org, items.two, today=RECEIVED, skip=[1])
    services.notify_supplement(case, actor=org.clerk, expected_version=case.version, today=RECEIVED)
    case.refresh_from_db()
    services.supplement(case, actor=org.person_user, expected_version=case.version,
                        files={mats(items.two)[1].pk: pdf("plan")}, today=date(2026, 10, 12))
    assert services.apply_deemed_acceptance(date(2026, 10, 19)) == []
    (case,) = services.apply_deemed_acceptance(date(2026, 10, 20))
    assert case.accepted_on == date(2026, 10, 12)


def test_a_late_acceptance_is_dated_from_receipt_even_before_the_nightly_task(org, items):
    case = file_all(org, items.two, today=RECEIVED)
    case = services.accept(case, actor=org.clerk, expected_version=case.version, today=date(2026, 10, 12))
    assert case.deemed_accepted and case.accepted_on == RECEIVED
    assert AuditEvent.objects.filter(action="case.flag.deemed_acceptance").count() == 1


def test_a_late_supplement_notice_or_refusal_is_refused_and_the_case_counts_as_accepted(org, items):
    import pytest

    from yiwang.api.errors import Conflict

    case = file_all(org, items.two, today=RECEIVED, skip=[1])
    with pytest.raises(Conflict, match="第三十二条") as e:
        services.notify_supplement(case, actor=org.clerk, expected_version=case.version, today=date(2026, 10, 12))
    assert e.value.extra["state"] == "under_review"
    case.refresh_from_db()
    assert case.deemed_accepted and case.accepted_on == RECEIVED and case.notices_issued == 0
    other = file_all(org, items.two, today=RECEIVED, key="k2")
    with pytest.raises(Conflict):
        services.refuse(other, actor=org.clerk, expected_version=other.version, reason="不属于本机关职权",
                        legal_basis="第三十二条", today=date(2026, 10, 12))
    other.refresh_from_db()
    assert other.state == "under_review" and other.deemed_accepted


def test_someone_without_the_role_triggers_nothing(org, items):
    import pytest

    from yiwang.api.errors import DomainError

    case = file_all(org, items.two, today=RECEIVED)
    with pytest.raises(DomainError):
        services.accept(case, actor=org.person_user, expected_version=case.version, today=date(2026, 10, 12))
    case.refresh_from_db()
    assert case.state == "received"
