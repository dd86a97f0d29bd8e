"""The portal's read side: what a draft asks for, what a case asks of the applicant now, the hall's slots and the
day's appointments (no state changes)."""
from __future__ import annotations

from datetime import date

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from yiwang.catalog.domain import terms
from yiwang.catalog.domain.bundles import merge_form_fields
from yiwang.org.models import Hall, Window
from yiwang.org.scoping import scope_of

from .. import queries as case_queries
from ..services import credit_gate
from ..domain import lifecycle as lc
from ..models import Appointment, ApplicationDraft, BundleCase, Case, CaseMaterial
from . import conf
from . import prefill as pf
from . import slots as sl


# ---- drafts ---------------------------------------------------------------------------------------------------------
def _commitment_ok(version) -> bool:
    return bool(version.commitment_allowed) and not version.risk_domain


def draft_materials(draft: ApplicationDraft) -> list[dict]:
    """The materials the draft's form asks for, one row each (a bundle's shared materials once), keyed as the
    submit services expect them: the material id for an item, the merged material key for a bundle."""
    rows = []
    if draft.item_version_id:
        version = draft.item_version
        for m in version.materials.all():
            rows.append({"key": str(m.pk), "name": m.name, "required": m.requirement == m.Requirement.REQUIRED,
                         "condition": m.condition, "exempt": m.exempt_by_sharing, "source": m.sharing_source,
                         "is_key": m.is_key, "deferrable": m.deferrable, "note": m.note,
                         "commitment": m.commitment_replaceable and _commitment_ok(version), "items": []})
    else:
        from ..services.bundles import bundle_materials

        for key, ms in bundle_materials(draft.bundle).items():
            first = ms[0]
            rows.append({
                "key": key, "name": first.name,
                "required": any(m.requirement == m.Requirement.REQUIRED for m in ms),
                "condition": first.condition, "exempt": all(m.exempt_by_sharing for m in ms),
                "source": first.sharing_source, "is_key": any(m.is_key for m in ms),
                "deferrable": all(m.deferrable for m in ms) and not any(m.is_key for m in ms), "note": first.note,
                "commitment": all(m.commitment_replaceable and _commitment_ok(m.version) for m in ms),
                "items": sorted({m.version.name for m in ms}),
            })
    for i, row in enumerate(rows):
        row["tags"] = terms.tags(required=row["required"], is_key=row["is_key"], deferrable=row["deferrable"],
                                 commitment=row["commitment"], exempt=row["exempt"])
        row["index"] = i
        row["file"] = draft.files.get(row["key"])
        row["committed"] = row["key"] in draft.commitments
    return rows


def draft_form_fields(draft: ApplicationDraft) -> list[str]:
    if draft.item_version_id:
        return draft.item_version.form_field_list
    versions = [bi.item.current_version for bi in draft.bundle.bundle_items.select_related("item__current_version")
                .order_by("order", "id") if bi.item.current_version_id]
    return merge_form_fields(v.form_field_list for v in versions)


def known_facts(applicant, user) -> dict[str, str]:
    agent = user if applicant.user_id != user.pk else None
    return pf.facts_of(
        kind=applicant.kind, name=applicant.name, id_number=applicant.id_number, phone=applicant.phone,
        email=applicant.email, address=applicant.address, legal_representative=applicant.legal_representative,
        registered_capital=applicant.registered_capital, business_scope=applicant.business_scope,
        agent_name=(agent.display_name or agent.username) if agent else "", agent_phone=agent.phone if agent else "")


def draft_form(draft: ApplicationDraft, posted: dict | None = None) -> list[dict]:
    """The form rows: prefilled from the register and the account, with the saved (or just posted) answers."""
    saved = posted if posted is not None else draft.form_data
    return pf.prefill(draft_form_fields(draft), known_facts(draft.applicant, draft.user), saved)


def missing_materials(draft: ApplicationDraft) -> list[str]:
    """Required materials neither uploaded, committed nor replaced by shared data (the case would need a
    supplement notice)."""
    return [m["name"] for m in draft_materials(draft)
            if m["required"] and not m["exempt"] and not m["file"] and not m["committed"]]


def open_drafts(user) -> QuerySet[ApplicationDraft]:
    return (ApplicationDraft.objects.filter(user=user, status=ApplicationDraft.Status.OPEN)
            .select_related("item_version", "bundle", "applicant"))


# ---- my cases -----------------------------------------------------------------------------------------------------
def my_cases(user) -> QuerySet[Case]:
    """The cases of the applicants this user is or acts for (not staff scopes: the portal is the applicant's)."""
    ids = scope_of(user).applicant_ids
    return (Case.objects.filter(applicant_id__in=ids).select_related("item_version", "applicant", "bundle_case")
            .order_by("-created_at", "-id"))


def my_bundle_cases(user) -> QuerySet[BundleCase]:
    return (BundleCase.objects.filter(applicant_id__in=scope_of(user).applicant_ids)
            .select_related("bundle", "applicant").order_by("-created_at", "-id"))


def asked_of_me(case: Case, user) -> dict:
    """What the applicant is asked to do now: answer a supplement notice, supply deferred materials; and what
    they may do: withdraw, choose delivery."""
    allowed = case_queries.actions_allowed(case, user)
    notice = case.notices.order_by("-number").first() if case.state == lc.State.SUPPLEMENTING else None
    rows = {cm.material_id: cm for cm in case.materials.select_related("material")}
    supplement = []
    if notice and lc.Action.SUPPLEMENT in allowed:
        for it in notice.items:
            cm = rows.get(it["material"])
            m = cm.material if cm else None
            supplement.append({"key": it["material"], "name": it["name"], "problem": it["problem"],
                               "commitment": bool(m and m.commitment_replaceable and _commitment_ok(case.item_version)
                                                  and credit_gate.lenient(case.applicant).lenient_allowed)})
    deferred = []
    if lc.Action.SUPPLY_DEFERRED in allowed:
        deferred = [{"key": cm.material_id, "name": cm.material.name}
                    for cm in rows.values() if cm.status == CaseMaterial.Status.DEFERRED]
    return {
        "notice": notice, "supplement": supplement, "deferred": deferred, "deferral_due": case.deferral_due,
        "commitment": case.commitment_signed, "post_check": getattr(case, "post_check", None) if case.commitment_signed
        else None,
        "withdraw": lc.Action.WITHDRAW in allowed,
        "delivery": not case.bundle_case_id and lc.State(case.state) in (lc.OPEN | lc.DECIDED),
        "needs_action": bool(supplement or deferred),
    }


def licences_for(case: Case) -> list:
    """The e-licences issued on this case, when the licences app is installed (looked up through the app
    registry: licences sit on a higher floor and cases do not import them)."""
    try:
        Licence = apps.get_model("licences", "Licence")
    except LookupError:
        return []
    fields = {f.name for f in Licence._meta.get_fields()}
    if "case_ref" in fields:
        return list(Licence.objects.filter(case_ref=case.pk))
    if "case" in fields:
        return list(Licence.objects.filter(case=case))
    return []


# ---- appointments ---------------------------------------------------------------------------------------------------
def windows_for(hall: Hall, item_version) -> QuerySet[Window]:
    """The hall's active windows that take this item: the item's own windows in this hall if it names any, else
    the comprehensive windows and the dedicated windows of the item's department."""
    qs = Window.objects.filter(hall=hall, is_active=True)
    own = qs.filter(pk__in=item_version.windows.values("pk"))
    if own.exists():
        return own.order_by("number", "pk")
    dept = item_version.item.department_id
    return qs.filter(Q(kind=Window.Kind.COMPREHENSIVE) | Q(kind=Window.Kind.DEDICATED, departments=dept)) \
        .distinct().order_by("number", "pk")


def halls_for(item_version) -> QuerySet[Hall]:
    halls = item_version.halls.all()
    return (halls if halls.exists() else Hall.objects.all()).order_by("code")


def is_open(hall: Hall, day: date) -> bool:
    from ..services.common import calendar

    try:
        working = calendar().is_working_day(day)
    except Exception:  # a day the calendar does not cover yet: not bookable
        return False
    return sl.hall_open(working_day=working, open_on_holidays=hall.open_on_holidays)


def hall_slots(hall: Hall, day: date, *, today: date | None = None) -> list[sl.Slot]:
    """The slots of `day` at `hall`, or none if the day is outside the booking range or the hall is closed."""
    from ..services.common import calendar

    today = today or timezone.localdate()
    if day not in sl.bookable_days(today, conf.days_ahead()) or not is_open(hall, day):
        return []
    working = calendar().is_working_day(day)
    return sl.day_slots(sl.hours_for(working_day=working, opening_hours=hall.opening_hours,
                                     holiday_hours=hall.holiday_hours), conf.slot_minutes())


def open_days(hall: Hall, *, today: date | None = None) -> list[date]:
    today = today or timezone.localdate()
    return [d for d in sl.bookable_days(today, conf.days_ahead()) if is_open(hall, d)]


def slot_availability(hall: Hall, item_version, day: date, *, today: date | None = None) -> list[dict]:
    """Each slot of the day with the seats left over the windows that take the item."""
    slots = hall_slots(hall, day, today=today)
    windows = list(windows_for(hall, item_version).values_list("pk", flat=True))
    capacity = len(windows) * conf.seats_per_window()
    booked = dict(Appointment.objects.filter(window_id__in=windows, day=day, status=Appointment.Status.BOOKED)
                  .values("start").annotate(n=Count("pk")).values_list("start", "n"))
    return [{"slot": s, "key": s.key, "label": s.label, "left": max(capacity - booked.get(s.start, 0), 0)}
            for s in slots]


def appointments_for(hall: Hall, day: date) -> QuerySet[Appointment]:
    """The day's booked appointments at a hall, in time order (for the window clerks)."""
    return (Appointment.objects.filter(hall=hall, day=day, status=Appointment.Status.BOOKED)
            .select_related("applicant", "item_version", "window", "user").order_by("start", "window__number", "seat"))


def my_appointments(user) -> QuerySet[Appointment]:
    return (Appointment.objects.filter(applicant_id__in=scope_of(user).applicant_ids)
            .select_related("hall", "window", "item_version", "applicant").order_by("-day", "-start"))
