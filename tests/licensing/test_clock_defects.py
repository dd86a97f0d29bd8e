"""Issue 13's clock defects, each a case that failed before: the 容缺 date before acceptance, acceptance with
deferred materials without the applicant's signed commitment, the post-check counted from acceptance, and due dates
other than the deadline neither marked provisional nor recomputed when the year is announced."""
from datetime import date

import pytest

from yiwang.api.errors import DomainError
from yiwang.cases import services
from yiwang.cases.models import DeferralCommitment, PostCheck
from yiwang.cases.queries import actions_allowed
from yiwang.workdays.services import get_calendar

from tests.cases.factories import MON, file_all, mats, pdf


def test_a_deferral_date_before_acceptance_is_refused_with_a_clear_message(org, items):
    """Accepted 2026-03-02 with the materials due 2026-02-01: the next night's lapse would have ended the case."""
    case = file_all(org, items.two, skip=[1])
    with pytest.raises(DomainError, match="补交期限应晚于受理日期（2026-03-02）") as e:
        services.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=date(2026, 2, 1),
                        commitment_signer="张三", today=MON)
    assert e.value.field == "deferral_due"
    with pytest.raises(DomainError, match="应晚于受理日期"):  # the acceptance day itself is no later date either
        services.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=MON,
                        commitment_signer="张三", today=MON)
    case.refresh_from_db()
    assert case.state == "received" and not case.deferral_commitments.exists()
    assert services.apply_deferral_lapses(date(2026, 3, 3)) == []


def test_the_api_answers_400_on_the_field(org, items, as_user):
    from django.utils import timezone

    case = file_all(org, items.two, skip=[1], today=timezone.localdate())
    r = as_user(org.clerk).post(f"/api/v1/cases/{case.pk}/actions/accept/",
                                {"version": case.version, "deferral_due": "2026-02-01", "commitment_signer": "张三"},
                                format="json")
    assert r.status_code == 400
    assert "deferral_due" in str(r.json()) and "应晚于受理日期" in str(r.json())


def test_deferral_needs_the_applicants_signed_commitment(org, items):
    case = file_all(org, items.two, skip=[1])
    due = date(2026, 3, 13)
    with pytest.raises(DomainError, match="容缺受理承诺书") as e:
        services.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=due, today=MON)
    assert e.value.field == "commitment_signer"
    case.refresh_from_db()
    assert case.state == "received"
    # signed at the window pad: the clerk records who signed; the text is kept with the case
    case = services.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=due,
                           commitment_signer="张三", today=MON)
    (c,) = case.deferral_commitments.all()
    assert c.via == DeferralCommitment.Via.WINDOW_PAD and c.signer_name == "张三" and c.recorded_by == org.clerk
    assert "“平面图”" in c.text and "2026年03月13日前补交" in c.text and "终止办理" in c.text
    assert case.events.get(action="accept").data["deferral_commitment"] == c.pk


def test_the_applicant_signs_online_and_the_clerk_accepts_on_it(org, items, as_user):
    from django.utils import timezone

    today = timezone.localdate()
    due = get_calendar().add_working_days(today, 5)
    case = file_all(org, items.two, skip=[1], today=today)
    assert "sign_deferral" in actions_allowed(case, org.person_user)
    applicant = as_user(org.person_user)
    r = applicant.post(f"/api/v1/cases/{case.pk}/actions/sign_deferral/",
                       {"version": case.version, "deferral_due": due.isoformat()}, format="json")
    assert r.status_code == 200, r.json()
    c = DeferralCommitment.objects.get(case=case)
    assert c.via == DeferralCommitment.Via.ONLINE and c.materials == ["平面图"]
    case.refresh_from_db()
    # a different date than the one signed for is not covered by the commitment
    other = get_calendar().add_working_days(today, 6)
    with pytest.raises(DomainError, match="承诺书"):
        services.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=other, today=today)
    case = services.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=due, today=today)
    assert case.deferral_due == due


def test_signing_is_offered_only_when_only_deferrable_materials_are_missing(org, items):
    complete = file_all(org, items.two)
    key_missing = file_all(org, items.two, skip=[0])
    assert "sign_deferral" not in actions_allowed(complete, org.clerk)
    assert "sign_deferral" not in actions_allowed(key_missing, org.clerk)
    with pytest.raises(DomainError, match="一次性告知补正"):
        services.sign_deferral_commitment(key_missing, actor=org.clerk, expected_version=key_missing.version,
                                          deferral_due=date(2026, 3, 13), signer_name="张三", today=MON)


def test_the_post_check_is_due_after_the_decision(org, items):
    v = items.commit
    m = mats(v)
    case = services.submit_case(submitter=org.person_user, applicant=org.person, item_version=v, idempotency_key="pc",
                                files={m[0].pk: pdf("a"), m[2].pk: pdf("c")}, commitments=[m[1].pk],
                                commitment_signed=True, today=MON)
    case = services.accept(case, actor=org.clerk, expected_version=case.version, today=MON)
    cal = get_calendar()
    assert case.post_check.due_on == cal.add_working_days(case.deadline, 20)  # before the decision: the latest
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=date(2026, 3, 5))
    case = services.approve(case, actor=org.section_head, expected_version=case.version, today=date(2026, 3, 9))
    pc = PostCheck.objects.get(case=case)
    assert pc.due_on == cal.add_working_days(date(2026, 3, 9), 20) == date(2026, 4, 7)


@pytest.mark.django_db(transaction=True)  # calendar_changed is sent after the loading transaction commits
def test_delivery_due_in_an_unannounced_year_is_provisional_and_recomputed(org, items):
    from yiwang.workdays.services import load_year

    case = file_all(org, items.one, today=date(2026, 12, 28))
    case = services.accept(case, actor=org.clerk, expected_version=case.version, today=date(2026, 12, 28))
    case = services.approve(case, actor=org.clerk, expected_version=case.version, today=date(2026, 12, 28))
    assert case.delivery_due == date(2027, 1, 12) and case.delivery_due_provisional  # 12/29–31, 1/4–8, 1/11–12
    assert not case.deadline_provisional  # the decision itself fell in 2026
    # the 2027 notice (hypothetical): 1/1–1/3 and 1/4–1/5 off
    load_year(2027, [date(2027, 1, d) for d in range(1, 6)], [], notice="测试通知", actor=org.sysadmin)
    case.refresh_from_db()
    assert not case.delivery_due_provisional
    assert case.delivery_due == date(2027, 1, 14)


def test_the_applicant_reads_and_signs_the_commitment_on_the_case_page(org, items, clock):
    from django.test import Client

    clock.day = date(2026, 3, 2)
    case = file_all(org, items.two, skip=[1], today=clock.day)
    web = Client()
    web.force_login(org.person_user)
    page = web.get(f"/cases/{case.pk}/").content.decode()
    assert "签署容缺受理承诺书" in page and "“平面图”" in page and "（所填期限）前补交" in page
    r = web.post(f"/cases/{case.pk}/law/sign_deferral/",
                 {"version": case.version, "deferral_due": "2026-03-13", "agree": "on"})
    assert r.status_code == 302
    c = DeferralCommitment.objects.get(case=case)
    assert c.via == DeferralCommitment.Via.ONLINE and c.due_on == date(2026, 3, 13) and "2026年03月13日前补交" in c.text
    # not without ticking the signature box: nothing is recorded
    r = web.post(f"/cases/{case.pk}/law/sign_deferral/", {"version": case.version + 1, "deferral_due": "2026-03-16"})
    assert DeferralCommitment.objects.filter(case=case).count() == 1


@pytest.mark.django_db(transaction=True)  # calendar_changed is sent after the loading transaction commits
def test_rectification_and_supervision_replies_due_in_2027_are_provisional_then_recomputed(org, items):
    """The 15-working-day rectification reply and a supervision order's reply, both running into 2027."""
    from tests.ratings.factories import at, delivered
    from yiwang.ratings import services as ratings
    from yiwang.supervision import services as supervision
    from yiwang.workdays.services import load_year

    day = date(2026, 12, 21)
    case = delivered(org, items.one, today=day)
    rect = ratings.rate(case, actor=org.person_user, service="case", grade=1, tags=["态度差"], comment="等了很久",
                        now=at(day)).rectification
    assert rect.reply_due == date(2027, 1, 12) and rect.due_provisional  # 12/22–31 (8), 1/4–8, 1/11–12 (1/1 off)
    order = supervision.issue_order(actor=org.supervisor, department=org.market, instruction="请说明情况",
                                    reply_days=10, today=day)
    assert order.reply_due == date(2027, 1, 5) and order.due_provisional
    # the 2027 notice (hypothetical): 1/1–1/3 and 1/4–1/5 off
    load_year(2027, [date(2027, 1, d) for d in range(1, 6)], [], notice="测试通知", actor=org.sysadmin)
    rect.refresh_from_db()
    order.refresh_from_db()
    assert not rect.due_provisional and rect.reply_due == date(2027, 1, 14)
    assert not order.due_provisional and order.reply_due == date(2027, 1, 7)
