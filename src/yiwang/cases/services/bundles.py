"""一件事 at run time: one application, one merged form and one set of materials → a child case per item, routed
in parallel to each department; concluded when every child is; delivered once."""
from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.services import record
from yiwang.catalog.domain.bundles import material_key
from yiwang.catalog.models import Bundle
from yiwang.catalog.services import material_dict

from ..domain import lifecycle as lc
from ..models import BundleCase, Case
from .common import Forbidden, case_roles, lock, tell_applicant, today_or
from .files import Upload
from .intake import digest_of, filing_context, replayed, submit_case
from .outcomes import check_delivery, deliver_locked


def bundle_materials(bundle: Bundle) -> dict[str, list]:
    """material key (catalog.domain.bundles.material_key) → the Material rows of the items' current versions."""
    out: dict[str, list] = {}
    for bi in bundle.bundle_items.select_related("item__current_version").order_by("order", "id"):
        version = bi.item.current_version
        if version is None:
            raise DomainError(f"“{bi.item.name}”暂无现行版本，不能申请", field="bundle")
        for m in version.materials.all():
            out.setdefault(material_key(material_dict(m)), []).append(m)
    return out


def submit_bundle(**kwargs) -> BundleCase:
    """One application for a bundle. A retried submission returns the same one."""
    return file_bundle(**kwargs)[0]


def file_bundle(*, submitter, applicant, bundle: Bundle, idempotency_key: str, files: dict | None = None,
                commitments=(), commitment_signed: bool = False, form_data: dict | None = None, hall=None,
                today: date | None = None) -> tuple[BundleCase, bool]:
    """(application, created). `files` and `commitments` are keyed by merged-material key (the same file serves
    every item that asks for the material, stored once). A retry with the same key and content returns the same
    application (created False, also when racing the first); the same key with other content is a Conflict."""
    key = (idempotency_key or "").strip()
    if not key or len(key) > 64:
        raise DomainError("缺少幂等键（idempotency_key），或超过64个字符", field="idempotency_key")
    # Read each file once: the same upload goes to every child case that needs the material.
    files, commitments = {k: Upload.of(f) for k, f in (files or {}).items()}, set(commitments or ())
    digest = digest_of(f"bundle:{bundle.pk}", applicant, files, commitments, form_data)

    def again():
        existing = BundleCase.objects.filter(submitted_by=submitter, idempotency_key=key).first()
        if existing is None:
            return None
        return replayed(existing, digest, same_target=existing.bundle_id == bundle.pk and
                        existing.applicant_id == applicant.pk)

    if (existing := again()) is not None:
        return existing, False
    if bundle.status != Bundle.Status.ACTIVE:
        raise DomainError("该“一件事”当前不可申请", field="bundle")
    today = today_or(today)
    by_key = bundle_materials(bundle)
    unknown = [k for k in list(files) + list(commitments) if k not in by_key]
    if unknown:
        raise DomainError(f"材料“{unknown[0]}”不属于本“一件事”", field="files")
    channel, hall, _ = filing_context(submitter, applicant, hall)
    try:
        with transaction.atomic():
            bc = BundleCase.objects.create(bundle=bundle, applicant=applicant, submitted_by=submitter,
                                           idempotency_key=key, submission_digest=digest, channel=channel, hall=hall,
                                           form_data=form_data or {})
            for bi in bundle.bundle_items.select_related("item__current_version").order_by("order", "id"):
                version = bi.item.current_version
                mine = {m.pk: k for k, ms in by_key.items() for m in ms if m.version_id == version.pk}
                submit_case(
                    submitter=submitter, applicant=applicant, item_version=version, idempotency_key="",
                    files={pk: files[k] for pk, k in mine.items() if k in files},
                    commitments=[pk for pk, k in mine.items() if k in commitments],
                    commitment_signed=commitment_signed, form_data=form_data, hall=hall, bundle_case=bc, today=today)
            record(actor=submitter, action="case.bundle.submit", target=bc, after={"status": bc.status},
                   data={"bundle": bundle.code, "children": list(bc.children.values_list("pk", flat=True))})
    except IntegrityError:
        existing = again()
        if existing is None:
            raise
        return existing, False
    return bc, True


def update_bundle(bundle_case_id: int, on: date) -> BundleCase:
    """Called after a child case changes state: the bundle is concluded when every child is."""
    bc = BundleCase.objects.select_for_update().get(pk=bundle_case_id)
    if bc.status != BundleCase.Status.OPEN:
        return bc
    states = list(bc.children.values_list("state", flat=True))
    if states and all(lc.State(s) in lc.CONCLUDED for s in states):
        bc.status, bc.concluded_on = BundleCase.Status.CONCLUDED, on
        bc.version += 1
        bc.save(update_fields=["status", "concluded_on", "version"])
        record(actor=None, action="case.bundle.conclude", target=bc, before={"status": "open"},
               after={"status": bc.status}, role=lc.SYSTEM, data={"states": states})
        first = bc.children.order_by("pk").first()
        tell_applicant(first, "bundle_concluded", f"“{bc.bundle.name}”已办结",
                       f"您申请的“{bc.bundle.name}”所含事项均已办结，将统一出件。")
    return bc


def deliver_bundle(bundle_case, *, actor, expected_version: int, method: str, tracking_number: str = "",
                   address: str = "", today: date | None = None) -> BundleCase:
    """统一出件: once for the whole bundle, after every child case is concluded."""
    today = today_or(today)
    with transaction.atomic():
        bc = BundleCase.objects.select_for_update().get(pk=getattr(bundle_case, "pk", bundle_case))
        if bc.version != int(expected_version):
            raise Conflict("“一件事”申请已被他人更新，请刷新后重试", code="stale_version",
                           extra={"state": bc.status, "version": bc.version, "allowed_actions": []})
        if bc.status != BundleCase.Status.CONCLUDED:
            raise Conflict("“一件事”尚有事项未办结，或已出件，不能统一出件",
                           extra={"state": bc.status, "allowed_actions": []})
        check_delivery(method, tracking_number, address)
        children = [lock(pk, None) for pk in bc.children.order_by("pk").values_list("pk", flat=True)]
        if not any(lc.CLERK in case_roles(c, actor) for c in children):
            raise Forbidden("只有受理大厅的窗口人员可以出件")
        delivered = []
        for child in children:
            if child.state in lc.DECIDED:
                deliver_locked(child, actor=actor, roles=case_roles(child, actor), method=method,
                               tracking_number=tracking_number, address=address, today=today, notify=False)
                delivered.append(child.number)
        bc.status, bc.delivered_on, bc.delivery_method = BundleCase.Status.DELIVERED, today, method
        bc.tracking_number = (tracking_number or "").strip()
        bc.version += 1
        bc.save()
        record(actor=actor, action="case.bundle.deliver", target=bc, before={"status": "concluded"},
               after={"status": bc.status}, role=lc.CLERK, data={"method": method, "cases": delivered})
        from .outcomes import _delivery_text

        tell_applicant(children[0], "delivered", f"“{bc.bundle.name}”出件通知", _delivery_text(method, bc.tracking_number))
        return bc
