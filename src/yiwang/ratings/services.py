"""The only place ratings change: rate, edit within the grace period, the rectification of a negative rating
(follow-up, reply, the rater's rating of it), the unit's appeal and the supervisor's review, default ratings.
Each function runs in one transaction and leaves an audit event; messages go through notify.enqueue."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.services import record
from yiwang.cases.models import Case
from yiwang.notify.services import enqueue
from yiwang.org.models import Role, User

from . import access, conf, invitations, queries
from .access import Forbidden
from .domain.grades import GRADE_LABELS, InvalidGrade, check_grade, check_tags, check_tags_fit, is_negative
from .domain.occasions import SERVICE_LABELS
from .models import Rating, RatingChannel, Rectification

RATER_CHANNELS = frozenset({RatingChannel.WINDOW_PAD, RatingChannel.PORTAL, RatingChannel.APP, RatingChannel.SMS,
                            RatingChannel.TERMINAL})


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _calendar():
    from yiwang.workdays.services import get_calendar

    return get_calendar()


def _text(value, field: str, message: str, limit: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    if limit and len(value) > limit:
        raise DomainError(f"内容不能超过 {limit} 字", field=field)
    return value


def _grade(value, field="grade") -> int:
    try:
        return check_grade(value)
    except InvalidGrade as exc:
        raise DomainError(str(exc), field=field) from None


def _content(grade, tags, comment) -> tuple[int, list[str], str]:
    grade = _grade(grade)
    try:
        tags = check_tags(tags, conf.tags())
        check_tags_fit(tags, grade, conf.positive_tags(), conf.negative_tags())
    except InvalidGrade as exc:
        raise DomainError(str(exc), field="tags") from None
    comment = (comment or "").strip()
    if len(comment) > conf.max_comment_chars():
        raise DomainError(f"评价内容不能超过 {conf.max_comment_chars()} 字", field="comment")
    return grade, tags, comment


def snapshot(rating: Rating) -> dict:
    return {"grade": rating.grade, "negative": rating.negative, "tags": list(rating.tags), "comment": rating.comment,
            "channel": rating.channel, "version": rating.version, "excluded": rating.excluded}


def rect_snapshot(rect: Rectification) -> dict:
    return {"status": rect.status, "appeal_status": rect.appeal_status, "version": rect.version,
            "contacted_on": rect.contacted_on, "replied_on": rect.replied_on, "rater_grade": rect.rater_grade}


def _tell_rater(rating: Rating, event: str, subject: str, body: str, link: str = "") -> None:
    applicant = rating.applicant
    user = applicant.user or (rating.rated_by if rating.rated_by and rating.rated_by.kind == User.Kind.APPLICANT
                              else None)
    enqueue(event=f"ratings.{event}", subject=subject, body=body, user=user, email=applicant.email,
            phone=applicant.phone, link=link or f"/ratings/cases/{rating.case_id}/{rating.service}/",
            ref=f"rating:{rating.pk}")


def _tell_unit(department_id: int, event: str, subject: str, body: str, link: str, ref: str,
               roles=(Role.SECTION_HEAD, Role.UNIT_LEADER)) -> None:
    users = User.objects.filter(staff_roles__department_id=department_id, staff_roles__role__in=list(roles),
                                is_active=True).distinct()
    for u in users:
        enqueue(event=f"ratings.{event}", subject=subject, body=body, user=u, link=link, ref=ref,
                channels=["site"])


# ---- rating ------------------------------------------------------------------------------------------------------
def rate(case, *, actor, service: str, grade, tags=None, comment: str = "", channel: str = RatingChannel.PORTAL,
         now: datetime | None = None, by_link: bool = False) -> Rating:
    """Rate one service of a case, once. The applicant (own account or an agent of their enterprise) rates through
    a rater channel; a clerk of the receiving hall or a supervisor records a hotline rating on their behalf, and a
    clerk of the receiving hall records a rating given at the window with `channel` WINDOW (窗口代录).
    `by_link`: the rater holds the invitation's signed link for this case and service (checked by the caller,
    channels.from_token) and has not signed in; `actor` is then the applicant's account, if it has one."""
    now = _now(now)
    today = timezone.localdate(now)
    grade, tags, comment = _content(grade, tags, comment)
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("item_version", "applicant").get(
            pk=getattr(case, "pk", case))
        if by_link or access.is_rater(actor, case):
            if channel not in RATER_CHANNELS:
                raise DomainError("请选择评价渠道（窗口评价器、网上办事大厅、移动端、短信链接或自助终端）", field="channel")
            on_behalf = False
        elif access.may_record_on_behalf(actor, case):
            window = channel == RatingChannel.WINDOW and access.is_hall_clerk(actor, case)
            channel, on_behalf = (RatingChannel.WINDOW if window else RatingChannel.HOTLINE), True
        else:
            raise Forbidden("只有办件的申请人（本人或其企业的经办人）可以评价")
        happened = queries.occasions_for(case)
        if service not in SERVICE_LABELS:
            raise DomainError("请选择评价对象", field="service")
        if service not in happened:
            if service in queries.services_of(case):
                raise Conflict(f"{SERVICE_LABELS[service]}尚未完成，暂不能评价")
            raise DomainError(f"本办件不按“{SERVICE_LABELS[service]}”评价（现场一次一评，网上一事一评）",
                              field="service")
        return _create(case, actor=actor, service=service, service_on=happened[service], grade=grade, tags=tags,
                       comment=comment, channel=channel, on_behalf=on_behalf, now=now, today=today)


def _create(case, *, actor, service, service_on, grade, tags, comment, channel, on_behalf, now, today,
            is_default=False) -> Rating:
    if Rating.objects.filter(case=case, service=service).exists():
        raise Conflict(f"该办件的{SERVICE_LABELS[service]}已评价过，每项服务只能评价一次", code="already_rated")
    rating = Rating(case=case, service=service, applicant=case.applicant, department_id=case.department_id,
                    item_id=case.item_version.item_id, grade=grade, tags=tags, comment=comment, channel=channel,
                    rated_by=actor if getattr(actor, "pk", None) else None, on_behalf=on_behalf,
                    is_default=is_default, service_on=service_on, rated_on=today,
                    editable_until=now + timedelta(hours=conf.edit_grace_hours()),
                    negative=is_negative(grade, conf.negative_grades()))
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        raise Conflict(f"该办件的{SERVICE_LABELS[service]}已评价过，每项服务只能评价一次",
                       code="already_rated") from None
    invitations.answered(rating)
    record(actor=actor, action="rating.rate", target=rating, after=snapshot(rating),
           role="system" if is_default else ("on_behalf" if on_behalf else "applicant"),
           data={"case": case.pk, "service": service, "channel": channel, "default": is_default})
    if rating.negative:
        _open_rectification(rating, actor=actor, today=today)
    return rating


def edit(rating, *, actor, expected_version: int, grade, tags=None, comment: str = "",
         now: datetime | None = None) -> Rating:
    """Change a rating within the grace period (its rater only). A rating that becomes negative opens a
    rectification; one that stops being negative withdraws its rectification."""
    now = _now(now)
    today = timezone.localdate(now)
    grade, tags, comment = _content(grade, tags, comment)
    with transaction.atomic():
        rating = Rating.objects.select_for_update(of=("self",)).select_related("case").get(
            pk=getattr(rating, "pk", rating))
        if rating.is_default:
            raise Conflict("逾期默认评价不能修改")
        own = (access.is_rater(actor, rating.case) and not rating.on_behalf) or (
            rating.on_behalf and rating.rated_by_id == getattr(actor, "pk", None))
        if not own:
            raise Forbidden("只有评价人可以修改评价")
        if rating.version != int(expected_version):
            raise Conflict("评价已被更新，请刷新后重试", code="stale_version", extra={"version": rating.version})
        if now > rating.editable_until:
            raise Conflict(f"评价提交已超过 {conf.edit_grace_hours()} 小时，不能再修改", code="grace_period_over")
        before = snapshot(rating)
        was_negative = rating.negative
        rating.grade, rating.tags, rating.comment = grade, tags, comment
        rating.negative = is_negative(grade, conf.negative_grades())
        rating.version += 1
        rating.save()
        record(actor=actor, action="rating.edit", target=rating, before=before, after=snapshot(rating),
               role="applicant")
        rect = Rectification.objects.select_for_update().filter(rating=rating).first()
        if rating.negative and rect is None:
            _open_rectification(rating, actor=actor, today=today)
        elif rating.negative and rect and rect.status == Rectification.Status.WITHDRAWN:
            _reopen(rect, actor=actor, today=today)
        elif not rating.negative and was_negative and rect and rect.status not in (
                Rectification.Status.EXCLUDED, Rectification.Status.WITHDRAWN):
            rb = rect_snapshot(rect)
            rect.status = Rectification.Status.WITHDRAWN
            rect.version += 1
            rect.save()
            record(actor=actor, action="rating.rectification.withdraw", target=rect, before=rb,
                   after=rect_snapshot(rect), role="applicant", data={"reason": "评价人已改评"})
        return rating


def _dues(today: date, cal=None) -> tuple[date, date, bool]:
    """(follow-up due, reply due, provisional: the reply due date runs into an unannounced calendar year)."""
    cal = cal or _calendar()
    reply = cal.add_working_days_answer(today, conf.reply_days())
    return cal.add_working_days(today, conf.follow_up_days()), reply.value, reply.provisional


def _open_rectification(rating: Rating, *, actor, today: date) -> Rectification:
    follow_up_due, reply_due, provisional = _dues(today)
    rect = Rectification.objects.create(rating=rating, department_id=rating.department_id, opened_on=today,
                                        follow_up_due=follow_up_due, reply_due=reply_due,
                                        due_provisional=provisional)
    record(actor=actor, action="rating.rectification.open", target=rect, after=rect_snapshot(rect),
           role="system", data={"rating": rating.pk, "follow_up_due": follow_up_due, "reply_due": reply_due})
    _tell_unit(rating.department_id, "negative", "收到差评，请及时回访整改",
               f"“{rating.item.name}”的{SERVICE_LABELS[rating.service]}收到“{GRADE_LABELS[rating.grade]}”评价。"
               f"请于 {follow_up_due:%Y-%m-%d} 前回访评价人，{reply_due:%Y-%m-%d} 前完成整改并回复。",
               link=f"/ratings/rectifications/{rect.pk}/", ref=f"rectification:{rect.pk}",
               roles=(Role.REVIEWER, Role.SECTION_HEAD, Role.UNIT_LEADER))
    if not rating.is_default:
        _tell_rater(rating, "negative_received", "您的评价已转办理部门整改",
                    f"您对“{rating.item.name}”的评价已转{rating.department.name}办理：该部门将于 "
                    f"{follow_up_due:%Y-%m-%d} 前与您联系，{reply_due:%Y-%m-%d} 前回复整改情况。")
    return rect


def _reopen(rect: Rectification, *, actor, today: date) -> None:
    before = rect_snapshot(rect)
    rect.follow_up_due, rect.reply_due, rect.due_provisional = _dues(today)
    rect.opened_on, rect.status = today, Rectification.Status.OPEN
    rect.contacted_on = rect.replied_on = None
    rect.version += 1
    rect.save()
    record(actor=actor, action="rating.rectification.reopen", target=rect, before=before, after=rect_snapshot(rect),
           role="applicant")


# ---- rectification -----------------------------------------------------------------------------------------------
def _lock_rect(rect, expected_version: int | None) -> Rectification:
    rect = Rectification.objects.select_for_update(of=("self",)).select_related("rating", "rating__case",
                                                                                "rating__item").get(
        pk=getattr(rect, "pk", rect))
    if expected_version is not None and rect.version != int(expected_version):
        raise Conflict("整改记录已被他人更新，请刷新后重试", code="stale_version",
                       extra={"status": rect.status, "version": rect.version})
    return rect


def _require_unit(rect: Rectification, actor, roles=None, message="只有办理部门（谁办理、谁负责）的工作人员可以办理整改"):
    if not access.in_unit(actor, rect.department_id, roles):
        raise Forbidden(message)


def follow_up(rect, *, actor, expected_version: int, method: str, note: str, today: date | None = None):
    """回访: the unit contacted the rater (due within the follow-up period, in working days)."""
    today = today or timezone.localdate()
    method = _text(method, "method", "请填写回访方式（如电话、上门）", 30)
    note = _text(note, "note", "请填写回访情况")
    with transaction.atomic():
        rect = _lock_rect(rect, expected_version)
        _require_unit(rect, actor)
        if rect.status != Rectification.Status.OPEN:
            raise Conflict(f"整改记录当前为“{rect.get_status_display()}”，不能登记回访")
        before = rect_snapshot(rect)
        rect.status, rect.contacted_on, rect.contacted_by = Rectification.Status.CONTACTED, today, actor
        rect.contact_method, rect.contact_note = method, note
        rect.version += 1
        rect.save()
        record(actor=actor, action="rating.rectification.follow_up", target=rect, before=before,
               after=rect_snapshot(rect), data={"method": method, "on_time": rect.followed_up_on_time})
        return rect


def reply(rect, *, actor, expected_version: int, verification: str, measures: str, reply_text: str,
          today: date | None = None):
    """核实、整改并回复评价人 (due within the reply period)."""
    today = today or timezone.localdate()
    verification = _text(verification, "verification", "请填写核实情况")
    measures = _text(measures, "measures", "请填写整改措施")
    reply_text = _text(reply_text, "reply", "请填写给评价人的回复")
    with transaction.atomic():
        rect = _lock_rect(rect, expected_version)
        _require_unit(rect, actor)
        if rect.status == Rectification.Status.OPEN:
            raise Conflict("请先回访评价人，再回复整改情况")
        if rect.status != Rectification.Status.CONTACTED:
            raise Conflict(f"整改记录当前为“{rect.get_status_display()}”，不能回复")
        before = rect_snapshot(rect)
        rect.status, rect.replied_on, rect.replied_by = Rectification.Status.REPLIED, today, actor
        rect.verification, rect.measures, rect.reply = verification, measures, reply_text
        rect.version += 1
        rect.save()
        record(actor=actor, action="rating.rectification.reply", target=rect, before=before,
               after=rect_snapshot(rect), data={"on_time": rect.replied_on_time})
        rating = rect.rating
        _tell_rater(rating, "rectification_replied", "您的评价已有整改回复",
                    f"{rect.department.name}对您就“{rating.item.name}”的评价作出回复：{reply_text}"
                    "。欢迎您对整改情况进行评价。")
        return rect


def rate_rectification(rect, *, actor, grade, comment: str = "", now: datetime | None = None):
    """The rater rates the rectification, once, after the reply."""
    now = _now(now)
    grade = _grade(grade)
    comment = (comment or "").strip()[: conf.max_comment_chars()]
    with transaction.atomic():
        rect = _lock_rect(rect, None)
        if not access.is_rater(actor, rect.rating.case):
            raise Forbidden("只有评价人可以评价整改情况")
        if rect.status != Rectification.Status.REPLIED:
            raise Conflict("整改尚未回复，暂不能评价整改情况")
        if rect.rater_grade is not None:
            raise Conflict("您已评价过整改情况", code="already_rated")
        before = rect_snapshot(rect)
        rect.rater_grade, rect.rater_comment, rect.rater_rated_at = grade, comment, now
        rect.version += 1
        rect.save()
        record(actor=actor, action="rating.rectification.rate", target=rect, before=before,
               after=rect_snapshot(rect), role="applicant", data={"grade": grade})
        return rect


def appeal(rect, *, actor, expected_version: int, ground: str, reason: str, today: date | None = None):
    """The unit (its section head or leader) appeals an unfounded or malicious negative rating; it stays counted
    until a supervisor upholds the appeal."""
    today = today or timezone.localdate()
    if ground not in Rectification.AppealGround.values:
        raise DomainError("请选择申诉类别（不实评价或恶意评价）", field="ground")
    reason = _text(reason, "reason", "请写明申诉理由和依据")
    with transaction.atomic():
        rect = _lock_rect(rect, expected_version)
        _require_unit(rect, actor, access.UNIT_APPEAL_ROLES, "只有办理部门的科室负责人或单位负责人可以提出申诉")
        if rect.appeal_status:
            raise Conflict(f"该差评已申诉（{rect.get_appeal_status_display()}），不能再次申诉")
        if rect.status in (Rectification.Status.EXCLUDED, Rectification.Status.WITHDRAWN):
            raise Conflict(f"整改记录当前为“{rect.get_status_display()}”，不能申诉")
        before = rect_snapshot(rect)
        rect.appeal_status, rect.appeal_ground, rect.appeal_reason = Rectification.Appeal.PENDING, ground, reason
        rect.appealed_on, rect.appealed_by = today, actor
        rect.version += 1
        rect.save()
        record(actor=actor, action="rating.rectification.appeal", target=rect, before=before,
               after=rect_snapshot(rect), data={"ground": ground, "reason": reason})
        for u in User.objects.filter(staff_roles__role=Role.SUPERVISOR, is_active=True).distinct():
            enqueue(event="ratings.appeal", subject="差评申诉待审核",
                    body=f"{rect.department.name}对一条差评提出申诉：{reason}", user=u,
                    link=f"/ratings/rectifications/{rect.pk}/", ref=f"rectification:{rect.pk}", channels=["site"])
        return rect


def review(rect, *, actor, expected_version: int, uphold: bool, reason: str, today: date | None = None):
    """A supervisor reviews the appeal: upheld, the rating is excluded (reason kept); rejected, it stays counted
    and the rectification goes on."""
    today = today or timezone.localdate()
    reason = _text(reason, "reason", "请填写审核意见")
    with transaction.atomic():
        rect = _lock_rect(rect, expected_version)
        if not access.is_supervisor(actor):
            raise Forbidden("只有效能监察人员可以审核申诉")
        if rect.appeal_status != Rectification.Appeal.PENDING:
            raise Conflict("没有待审核的申诉")
        before = rect_snapshot(rect)
        rect.review_reason, rect.reviewed_on, rect.reviewed_by = reason, today, actor
        rect.appeal_status = Rectification.Appeal.UPHELD if uphold else Rectification.Appeal.REJECTED
        if uphold:
            rect.status = Rectification.Status.EXCLUDED
            rating = Rating.objects.select_for_update().get(pk=rect.rating_id)
            rb = snapshot(rating)
            rating.excluded = True
            rating.excluded_reason = (f"{rect.get_appeal_ground_display()}：{rect.appeal_reason}"
                                      f"（审核意见：{reason}）")
            rating.version += 1
            rating.save()
            record(actor=actor, action="rating.exclude", target=rating, before=rb, after=snapshot(rating),
                   role=Role.SUPERVISOR, data={"reason": rating.excluded_reason})
            _tell_rater(rating, "excluded", "您的评价经审核不计入统计",
                        f"您对“{rect.rating.item.name}”的评价经办理部门申诉、效能监察人员审核，认定为"
                        f"{rect.get_appeal_ground_display()}，不计入统计。审核意见：{reason}")
        rect.version += 1
        rect.save()
        record(actor=actor, action="rating.rectification.review", target=rect, before=before,
               after=rect_snapshot(rect), role=Role.SUPERVISOR, data={"uphold": uphold, "reason": reason})
        _tell_unit(rect.department_id, "appeal_reviewed", "差评申诉审核结果",
                   f"申诉{'成立，该评价不计入统计' if uphold else '不成立，请继续整改'}。审核意见：{reason}",
                   link=f"/ratings/rectifications/{rect.pk}/", ref=f"rectification:{rect.pk}")
        return rect


# ---- local option: default grade --------------------------------------------------------------------------------
def apply_default_ratings(today: date | None = None) -> list[Rating]:
    """Local option (off by default): a service not rated within N days of happening gets the default grade
    (非常满意), channel "system", marked as a default rating."""
    today = today or timezone.localdate()
    if not conf.default_rating_enabled():
        return []
    cutoff = today - timedelta(days=conf.default_rating_days() + 1)  # the N days after the service have passed
    from django.db.models import Q

    candidates = (Case.objects.filter(Q(accepted_on__lte=cutoff) | Q(delivered_on__lte=cutoff)
                                      | Q(decided_on__lte=cutoff) | Q(stopped_on__lte=cutoff))
                  .select_related("item_version").order_by("pk"))
    made = []
    now = timezone.now()
    for case in candidates.iterator():
        rated = set(case.ratings.values_list("service", flat=True))
        for service, day in queries.occasions_for(case).items():
            if service in rated or day > cutoff:
                continue
            with transaction.atomic():
                try:
                    made.append(_create(case, actor=None, service=service, service_on=day,
                                        grade=conf.default_grade(), tags=[], comment="",
                                        channel=RatingChannel.SYSTEM, on_behalf=False, now=now, today=today,
                                        is_default=True))
                except Conflict:
                    continue
    return made


def recompute_due_dates(years: set[int] | None = None) -> int:
    """After a calendar year was loaded: the due dates of open rectifications counted again from the day they were
    opened, and their provisional mark set or cleared (RULES.md: every due date in such a year). Audited."""
    qs = Rectification.objects.filter(status__in=[Rectification.Status.OPEN, Rectification.Status.CONTACTED])
    if years:
        qs = qs.filter(Q(due_provisional=True) | Q(reply_due__year__gte=min(years), opened_on__year__lte=max(years)))
    cal, changed = _calendar(), 0
    for pk in list(qs.values_list("pk", flat=True)):
        with transaction.atomic():
            rect = Rectification.objects.select_for_update().get(pk=pk)
            before = (rect.follow_up_due, rect.reply_due, rect.due_provisional)
            after = _dues(rect.opened_on, cal)
            if after != before:
                rect.follow_up_due, rect.reply_due, rect.due_provisional = after
                rect.save(update_fields=["follow_up_due", "reply_due", "due_provisional", "updated_at"])
                record(actor=None, action="rating.rectification.due_recomputed", target=rect,
                       before={"follow_up_due": before[0], "reply_due": before[1], "provisional": before[2]},
                       after={"follow_up_due": after[0], "reply_due": after[1], "provisional": after[2]},
                       role="system", data={"years": sorted(years or [])})
                changed += 1
    return changed


def on_calendar_changed(sender, years=None, **kwargs) -> None:
    recompute_due_dates(set(years or ()))
