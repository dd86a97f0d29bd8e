"""听证 (行政许可法 arts. 46–48) end to end through the API, over the 2026 working-day calendar.

The law's own sequence: the right to a hearing is notified (art. 47) → requested within 5 days → held within 20 days
of the request, the parties told 7 days before (art. 48 (1)) by a host other than the reviewer (48 (3)), who recuses
on a well-founded request (48 (3)) → a signed record (48 (5)) on which the decision is based (48 (2)); the hearing's
time is not counted in the limit (art. 45)."""
from datetime import date

from yiwang.cases.models import Case, Hearing
from yiwang.notify.models import Message

from tests.cases.factories import accepted
from tests.cases_api.conftest import _signing_keys  # noqa: F401  (an API approval issues the e-licence)


def test_a_requested_hearing_from_notice_to_decision(org, items, clock, api):
    clock.day = date(2026, 3, 2)
    case = accepted(org, items.two, today=clock.day)  # 20 working days: due 2026-03-30
    assert case.deadline == date(2026, 3, 30)
    reviewer, section_head, applicant = api(org.reviewer), api(org.section_head), api(org.person_user)

    # art. 47: the right is notified on Wednesday 3/4 → a request may come until 3/11 (5 working days)
    clock.day = date(2026, 3, 4)
    assert "notify_hearing" in reviewer.get(case)["allowed_actions"]
    body = reviewer.act(case, "notify_hearing", matter="拟准予在居民楼底层开设餐饮店，涉及相邻住户的重大利益",
                        interested_parties=[{"name": "李四", "contact": "13900000002"}])
    (h,) = body["hearings"]
    assert h["status"] == "notified" and h["request_due"] == "2026-03-11"
    assert "2026年03月11日前" in Message.objects.filter(event="case.hearing_right").latest("id").body
    # no decision while the request period runs
    assert "forward" in reviewer.get(case)["allowed_actions"]

    # the applicant asks on 3/10: the clock stops, the hearing is due by 4/8 (20 working days; 清明 4/4–4/6 off)
    clock.day = date(2026, 3, 10)
    body = applicant.act(case, "request_hearing")
    assert body["state"] == "suspended" and body["hearings"][0]["hold_by"] == "2026-04-08"
    assert body["suspensions"][-1]["kind"] == "hearing"
    assert "resume" not in reviewer.get(case)["allowed_actions"]  # only the signed record ends it
    reviewer.act(case, "resume", expect=409)

    # art. 48: told 7 working days before — on 3/12 the earliest day is 3/23; the reviewer may not host
    clock.day = date(2026, 3, 12)
    r = reviewer.act(case, "schedule_hearing", expect=400, on="2026-03-20", place="区市场监管局听证室",
                     host=org.reviewer2.pk)
    assert "2026年03月23日" in str(r)
    r = reviewer.act(case, "schedule_hearing", expect=400, on="2026-03-24", place="区市场监管局听证室",
                     host=org.reviewer.pk)
    assert "审查该行政许可申请的工作人员以外" in str(r)
    r = reviewer.act(case, "schedule_hearing", expect=400, on="2026-04-09", place="区市场监管局听证室",
                     host=org.reviewer2.pk)
    assert "二十个工作日" in str(r) or "20个工作日" in str(r)
    body = reviewer.act(case, "schedule_hearing", on="2026-03-24", place="区市场监管局听证室", host=org.reviewer2.pk,
                        public=True)
    h = body["hearings"][0]
    assert h["status"] == "scheduled" and h["parties_told_on"] == "2026-03-12" and "公开听证" in h["announcement"]

    # recusal: the applicant says the host is the landlord's relative; the section head grants it, another host
    clock.day = date(2026, 3, 16)
    applicant.act(case, "request_recusal", reason="主持人系房东近亲属")
    assert "record_hearing" not in api(org.reviewer2).get(case)["allowed_actions"]
    section_head.act(case, "decide_recusal", expect=400, grant=True, note="理由成立")  # needs another host
    body = section_head.act(case, "decide_recusal", grant=True, note="申请理由成立，准予回避",
                            new_host=org.unit_leader.pk)
    assert body["hearings"][0]["host"] == org.unit_leader.pk

    # held on 3/24 by the new host: the record is signed and the clock runs again
    clock.day = date(2026, 3, 24)
    api(org.reviewer2).act(case, "record_hearing", expect=403, record="……", signatories=["张三"])
    body = api(org.unit_leader).act(case, "record_hearing",
                                    record="听证笔录：申请人陈述经营方案；利害关系人李四提出油烟、噪声意见；申请人承诺安装净化设备。",
                                    signatories=["张三", "李四", "记录人王某"])
    assert body["state"] == "under_review" and body["hearings"][0]["status"] == "held"
    # (3/10, 3/24] = 10 working days not counted: 3/30 becomes 4/14 (清明 4/6 off)
    assert body["deadline"] == "2026-04-14"

    # the decision is based on the record
    clock.day = date(2026, 3, 26)
    reviewer.act(case, "forward", opinion="根据听证笔录，申请人已承诺采取防治措施")
    section_head.act(case, "approve", opinion="根据听证笔录准予许可")
    case = Case.objects.get(pk=case.pk)
    event = case.events.get(action="approve")
    assert event.data["hearing"] == Hearing.objects.get(case=case).pk
    assert event.data["hearing_record_on"] == "2026-03-24"

    # the documents: PDFs with the embedded CJK font, as the other case documents
    from yiwang.cases.documents import decision_pdf, notice_pdf
    from tests.workbench.helpers import pdf_text
    from tests.workbench.test_documents import assert_embedded

    right = notice_pdf(case, "hearing_right")
    assert_embedded(right)
    assert "听证权利告知书" in pdf_text(right) and "2026年3月11日前" in pdf_text(right) and "李四" in pdf_text(right)
    notice = pdf_text(notice_pdf(case, "hearing_notice"))
    assert "2026年3月24日在区市场监管局听证室举行公开听证" in notice and "准予回避" in notice
    record = pdf_text(notice_pdf(case, "hearing_record"))
    assert "听证笔录" in record and "记录人王某" in record and "根据本听证笔录作出行政许可决定" in record
    assert "本决定根据2026年3月24日听证笔录作出" in pdf_text(decision_pdf(case))


def test_no_request_in_time_waives_the_right_and_the_decision_follows(org, items, clock, api):
    clock.day = date(2026, 3, 2)
    case = accepted(org, items.two, today=clock.day)
    reviewer, section_head = api(org.reviewer), api(org.section_head)
    clock.day = date(2026, 3, 4)
    reviewer.act(case, "notify_hearing", matter="涉及相邻权人重大利益")
    reviewer.act(case, "forward")
    assert "approve" not in section_head.get(case)["allowed_actions"]
    section_head.act(case, "approve", expect=409)  # the 5 days still run
    clock.day = date(2026, 3, 12)
    api(org.person_user).act(case, "request_hearing", expect=409)  # too late
    body = section_head.act(case, "approve")
    assert body["state"] == "approved" and body["hearings"][0]["status"] == "waived"


def test_a_public_interest_hearing_is_announced_and_stops_the_clock(org, items, clock, api):
    clock.day = date(2026, 3, 2)
    case = accepted(org, items.two, today=clock.day)
    reviewer = api(org.reviewer)
    clock.day = date(2026, 3, 3)
    body = reviewer.act(case, "announce_hearing", matter="拟在水源保护区周边设立加油站", expected_days=15)
    assert body["state"] == "suspended" and body["deadline"] is None
    h = body["hearings"][0]
    assert h["kind"] == "public_interest" and h["public"] and "举行听证" in h["announcement"]
    assert "notify_hearing" not in reviewer.get(case)["allowed_actions"]
    reviewer.act(case, "schedule_hearing", on="2026-03-13", place="区政府第一会议室", host=org.reviewer2.pk)
    # the public page lists it
    page = api(None).client.get("/cases/hearings/").content.decode()
    assert "拟在水源保护区周边设立加油站" in page and "2026-03-13" in page and "区政府第一会议室" in page
    clock.day = date(2026, 3, 13)
    body = api(org.reviewer2).act(case, "record_hearing", record="听证笔录……", signatories=["张三", "公众代表赵某"])
    # (3/3, 3/13] = 8 working days not counted: 3/30 → 4/10 (清明 4/6 off)
    assert body["deadline"] == "2026-04-10"


def test_interested_parties_are_told_of_their_right_and_of_the_hearing_through_the_contact_they_gave(
        org, items, clock, api):
    from yiwang.cases.models import CaseEvent
    from yiwang.notify.models import Delivery

    clock.day = date(2026, 3, 2)
    case = accepted(org, items.two, today=clock.day)
    reviewer = api(org.reviewer)
    clock.day = date(2026, 3, 4)
    reviewer.act(case, "notify_hearing", matter="拟准予在居民楼底层开设餐饮店，涉及相邻住户的重大利益",
                 interested_parties=[{"name": "李四", "contact": "139 0000 0002"},
                                     {"name": "王五", "contact": "wangwu@example.cn"},
                                     {"name": "赵六", "contact": "明湖区湖滨路3号301室"}])
    sms = Delivery.objects.get(message__event="case.hearing_right", channel="sms", address="13900000002")
    assert "有权要求听证" in sms.message.body and "2026年03月11日前" in sms.message.body
    assert Delivery.objects.filter(message__event="case.hearing_right", channel="email",
                                   address="wangwu@example.cn").exists()
    event = CaseEvent.objects.filter(case=case, action="notify_hearing").latest("id")
    assert event.data["in_writing"] == ["赵六"]  # no usable contact: notice in writing, and the event says so
    clock.day = date(2026, 3, 10)
    api(org.person_user).act(case, "request_hearing")
    clock.day = date(2026, 3, 12)
    reviewer.act(case, "schedule_hearing", on="2026-03-24", place="区市场监管局听证室", host=org.reviewer2.pk)
    told = Delivery.objects.get(message__event="case.hearing_scheduled", channel="sms", address="13900000002")
    assert "2026年03月24日" in told.message.body and "区市场监管局听证室" in told.message.body


def test_a_requested_hearing_not_noticed_in_time_warns_the_department(org, items, clock, api):
    from yiwang.supervision import watch
    from yiwang.supervision.models import WarningKind

    clock.day = date(2026, 3, 2)
    case = accepted(org, items.two, today=clock.day)
    reviewer = api(org.reviewer)
    clock.day = date(2026, 3, 4)
    reviewer.act(case, "notify_hearing", matter="涉及相邻住户的重大利益")
    clock.day = date(2026, 3, 10)
    api(org.person_user).act(case, "request_hearing")  # held by 4/8; the parties told 7 working days before: 3/27 (清明 4/4–4/6)

    def hearing_warning(day):
        found = [f for f in watch.evaluate(Case.objects.filter(pk=case.pk), day) if f.kind == WarningKind.HEARING]
        return found[0] if found else None

    assert hearing_warning(date(2026, 3, 11)) is None  # 13 working days to go
    yellow = hearing_warning(date(2026, 3, 25))
    assert yellow.level == "yellow" and yellow.due_on == date(2026, 3, 27) and org.reviewer.pk in yellow.responsible_ids
    assert "提前7个工作日通知" in yellow.detail
    assert hearing_warning(date(2026, 3, 30)).level == "red"
    clock.day = date(2026, 3, 26)
    reviewer.act(case, "schedule_hearing", on="2026-04-07", place="区市场监管局听证室", host=org.reviewer2.pk)
    noticed = hearing_warning(date(2026, 4, 7))
    assert noticed.due_on == date(2026, 4, 8) and "举行并制作笔录" in noticed.detail
    clock.day = date(2026, 4, 7)
    api(org.reviewer2).act(case, "record_hearing", record="听证笔录：……", signatories=["张三", "记录人王某"])
    assert hearing_warning(date(2026, 4, 7)) is None


def test_the_hearing_host_finds_the_case_in_their_inbox_with_the_record_to_make(org, items, clock, api):
    from yiwang.cases.workbench.queries import inbox

    clock.day = date(2026, 3, 2)
    case = accepted(org, items.two, today=clock.day)
    reviewer = api(org.reviewer)
    clock.day = date(2026, 3, 4)
    reviewer.act(case, "notify_hearing", matter="涉及相邻住户的重大利益")
    clock.day = date(2026, 3, 10)
    api(org.person_user).act(case, "request_hearing")
    reviewer.act(case, "schedule_hearing", on="2026-03-23", place="区市场监管局听证室", host=org.unit_leader.pk)
    assert case.pk in set(inbox(org.unit_leader).values_list("pk", flat=True))
    clock.day = date(2026, 3, 23)
    assert "record_hearing" in api(org.unit_leader).get(case)["allowed_actions"]
