"""The portal's state changes: drafts of online applications (save, upload, submit), the applicant's delivery
choice, and on-site appointments (book, cancel). Each in a transaction, each audited; case state changes go
through yiwang.cases.services."""
from __future__ import annotations

import secrets
import uuid
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.services import record
from yiwang.catalog.models import Bundle, ItemVersion, ServiceItem
from yiwang.org.models import Window
from yiwang.org.scoping import scope_of

from .. import services as case_services
from ..domain import lifecycle as lc
from ..models import (
    Appointment, ApplicationDraft, Blob, BundleCase, Case, DeliveryChoice, DeliveryMethod,
)
from ..services.files import Upload
from . import conf, queries
from . import prefill as pf


def _check_applicant(user, applicant) -> None:
    if user is None or not user.is_authenticated or user.kind != user.Kind.APPLICANT:
        raise DomainError("请以申请人账号登录后办理", field="applicant")
    if applicant.pk not in scope_of(user).applicant_ids:
        raise DomainError("您不能以该申请人的名义办理", field="applicant")


def _check_item(version: ItemVersion) -> None:
    item = version.item
    if (version.state != ItemVersion.State.PUBLISHED or item.status != ServiceItem.Status.ACTIVE
            or item.current_version_id != version.pk):
        raise DomainError("该事项当前不可申请（未发布、已暂停或不是现行版本）", field="item_version")


def _lock_draft(draft, user, expected_version: int | None = None) -> ApplicationDraft:
    draft = ApplicationDraft.objects.select_for_update().get(pk=getattr(draft, "pk", draft))
    if draft.user_id != user.pk:
        raise DomainError("这不是您的申请草稿", field="draft")
    if expected_version is not None and draft.version != int(expected_version):
        raise Conflict("草稿已在其他页面更新，请刷新后再改", code="stale_version", extra={"version": draft.version})
    return draft


def _draft_snapshot(d: ApplicationDraft) -> dict:
    return {"status": d.status, "version": d.version, "files": sorted(d.files), "commitments": list(d.commitments),
            "delivery_method": d.delivery_method}


# ---- drafts --------------------------------------------------------------------------------------------------------
def open_draft(*, user, applicant, item_version: ItemVersion | None = None, bundle: Bundle | None = None
               ) -> ApplicationDraft:
    """The open draft of `user` for this applicant and item (or bundle), created on first use."""
    _check_applicant(user, applicant)
    if (item_version is None) == (bundle is None):
        raise DomainError("请选择一个事项或一件事", field="item_version")
    if item_version is not None:
        _check_item(item_version)
    elif bundle.status != Bundle.Status.ACTIVE:
        raise DomainError("该“一件事”当前不可申请", field="bundle")
    target = {"item_version": item_version} if item_version is not None else {"bundle": bundle}
    existing = ApplicationDraft.objects.filter(user=user, applicant=applicant, status=ApplicationDraft.Status.OPEN,
                                               **target).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            draft = ApplicationDraft.objects.create(user=user, applicant=applicant,
                                                    idempotency_key=uuid.uuid4().hex, **target)
            record(actor=user, action="portal.draft.open", target=draft, after=_draft_snapshot(draft),
                   role=lc.APPLICANT, data={"item_version": getattr(item_version, "pk", None),
                                            "bundle": getattr(bundle, "pk", None)})
            return draft
    except IntegrityError:  # opened at the same moment in another tab
        return ApplicationDraft.objects.get(user=user, applicant=applicant, status=ApplicationDraft.Status.OPEN,
                                            **target)


def save_draft(draft, *, user, expected_version: int, form_data: dict, commitments=(), commitment_signed=False,
               delivery_method: str = "", delivery_address: str = "") -> ApplicationDraft:
    """Keep what the applicant has typed so far (no completeness check: a draft may be half done)."""
    with transaction.atomic():
        draft = _lock_draft(draft, user, expected_version)
        if draft.status != ApplicationDraft.Status.OPEN:
            raise Conflict("该申请已提交，不能再修改草稿", extra={"case": draft.case_id})
        keys = {m["key"] for m in queries.draft_materials(draft) if m["commitment"]}
        commitments = [str(c) for c in commitments if str(c) in keys and str(c) not in draft.files]
        if delivery_method and delivery_method not in DeliveryMethod.values:
            raise DomainError("请选择出件方式（窗口领取、免费邮寄或电子送达）", field="delivery_method")
        before = _draft_snapshot(draft)
        fields = queries.draft_form_fields(draft)
        draft.form_data = {f: str(form_data.get(f, "") or "").strip()[:500] for f in fields}
        draft.commitments = commitments
        draft.commitment_signed = bool(commitment_signed)
        draft.delivery_method = delivery_method or ""
        draft.delivery_address = (delivery_address or "").strip()[:300]
        draft.version += 1
        draft.save()
        record(actor=user, action="portal.draft.save", target=draft, before=before, after=_draft_snapshot(draft),
               role=lc.APPLICANT)
        return draft


def attach_file(draft, *, user, key: str, upload) -> ApplicationDraft:
    """Store one uploaded material of the draft (checked for size and type; the same file is stored once).
    A failed upload leaves everything already saved as it was."""
    upload = Upload.of(upload)
    with transaction.atomic():
        draft = _lock_draft(draft, user)
        if draft.status != ApplicationDraft.Status.OPEN:
            raise Conflict("该申请已提交，不能再上传草稿材料", extra={"case": draft.case_id})
        row = next((m for m in queries.draft_materials(draft) if m["key"] == key), None)
        if row is None:
            raise DomainError("该材料不属于本申请", field="files")
        blob = case_services.store_blob(upload, field=f"files.{key}")
        before = _draft_snapshot(draft)
        draft.files = {**draft.files, key: {"blob": blob.pk, "name": upload.name[:200], "size": blob.size}}
        draft.commitments = [c for c in draft.commitments if c != key]
        draft.save(update_fields=["files", "commitments", "updated_at"])  # the form's version guards the form only
        record(actor=user, action="portal.draft.upload", target=draft, before=before, after=_draft_snapshot(draft),
               role=lc.APPLICANT, data={"material": row["name"], "sha256": blob.sha256})
        return draft


def remove_file(draft, *, user, key: str) -> ApplicationDraft:
    with transaction.atomic():
        draft = _lock_draft(draft, user)
        if draft.status != ApplicationDraft.Status.OPEN:
            raise Conflict("该申请已提交，不能再修改草稿", extra={"case": draft.case_id})
        if key not in draft.files:
            return draft
        before = _draft_snapshot(draft)
        draft.files = {k: v for k, v in draft.files.items() if k != key}
        draft.save(update_fields=["files", "updated_at"])
        record(actor=user, action="portal.draft.remove_file", target=draft, before=before,
               after=_draft_snapshot(draft), role=lc.APPLICANT, data={"material": key})
        return draft


def discard_draft(draft, *, user) -> None:
    with transaction.atomic():
        draft = _lock_draft(draft, user)
        if draft.status != ApplicationDraft.Status.OPEN:
            raise Conflict("该申请已提交，草稿不能删除", extra={"case": draft.case_id})
        record(actor=user, action="portal.draft.discard", target=draft, before=_draft_snapshot(draft), after=None,
               role=lc.APPLICANT)
        draft.delete()


def _uploads(draft: ApplicationDraft) -> dict[str, Upload]:
    blobs = Blob.objects.in_bulk([v["blob"] for v in draft.files.values()])
    out = {}
    for key, meta in draft.files.items():
        blob = blobs.get(meta["blob"])
        if blob is None:
            raise DomainError("已上传的材料文件不存在，请重新上传", field=f"files.{key}")
        with blob.file.open("rb") as fh:
            out[key] = Upload(meta.get("name") or "upload", fh.read(), blob.content_type)
    return out


def check_delivery_choice(method: str, address: str) -> tuple[str, str]:
    address = (address or "").strip()
    if method not in DeliveryMethod.values:
        raise DomainError("请选择出件方式（窗口领取、免费邮寄或电子送达）", field="delivery_method")
    if method == DeliveryMethod.MAIL and not address:
        raise DomainError("选择免费邮寄，请填写邮寄地址", field="delivery_address")
    return method, address


def submit_draft(draft, *, user, expected_version: int, today: date | None = None):
    """File the draft as a case (or a bundle application) through submit_case / submit_bundle with the draft's
    idempotency key: a second click returns what the first filed. Returns the Case or the BundleCase."""
    with transaction.atomic():
        draft = _lock_draft(draft, user)
        if draft.status == ApplicationDraft.Status.SUBMITTED:
            return draft.case or draft.bundle_case
        if draft.version != int(expected_version):
            raise Conflict("草稿已在其他页面更新，请刷新后再提交", code="stale_version", extra={"version": draft.version})
        _check_applicant(user, draft.applicant)
        rows = pf.prefill(queries.draft_form_fields(draft), queries.known_facts(draft.applicant, user),
                          draft.form_data)
        errors = pf.check_answers(rows)
        if errors:
            label, message = next(iter(errors.items()))
            raise DomainError(message, field=f"form.{label}", extra={"errors_by_field": errors})
        method, address = check_delivery_choice(draft.delivery_method, draft.delivery_address)
        form_data = {r["label"]: r["value"] for r in rows}
        files = _uploads(draft)
        before = _draft_snapshot(draft)
        if draft.item_version_id:
            result = case_services.submit_case(
                submitter=user, applicant=draft.applicant, item_version=draft.item_version,
                idempotency_key=draft.idempotency_key, files={int(k): v for k, v in files.items()},
                commitments=[int(c) for c in draft.commitments], commitment_signed=draft.commitment_signed,
                form_data=form_data, today=today)
            draft.case = result
            target = {"case": result}
        else:
            result = case_services.submit_bundle(
                submitter=user, applicant=draft.applicant, bundle=draft.bundle,
                idempotency_key=draft.idempotency_key, files=files, commitments=list(draft.commitments),
                commitment_signed=draft.commitment_signed, form_data=form_data, today=today)
            draft.bundle_case = result
            target = {"bundle_case": result}
        DeliveryChoice.objects.update_or_create(
            **target, defaults={"method": method, "address": address, "chosen_by": user,
                                "recipient": form_data.get(next((r["label"] for r in rows if r["fact"] == "name"),
                                                                ""), "") or draft.applicant.name,
                                "phone": draft.applicant.phone or user.phone})
        draft.status, draft.submitted_at = ApplicationDraft.Status.SUBMITTED, timezone.now()
        draft.version += 1
        draft.save()
        record(actor=user, action="portal.draft.submit", target=draft, before=before, after=_draft_snapshot(draft),
               role=lc.APPLICANT, data={"case": getattr(draft.case, "pk", None),
                                        "bundle_case": getattr(draft.bundle_case, "pk", None),
                                        "delivery_method": method})
        return result


# ---- delivery choice -------------------------------------------------------------------------------------------------
def choose_delivery(target, *, user, method: str, address: str = "", recipient: str = "", phone: str = ""
                    ) -> DeliveryChoice:
    """The applicant's choice of how to receive the result (for a case or a bundle application), changeable until
    the result is delivered. The clerk delivers with services.deliver / deliver_bundle."""
    method, address = check_delivery_choice(method, address)
    with transaction.atomic():
        if isinstance(target, BundleCase):
            target = BundleCase.objects.select_for_update().get(pk=target.pk)
            applicant_id, done = target.applicant_id, target.status == BundleCase.Status.DELIVERED
            key = {"bundle_case": target}
        else:
            target = Case.objects.select_for_update(of=("self",)).get(pk=target.pk)
            applicant_id = target.applicant_id
            done = lc.State(target.state) not in lc.OPEN | lc.DECIDED
            if target.bundle_case_id:
                raise DomainError("“一件事”统一出件，请在一件事申请上选择出件方式", field="method")
            key = {"case": target}
        if applicant_id not in scope_of(user).applicant_ids:
            raise DomainError("您不能为该办件选择出件方式", field="method")
        if done:
            raise Conflict("办件已出件或已结束，不能再更改出件方式", extra={"state": getattr(target, "state", "")})
        existing = DeliveryChoice.objects.filter(**key).first()
        before = {"method": existing.method, "address": existing.address} if existing else None
        choice, _ = DeliveryChoice.objects.update_or_create(
            **key, defaults={"method": method, "address": address, "chosen_by": user,
                             "recipient": (recipient or "").strip()[:100], "phone": (phone or "").strip()[:20]})
        if existing:
            choice.version = existing.version + 1
            choice.save(update_fields=["version"])
        record(actor=user, action="portal.delivery.choose", target=target, before=before,
               after={"method": method, "address": address}, role=lc.APPLICANT)
        return choice


# ---- appointments ----------------------------------------------------------------------------------------------------
def _new_code(day: date) -> str:
    return f"YY{day:%m%d}{secrets.token_hex(3).upper()}"


def book_appointment(*, user, applicant, item_version: ItemVersion, hall, day: date, start: str,
                     today: date | None = None) -> Appointment:
    """Book a seat in the slot starting at `start` (“HHMM”) at one of the hall's windows that handle the item.
    Capacity per window and slot is enforced by a unique seat constraint; windows are locked while a seat is
    chosen, so two people cannot take the last seat."""
    today = today or timezone.localdate()
    _check_applicant(user, applicant)
    if item_version.fully_online and not item_version.appointment_required:
        raise DomainError("该事项可全程网上办理，无需到现场预约", field="item_version")
    _check_item(item_version)
    slot = next((s for s in queries.hall_slots(hall, day, today=today) if s.key == start), None)
    if slot is None:
        raise DomainError("所选时段不可预约（大厅不开放、已过期或超出可预约范围）", field="start")
    windows = list(queries.windows_for(hall, item_version).values_list("pk", flat=True))
    if not windows:
        raise DomainError("该大厅没有办理此事项的窗口，请选择其他大厅", field="hall")
    seats = conf.seats_per_window()
    with transaction.atomic():
        list(Window.objects.select_for_update().filter(pk__in=windows).order_by("pk").values_list("pk", flat=True))
        if Appointment.objects.filter(applicant=applicant, item_version=item_version, day=day,
                                      status=Appointment.Status.BOOKED).exists():
            raise Conflict("您当天已预约过该事项，如需改期请先取消原预约", extra={"day": day.isoformat()})
        taken = set(Appointment.objects.filter(window_id__in=windows, day=day, start=slot.start,
                                               status=Appointment.Status.BOOKED).values_list("window_id", "seat"))
        for window_id in windows:
            for seat in range(1, seats + 1):
                if (window_id, seat) in taken:
                    continue
                try:
                    with transaction.atomic():
                        appt = Appointment.objects.create(
                            code=_new_code(day), user=user, applicant=applicant, item_version=item_version, hall=hall,
                            window_id=window_id, day=day, start=slot.start, end=slot.end, seat=seat)
                except IntegrityError:
                    if Appointment.objects.filter(applicant=applicant, item_version=item_version, day=day,
                                                  status=Appointment.Status.BOOKED).exists():
                        raise Conflict("您当天已预约过该事项，如需改期请先取消原预约",
                                       extra={"day": day.isoformat()}) from None
                    continue  # the seat went to someone else a moment ago: try the next one
                record(actor=user, action="portal.appointment.book", target=appt, before=None,
                       after={"status": appt.status, "day": day, "start": slot.label, "window": window_id},
                       role=lc.APPLICANT, data={"item_version": item_version.pk, "hall": hall.pk})
                return appt
        raise Conflict("该时段已约满，请选择其他时段", extra={"day": day.isoformat(), "start": slot.label})


def cancel_appointment(appointment, *, user, today: date | None = None) -> Appointment:
    today = today or timezone.localdate()
    with transaction.atomic():
        appt = Appointment.objects.select_for_update().get(pk=getattr(appointment, "pk", appointment))
        if appt.applicant_id not in scope_of(user).applicant_ids:
            raise DomainError("您不能取消他人的预约", field="appointment")
        if appt.status != Appointment.Status.BOOKED:
            raise Conflict("该预约已取消", extra={"status": appt.status})
        if appt.day < today:
            raise Conflict("预约日期已过，不能取消", extra={"status": appt.status})
        appt.status, appt.cancelled_at = Appointment.Status.CANCELLED, timezone.now()
        appt.save(update_fields=["status", "cancelled_at"])
        record(actor=user, action="portal.appointment.cancel", target=appt, before={"status": "booked"},
               after={"status": appt.status}, role=lc.APPLICANT)
        return appt


__all__ = [
    "attach_file", "book_appointment", "cancel_appointment", "check_delivery_choice", "choose_delivery",
    "discard_draft", "open_draft", "remove_file", "save_draft", "submit_draft",
]
