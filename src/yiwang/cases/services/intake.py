"""Filing, completeness, supplement notices, acceptance (with 容缺 and 告知承诺), refusal, art. 32 deemed acceptance."""
from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.services import record
from yiwang.catalog.models import ItemVersion, ServiceItem
from yiwang.org.models import Hall, Role

from .. import conf
from ..domain import lifecycle as lc
from ..domain import materials as mr
from ..domain.submission import content_sha256, submission_digest
from ..models import Case, CaseMaterial, Channel, PostCheck, SupplementNotice
from . import credit_gate
from .common import (
    Forbidden, calendar, case_roles, check, commit, lock, refresh_deadline, require_text, snapshot, tell_applicant,
    today_or,
)
from .files import Upload, store_blob
from .numbers import issue_number

Status = CaseMaterial.Status


# ---- who files, where ------------------------------------------------------------------------------------------
def filing_context(submitter, applicant, hall=None, window=None, item_version=None):
    """(channel, hall, window) for a submission, or an error if `submitter` may not file for `applicant`."""
    from yiwang.org.scoping import scope_of

    if submitter.kind == submitter.Kind.APPLICANT:
        if applicant.pk not in scope_of(submitter).applicant_ids:
            raise Forbidden("您不能以该申请人的名义提交申请", field="applicant")
        if hall is None:
            hall = (item_version.halls.order_by("code").first() if item_version else None) or \
                Hall.objects.filter(region=item_version.item.department.region if item_version else None) \
                .order_by("code").first() or Hall.objects.order_by("code").first()
        if hall is None:
            raise DomainError("尚未设置受理大厅，暂不能网上申请", field="hall")
        return Channel.ONLINE, hall, None
    clerk_roles = list(submitter.staff_roles.filter(role=Role.CLERK).select_related("hall", "window"))
    if not clerk_roles:
        raise Forbidden("只有窗口受理人员可以代申请人提交申请")
    mine = next((r for r in clerk_roles if hall is None or r.hall_id == hall.pk), None)
    if mine is None:
        raise Forbidden("您不是该大厅的窗口受理人员", field="hall")
    return Channel.WINDOW, mine.hall, window or mine.window


def _check_item(item_version: ItemVersion) -> None:
    if item_version.state != ItemVersion.State.PUBLISHED:
        raise DomainError("只能申请已发布的事项版本", field="item_version")
    item = item_version.item
    if item.status != ServiceItem.Status.ACTIVE or item.current_version_id != item_version.pk:
        raise DomainError("该事项当前不可申请（已暂停、取消，或不是现行版本）", field="item_version")


def requirements(case_or_version, materials=None) -> list[mr.Requirement]:
    """The version's materials as the rules see them (`materials`: the version's materials, already read)."""
    if materials is None:
        materials = getattr(case_or_version, "item_version", case_or_version).materials.all()
    return [
        mr.Requirement(m.pk, m.name, required=m.requirement == m.Requirement.REQUIRED and not m.exempt_by_sharing,
                       is_key=m.is_key, deferrable=m.deferrable, commitment_allowed=m.commitment_replaceable)
        for m in materials
    ]


def _item_allows_commitment(version: ItemVersion) -> bool:
    return bool(version.commitment_allowed) and not version.risk_domain


def _check_attachable(by_id: dict, files: dict, commitments) -> None:
    unknown = [k for k in list(files) + list(commitments) if int(k) not in by_id]
    if unknown:
        raise DomainError(f"材料{unknown[0]}不属于本事项", field="files")
    both = set(map(int, files)) & set(map(int, commitments))
    if both:
        raise DomainError(f"“{by_id[both.pop()].name}”不能既上传又承诺", field="commitments")


def _first_rows(case: Case, materials: list, files: dict, commitments, on: date) -> list[CaseMaterial]:
    """A new case's material rows, one per material of its version: uploaded, committed or missing (written with
    one INSERT; the order is that of `_attach` followed by the missing ones)."""
    by_id = {m.pk: m for m in materials}
    _check_attachable(by_id, files, commitments)
    rows = []
    for key, upload in files.items():
        blob = store_blob(upload, field=f"files.{key}")
        name = getattr(upload, "name", None) or (upload[0] if isinstance(upload, tuple) else "")
        rows.append(CaseMaterial(case=case, material=by_id[int(key)], status=Status.PROVIDED, blob=blob,
                                 file_name=str(name)[:200], supplied_on=on, supplied_round=0, problem=""))
    for key in dict.fromkeys(int(k) for k in commitments):  # a material named twice is one row
        rows.append(CaseMaterial(case=case, material=by_id[key], status=Status.COMMITTED, blob=None,
                                 file_name="", supplied_on=on, supplied_round=0, problem=""))
    done = {row.material_id for row in rows}
    rows += [CaseMaterial(case=case, material=m, status=Status.MISSING) for m in materials if m.pk not in done]
    return rows


def _attach(case: Case, files: dict, commitments, on: date, *, round_: int) -> None:
    """Store files and commitments onto the case's material rows."""
    by_id = {m.pk: m for m in case.item_version.materials.all()}
    _check_attachable(by_id, files, commitments)
    for key, upload in files.items():
        blob = store_blob(upload, field=f"files.{key}")
        name = getattr(upload, "name", None) or (upload[0] if isinstance(upload, tuple) else "")
        CaseMaterial.objects.update_or_create(
            case=case, material=by_id[int(key)],
            defaults=dict(status=Status.PROVIDED, blob=blob, file_name=str(name)[:200], supplied_on=on,
                          supplied_round=round_, problem=""))
    for key in commitments:
        CaseMaterial.objects.update_or_create(
            case=case, material=by_id[int(key)],
            defaults=dict(status=Status.COMMITTED, blob=None, file_name="", supplied_on=on, supplied_round=round_,
                          problem=""))


# ---- filing ----------------------------------------------------------------------------------------------------
KEY_REUSED = "该幂等键已用于另一申请（事项、申请人、材料文件或申请表不同），新的申请请使用新的幂等键"


def replayed(existing, digest: str, *, same_target: bool):
    """The earlier submission under this key, if the retry says the same; a key reused for other content is a 409.
    Rows filed before digests were kept compare by what they recorded (item or bundle, applicant)."""
    if (existing.submission_digest and existing.submission_digest != digest) or not same_target:
        raise Conflict(KEY_REUSED, code="idempotency_key_reused", field="idempotency_key")
    return existing


def digest_of(target: str, applicant, files: dict, commitments, form_data) -> str:
    return submission_digest(target=target, applicant_id=applicant.pk,
                             files={k: content_sha256(u.content) for k, u in files.items()},
                             commitments=commitments, form_data=form_data)


def submit_case(**kwargs) -> Case:
    """File a case (收件). A retried submission with the same key returns the case already filed."""
    return file_case(**kwargs)[0]


def file_case(*, submitter, applicant, item_version: ItemVersion, idempotency_key: str, files: dict | None = None,
              commitments=(), commitment_signed: bool = False, form_data: dict | None = None, hall=None,
              window=None, bundle_case=None, today: date | None = None) -> tuple[Case, bool]:
    """(case, created): created is False for a retry with the same key and the same content — including a retry
    racing the first submission — which returns the case already filed; the same key with other content is a
    Conflict (idempotency_key_reused)."""
    key = (idempotency_key or "").strip()
    if bundle_case is None and not key:
        raise DomainError("缺少幂等键（idempotency_key）", field="idempotency_key")
    if len(key) > 64:
        raise DomainError("幂等键不能超过64个字符", field="idempotency_key")
    files = {k: Upload.of(f) for k, f in (files or {}).items()}
    commitments = [int(c) for c in commitments or ()]
    digest = digest_of(f"item:{item_version.item_id}:{item_version.pk}", applicant, files, commitments, form_data)

    def again():
        existing = Case.objects.filter(submitted_by=submitter, idempotency_key=key).first()
        if existing is None:
            return None
        return replayed(existing, digest, same_target=existing.item_version_id == item_version.pk and
                        existing.applicant_id == applicant.pk)

    if key and (existing := again()) is not None:
        return existing, False
    on = today_or(today)
    _check_item(item_version)
    channel, hall, window = filing_context(submitter, applicant, hall, window, item_version)
    materials = list(item_version.materials.all())
    verdict = credit_gate.lenient(applicant, on)
    try:
        mr.check_commitments(requirements(item_version, materials), commitments,
                             item_allows=_item_allows_commitment(item_version),
                             applicant_may=verdict.lenient_allowed)
    except mr.MaterialRuleError as exc:
        raise DomainError(credit_gate.refusal_message(exc.message, verdict), field=exc.field) from None
    if commitments and not commitment_signed:
        raise DomainError("以告知承诺代替材料，须签署告知承诺书", field="commitment_signed")
    try:
        with transaction.atomic():
            case = Case.objects.create(
                item_version=item_version, department=item_version.item.department, applicant=applicant,
                submitted_by=submitter, idempotency_key=key, submission_digest=digest, channel=channel, hall=hall,
                window=window, bundle_case=bundle_case, form_data=form_data or {}, tier=item_version.approval_tier,
                received_on=on, pending_since=on, commitment_signed=bool(commitments),
                green_channel=verdict.green_channel, green_channel_reason=verdict.message[:300]
                if verdict.green_channel else "",
            )
            CaseMaterial.objects.bulk_create(_first_rows(case, materials, files, commitments, on))
            commit(case, action="submit", actor=submitter, role=lc.APPLICANT if channel == Channel.ONLINE else lc.CLERK,
                   on=on, before={}, bump=False,
                   data={"channel": channel, "item_version": item_version.pk, "files": len(files),
                         "commitments": commitments})
    except IntegrityError:
        if not key:
            raise
        existing = again()  # a concurrent retry filed it first: the same answer as any retry
        if existing is None:
            raise
        return existing, False
    return case, True


# ---- completeness decisions -------------------------------------------------------------------------------------
def _status_map(case: Case) -> dict[int, str]:
    return dict(case.materials.values_list("material_id", "status"))


def _acceptance_date(case: Case, today: date) -> date:
    return case.pending_since if case.notices_issued else today


def _accept(case: Case, *, actor, role: str, accepted_on: date, today: date, deemed: bool = False,
            deferral_due: date | None = None, commitment_signer: str = "") -> Case:
    before = snapshot(case)
    reqs = requirements(case)
    verdict = credit_gate.lenient(case.applicant, today)
    completeness = mr.completeness(reqs, _status_map(case), widened=verdict.lenient_plus)
    cal = calendar()
    limit = case.item_version.promised_limit_days
    from .deferral import is_joint

    case.joint_handling = is_joint(case)
    if case.joint_handling:  # art. 42 (2): never more than 45 working days
        limit = min(limit, conf.joint_limit_days())
    deferred, commitment = [], None
    if not deemed and not completeness.complete:
        if deferral_due is None or not completeness.deferrable_only:
            names = "、".join(r.name for r in completeness.missing)
            raise DomainError(f"材料不齐全（{names}），请一次性告知补正" +
                              ("，或约定期限容缺受理" if completeness.deferrable_only else ""), field="materials")
        if not verdict.lenient_allowed:
            raise DomainError(credit_gate.refusal_message("申请人存在失信记录或虚假承诺记录，信用修复前不适用容缺受理",
                                                          verdict), field="deferral_due")
        from .deferral import check_deferral, commitment_for

        deferred = check_deferral(case, deferral_due, accepted_on, cal, widened=verdict.lenient_plus)
        commitment = commitment_for(case, deferral_due, [r.name for r in deferred], actor=actor,
                                    signer_name=commitment_signer)
        case.materials.filter(material_id__in=[r.key for r in deferred]).update(status=Status.DEFERRED)
        case.deferral_due = deferral_due
        case.deferral_due_provisional = cal.provisional_between(accepted_on, deferral_due)
    elif deferral_due is not None:
        raise DomainError("材料已齐全，无需容缺受理", field="deferral_due")
    strict = credit_gate.extra_review(case, today)
    if strict is not None:  # 从严审核: one more review step, the reason kept on the acceptance event
        case.tier = lc.stricter(case.tier)
    case.state = lc.State.UNDER_REVIEW
    case.step_index = 0
    case.accepted_on, case.accepted_by, case.deemed_accepted = accepted_on, actor, deemed
    case.limit_days = limit
    case.number = issue_number(case.department.region.code, today)
    refresh_deadline(case, cal, at=today)
    if case.materials.filter(status=Status.COMMITTED).exists():
        # Due N working days after the decision (decision 0003); until the decision is taken, counted from the
        # deadline (the latest day it can be taken) and recomputed when it is.
        due = cal.add_working_days_answer(case.deadline, conf.post_check_days())
        PostCheck.objects.get_or_create(case=case, defaults={"due_on": due.value, "due_provisional": due.provisional})
        credit_gate.commitments_made(case, list(case.materials.filter(status=Status.COMMITTED)
                                                .values_list("material__name", flat=True)), accepted_on)
    credit_gate.count_check(case, verdict)
    commit(case, action=lc.Action.DEEM_ACCEPT if deemed else lc.Action.ACCEPT, actor=actor, role=role, on=today,
           before=before, note="逾期未作处理，依《行政许可法》第三十二条视为受理" if deemed else "",
           data={"accepted_on": accepted_on, "deadline": case.deadline, "deferred": [r.name for r in deferred],
                 "deemed": deemed, "deferral_commitment": commitment.pk if commitment else None,
                 "extra_review": strict, "tier": case.tier})
    tell_applicant(case, "accepted", f"受理凭证：{case.number}",
                   f"您申请的“{case.item_version.name}”已于{accepted_on:%Y年%m月%d日}受理，办件编号{case.number}，"
                   f"承诺办结日期{case.deadline:%Y年%m月%d日}" + ("（含未公布年度节假日，日期可能调整）"
                                                            if case.deadline_provisional else "") + "。")
    if deferred:
        tell_applicant(case, "deferral", f"容缺受理告知：{case.number}",
                       "您的申请已容缺受理。请于" + f"{deferral_due:%Y年%m月%d日}前补交以下材料：" +
                       "；".join(f"“{r.name}”（原件或符合要求的电子件）" for r in deferred) +
                       "。补齐前不能作出准予许可决定；逾期未补交的，终止办理。")
    return case


def _art32_lapsed(case: Case, today: date, cal=None) -> bool:
    """Received and neither accepted, refused nor notified within the completeness-check days (art. 32)."""
    if case.state != lc.State.RECEIVED:
        return False
    return today > (cal or calendar()).add_working_days(case.pending_since, conf.completeness_check_days())


def _deem(case: Case, today: date) -> Case:
    """Art. 32 deemed acceptance as of the day the materials were received, flagged against the department.
    Called with the case row locked, inside the caller's transaction."""
    case = _accept(case, actor=None, role=lc.SYSTEM, accepted_on=case.pending_since, today=today, deemed=True)
    record(actor=None, action="case.flag.deemed_acceptance", target=case.department, role=lc.SYSTEM,
           data={"case": case.number, "received_on": case.pending_since})
    return case


def _deem_if_lapsed(case, *, actor, action: lc.Action, today: date) -> Case | None:
    """Before a clerk's accept, refuse or supplement notice: if the five days have passed, the law has already
    decided — the case counts as accepted from the receipt date, whether or not the nightly task has run yet.
    Applied (and committed) here, after checking the clerk may take the action at all."""
    with transaction.atomic():
        locked = lock(case, None)
        check(locked, action, case_roles(locked, actor))
        if not _art32_lapsed(locked, today):
            return None
        return _deem(locked, today)


def art32_lapsed(case: Case, today: date | None = None) -> bool:
    """Whether the law has already deemed this received case accepted (art. 32), before the nightly task records it."""
    return _art32_lapsed(case, today_or(today))


def record_deemed_acceptance(case, *, actor, expected_version: int, today: date | None = None) -> Case:
    """视为受理 recorded now: once the art. 32 days have passed without acceptance, refusal or a supplement notice,
    the case counts as accepted from the day its materials were received. A clerk who opens such a case records
    it (the nightly task would); the acceptance stays the law's, flagged against the department."""
    today = today_or(today)
    with transaction.atomic():
        locked = lock(case, expected_version)
        check(locked, lc.Action.ACCEPT, case_roles(locked, actor))
        if not _art32_lapsed(locked, today):
            raise Conflict(f"收到申请材料尚未超过{conf.completeness_check_days()}个工作日，请依法受理、不予受理或告知补正",
                           extra={"state": locked.state, "allowed_actions": ["accept", "refuse", "notify_supplement"]})
        return _deem(locked, today)


def _lapsed_conflict(case: Case, what: str) -> Conflict:
    return Conflict(f"收到申请材料已超过{conf.completeness_check_days()}个工作日未作处理，依《行政许可法》第三十二条自收到"
                    f"申请材料之日（{case.accepted_on:%Y年%m月%d日}）起视为受理，不能再{what}",
                    extra={"state": case.state, "version": case.version,
                           "allowed_actions": lc.allowed_actions(lc.State(case.state), tier=case.tier,
                                                                 step_index=case.step_index)})


def accept(case, *, actor, expected_version: int, deferral_due: date | None = None, commitment_signer: str = "",
           today: date | None = None) -> Case:
    """受理. After a supplement notice the case is accepted as of the day its materials became complete; after the
    art. 32 days without any handling, as of the day the materials were received (deemed acceptance).
    容缺: `deferral_due` with a commitment the applicant signed for that date — online beforehand
    (`sign_deferral_commitment`) or now at the window pad (`commitment_signer`: who signed)."""
    today = today_or(today)
    deemed = _deem_if_lapsed(case, actor=actor, action=lc.Action.ACCEPT, today=today)
    if deemed is not None:
        return deemed
    with transaction.atomic():
        case = lock(case, expected_version)
        roles = case_roles(case, actor)
        check(case, lc.Action.ACCEPT, roles)
        if case.tier == "one_step" and lc.OFFICER not in roles:
            raise Forbidden("审核合一事项须由窗口事务官受理并当场决定")
        return _accept(case, actor=actor, role=lc.OFFICER if lc.OFFICER in roles else lc.CLERK,
                       accepted_on=_acceptance_date(case, today), today=today, deferral_due=deferral_due,
                       commitment_signer=commitment_signer or "")


def refuse(case, *, actor, expected_version: int, reason: str, legal_basis: str, today: date | None = None) -> Case:
    """不予受理, with the reason and the legal basis."""
    today = today_or(today)
    reason = require_text(reason, "reason", "不予受理须说明理由")
    legal_basis = require_text(legal_basis, "legal_basis", "不予受理须写明法律依据")
    deemed = _deem_if_lapsed(case, actor=actor, action=lc.Action.REFUSE, today=today)
    if deemed is not None:
        raise _lapsed_conflict(deemed, "决定不予受理（可依法作出不予许可决定）")
    with transaction.atomic():
        case = lock(case, expected_version)
        before = snapshot(case)
        case.state = check(case, lc.Action.REFUSE, case_roles(case, actor))
        case.outcome_reason, case.outcome_basis, case.decided_on, case.decided_by = reason, legal_basis, today, actor
        commit(case, action=lc.Action.REFUSE, actor=actor, role=lc.CLERK, on=today, before=before, note=reason,
               data={"reason": reason, "legal_basis": legal_basis})
        tell_applicant(case, "refused", "不予受理决定",
                       f"您申请的“{case.item_version.name}”不予受理。理由：{reason}。依据：{legal_basis}。")
        return case


def notify_supplement(case, *, actor, expected_version: int, defective: dict | None = None,
                      today: date | None = None) -> SupplementNotice:
    """补正告知: one notice listing every missing material and the defective ones the clerk names (id → problem)."""
    today = today_or(today)
    defective = {int(k): (v or "").strip() for k, v in (defective or {}).items()}
    deemed = _deem_if_lapsed(case, actor=actor, action=lc.Action.NOTIFY_SUPPLEMENT, today=today)
    if deemed is not None:
        raise _lapsed_conflict(deemed, "告知补正")
    with transaction.atomic():
        case = lock(case, expected_version)
        before = snapshot(case)
        new_state = check(case, lc.Action.NOTIFY_SUPPLEMENT, case_roles(case, actor))
        rows = {cm.material_id: cm for cm in case.materials.select_related("material")}
        for key, problem in defective.items():
            if key not in rows:
                raise DomainError(f"材料{key}不属于本事项", field="defective")
            if rows[key].status != Status.PROVIDED:
                raise DomainError(f"“{rows[key].material.name}”尚未提交，无需标注问题", field="defective")
            if not problem:
                raise DomainError(f"请说明“{rows[key].material.name}”需要补正的问题", field="defective")
        missing = [r.key for r in mr.completeness(requirements(case), _status_map(case)).missing]
        try:
            listed = mr.check_supplement_notice(
                defective, missing=missing, earlier_notices=case.notices_issued,
                resupplied_since_last_notice=[k for k, cm in rows.items()
                                              if case.notices_issued and cm.supplied_round == case.notices_issued],
                names={k: cm.material.name for k, cm in rows.items()})
        except mr.MaterialRuleError as exc:
            raise Conflict(exc.message, extra={"state": case.state, "field": "defective"}) from None
        items = []
        for key in listed:
            cm = rows[key]
            cm.status = Status.DEFECTIVE if key in defective else Status.MISSING
            cm.problem = defective.get(key) or "未提交"
            cm.save(update_fields=["status", "problem"])
            items.append({"material": key, "name": cm.material.name, "problem": cm.problem})
        case.notices_issued += 1
        notice = SupplementNotice.objects.create(case=case, number=case.notices_issued, issued_on=today,
                                                 issued_by=actor, items=items)
        case.state = new_state
        commit(case, action=lc.Action.NOTIFY_SUPPLEMENT, actor=actor, role=lc.CLERK, on=today, before=before,
               data={"notice": notice.number, "items": items})
        tell_applicant(case, "supplement_notice", "补正告知（一次性告知）",
                       f"您申请的“{case.item_version.name}”需要补正以下材料：" +
                       "；".join(f"{i + 1}. {it['name']}：{it['problem']}" for i, it in enumerate(items)) +
                       "。请一次性补正，补齐之日受理。")
        return notice


def supplement(case, *, actor, expected_version: int, files: dict | None = None, commitments=(),
               commitment_signed: bool = False, today: date | None = None) -> Case:
    """The applicant (or a clerk for them) supplies everything the notice lists; the case is re-examined.
    A material replaced by a commitment needs the signed commitment (告知承诺书), as at filing."""
    today = today_or(today)
    files, commitments = dict(files or {}), [int(c) for c in commitments or ()]
    if commitments and not commitment_signed:
        raise DomainError("以告知承诺代替材料，须签署告知承诺书", field="commitment_signed")
    with transaction.atomic():
        case = lock(case, expected_version)
        before = snapshot(case)
        roles = case_roles(case, actor)
        new_state = check(case, lc.Action.SUPPLEMENT, roles)
        notice = case.notices.order_by("-number").first()
        listed = {it["material"]: it["name"] for it in notice.items}
        supplied = set(map(int, files)) | set(commitments)
        if commitments:
            verdict = credit_gate.lenient(case.applicant, today)
            try:
                mr.check_commitments(requirements(case), commitments,
                                     item_allows=_item_allows_commitment(case.item_version),
                                     applicant_may=verdict.lenient_allowed)
            except mr.MaterialRuleError as exc:
                raise DomainError(credit_gate.refusal_message(exc.message, verdict), field=exc.field) from None
        lacking = [name for key, name in listed.items() if key not in supplied]
        if lacking:
            raise DomainError("请一次性补正告知所列全部材料，尚缺：" + "、".join(lacking), field="files")
        _attach(case, files, commitments, today, round_=case.notices_issued)
        if commitments:
            case.commitment_signed = True
        notice.answered_on = today
        notice.save(update_fields=["answered_on"])
        case.pending_since = today
        case.state = new_state
        return commit(case, action=lc.Action.SUPPLEMENT, actor=actor,
                      role=lc.APPLICANT if lc.APPLICANT in roles else lc.CLERK, on=today, before=before,
                      data={"notice": notice.number, "materials": sorted(supplied)})


def apply_deemed_acceptance(today: date | None = None) -> list[Case]:
    """Art. 32: a received case neither accepted, refused nor notified within the completeness-check days is
    deemed accepted as of the day its materials were received, and flagged against the department."""
    today = today_or(today)
    cal, days, done = calendar(), conf.completeness_check_days(), []
    for pk, since in Case.objects.filter(state=lc.State.RECEIVED).values_list("pk", "pending_since"):
        if today <= cal.add_working_days(since, days):
            continue
        with transaction.atomic():
            case = lock(pk, None)
            if case.state != lc.State.RECEIVED:
                continue
            done.append(_deem(case, today))
    return done
