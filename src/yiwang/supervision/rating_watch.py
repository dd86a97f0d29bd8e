"""Warnings over overdue rectifications (差评整改): a negative rating's follow-up (回访, within
`RATINGS_FOLLOW_UP_DAYS`, 1 working day) and its reply (整改回复, within `RATINGS_REPLY_DAYS`, 15 working days), the due
dates the ratings app set when it opened the rectification (ratings.services._dues). Levels as for case limits
(domain.levels.level_for over the working days left: yellow within the warning threshold, red once past).

Stored like the demands loop's warnings (one Warning per (rectification, kind)), kept current by the hourly warnings
task, shown live on the board through the board's source registry (board.register_source), listed by the API's
warnings, and turned into supervision orders (督办) to the responsible unit through services.issue_order. Supervision
reads ratings (same floor, as figures.py does); ratings knows nothing of supervision."""
from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from yiwang.audit.services import record
from yiwang.org.models import Role, User
from yiwang.ratings import conf as ratings_conf
from yiwang.ratings.models import Rectification

from . import conf
from .domain.levels import LEVEL_LABELS, Level, level_for
from .models import Warning, WarningKind
from .services import SYSTEM, _tell
from .watch import calendar, days_left

FOLLOW_UP_STATES = [Rectification.Status.OPEN]
REPLY_STATES = [Rectification.Status.OPEN, Rectification.Status.CONTACTED]


def candidates(qs: QuerySet[Rectification] | None = None) -> QuerySet[Rectification]:
    qs = Rectification.objects.all() if qs is None else qs
    return qs.filter(status__in=REPLY_STATES)


def _remaining(cal, today: date, due: date) -> int | None:
    if not (cal.covers(today) and cal.covers(due)):
        return None if due >= today else -1  # outside the calendar: only "past it" is certain
    return days_left(cal, today, due)


def findings(today: date, qs: QuerySet[Rectification] | None = None) -> dict[tuple[int, str], dict]:
    """(rectification id, kind) → the warning it raises today (level yellow or red only)."""
    cal, wd, ws = calendar(), conf.warn_days(), conf.warn_share()
    out: dict[tuple[int, str], dict] = {}
    for rect in candidates(qs).select_related("rating__item", "rating__case", "department"):
        checks = [(WarningKind.RECT_REPLY, rect.reply_due, ratings_conf.reply_days(), "整改并回复评价人")]
        if rect.status in FOLLOW_UP_STATES:
            checks.insert(0, (WarningKind.RECT_FOLLOW_UP, rect.follow_up_due, ratings_conf.follow_up_days(),
                              "回访评价人"))
        for kind, due, limit, what in checks:
            remaining = _remaining(cal, today, due)
            level = level_for(remaining, limit, warn_days=wd, warn_share=ws)
            if level == Level.NONE:
                continue
            r = rect.rating
            when = "已逾期" if level == Level.RED else f"剩余{remaining}个工作日"
            out[(rect.pk, kind)] = {
                "rectification": rect, "kind": kind, "level": level.value, "due_on": due, "remaining": remaining,
                "detail": (f"“{r.item.name}”{r.case.number or ''}差评（{r.get_grade_display()}，{r.rated_on:%m月%d日}）"
                           f"应于{due:%m月%d日}前{what}，{when}")[:300],
            }
    return out


def _recipients(department_id) -> list[int]:
    return list(User.objects.filter(staff_roles__department_id=department_id, staff_roles__role__in=[
        Role.REVIEWER, Role.SECTION_HEAD, Role.UNIT_LEADER]).values_list("pk", flat=True).distinct())


def sync(today: date | None = None, rectifications: QuerySet[Rectification] | None = None,
         notify: bool = True) -> dict:
    """Upsert the rectification warnings; clear those whose rectification was followed up, replied, excluded or
    withdrawn (with `rectifications` given: only theirs). Idempotent; audited; the unit told once per level."""
    today = today or timezone.localdate()
    found = findings(today, rectifications)
    stats = {"raised": 0, "changed": 0, "cleared": 0}
    with transaction.atomic():
        active = Warning.objects.select_for_update().filter(rectification__isnull=False, active=True)
        if rectifications is not None:
            active = active.filter(rectification__in=rectifications)
        existing = {(w.rectification_id, w.kind): w for w in active}
        for key, f in found.items():
            w = existing.pop(key, None) or Warning.objects.filter(rectification_id=key[0], kind=key[1]).first()
            rect = f["rectification"]
            if w is None:
                w = Warning(rectification=rect, kind=f["kind"], department_id=rect.department_id,
                            first_seen_on=today, level_since=today, level=f["level"])
                stats["raised"] += 1
            elif w.level != f["level"] or not w.active:
                w.level_since = today
                stats["changed"] += 1
            elif (w.due_on, w.remaining_days, w.detail) == (f["due_on"], f["remaining"], f["detail"]):
                continue
            changed = w.pk is None or w.level != f["level"] or not w.active
            w.level, w.due_on, w.remaining_days, w.detail = f["level"], f["due_on"], f["remaining"], f["detail"]
            w.active, w.cleared_on, w.department_id = True, None, rect.department_id
            w.save()
            if changed:
                record(actor=None, action="supervision.warning.raise", target=w, after={"level": w.level},
                       role=SYSTEM, data={"rectification": rect.pk, "kind": w.kind})
            if notify and w.notified_level != w.level:
                _tell(_recipients(w.department_id), event=f"supervision.warning.{w.level}",
                      subject=f"【{LEVEL_LABELS[Level(w.level)]}】{WarningKind(w.kind).label}",
                      body=f"{w.detail}。", link=f"/ratings/rectifications/{rect.pk}/", ref=f"warning:{w.pk}")
                w.notified_level = w.level
                w.save(update_fields=["notified_level"])
        for w in existing.values():
            w.active, w.cleared_on, w.notified_level = False, today, "none"
            w.save(update_fields=["active", "cleared_on", "notified_level", "updated_at"])
            record(actor=None, action="supervision.warning.clear", target=w, role=SYSTEM,
                   data={"rectification": w.rectification_id, "kind": w.kind})
            stats["cleared"] += 1
    return stats


def rows(scope, today: date) -> list[dict]:
    """The board's rows (board source "ratings"): evaluated live, so a follow-up or reply entered since the last
    hourly run is seen at once; `warning_id` is the stored warning a supervision order is issued from (None until
    the task stored it: the board's order form then names the rectification and the kind)."""
    qs = scope.filter(Rectification.objects.all())
    stored = {(w.rectification_id, w.kind): w.pk for w in
              scope.filter(Warning.objects.filter(rectification__in=candidates(qs), active=True))}
    out = []
    for (rect_id, kind), f in findings(today, qs).items():
        rect = f["rectification"]
        out.append({
            "title": f"{rect.rating.item.name} · {rect.rating.case.number or rect.rating.case_id}",
            "link": f"/ratings/rectifications/{rect_id}/", "department": rect.department.name,
            "department_id": rect.department_id, "level": f["level"], "due_on": f["due_on"], "detail": f["detail"],
            "source_label": str(WarningKind(kind).label), "warning_id": stored.get((rect_id, kind)),
            "rectification_id": rect_id, "kind": kind,
        })
    return out


def stored_warning(rectification_id: int, kind: str) -> Warning | None:
    """The active stored warning for (rectification, kind), stored now if the board saw it live before the task."""
    w = Warning.objects.filter(rectification_id=rectification_id, kind=kind, active=True).first()
    if w is None:
        sync(rectifications=Rectification.objects.filter(pk=rectification_id))
        w = Warning.objects.filter(rectification_id=rectification_id, kind=kind, active=True).first()
    return w
