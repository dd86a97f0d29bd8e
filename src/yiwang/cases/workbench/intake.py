"""Counter intake (窗口收件): file a case for the applicant with the materials the clerk checked, then take the
decision the clerk chose (受理, 容缺受理, 一次性告知补正, or only 收件). The filing and the decision are separate
service calls: if the decision is refused, the filed case stays (nothing already received is lost) and the
clerk decides on the case page."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from yiwang.api.errors import DomainError
from yiwang.common.pdf import Document

from .. import services
from ..models import Case

PAPER, SCAN, COMMIT, DEFECT, NONE = "paper", "scan", "commit", "defect", "none"
CHOICES = {PAPER: "已收取（纸质核验）", SCAN: "上传扫描件", COMMIT: "告知承诺代替", DEFECT: "已收取但需补正", NONE: "未收取"}
DECISIONS = {"accept": "受理并打印受理凭证", "deferral": "容缺受理并打印告知书", "supplement": "一次性告知补正",
             "receive": "仅收件，稍后处理"}


@dataclass
class IntakeResult:
    case: Case
    decision: str
    error: str = ""
    printable: list[tuple[str, str]] = field(default_factory=list)  # (label, url name + kind)


def paper_record(*, material, applicant, clerk, key: str, at=None) -> tuple[str, bytes, str]:
    """A one-page record that the clerk checked the paper original at the counter: stored as the material's
    file so the case shows what was received, by whom and when."""
    at = at or timezone.localtime()
    doc = Document("纸质材料核验记录", subtitle=material.name)
    doc.table([("材料名称", material.name), ("申请人", applicant.name), ("核验人", str(clerk)),
               ("核验时间", f"{at:%Y-%m-%d %H:%M:%S}"), ("收件标识", key)])
    doc.paragraph("窗口工作人员已当面核验该材料的纸质原件。")
    return (f"纸质核验-{material.name}.pdf"[:200], doc.build(), "application/pdf")


def counter_intake(*, clerk, applicant, item_version, choices: dict[int, str], scans: dict, problems: dict[int, str],
                   commitment_signed: bool, decision: str, deferral_due: date | None, key: str,
                   commitment_signer: str = "", today: date | None = None) -> IntakeResult:
    if decision not in DECISIONS:
        raise DomainError("请选择收件后的处理方式", field="decision")
    materials = {m.pk: m for m in item_version.materials.all()}
    files, commitments, defective = {}, [], {}
    for mid, choice in choices.items():
        m = materials.get(mid)
        if m is None:
            raise DomainError(f"材料{mid}不属于本事项", field="materials")
        if choice in (PAPER, DEFECT):
            files[mid] = paper_record(material=m, applicant=applicant, clerk=clerk, key=key)
            if choice == DEFECT:
                problem = (problems.get(mid) or "").strip()
                if not problem:
                    raise DomainError(f"请说明“{m.name}”需要补正的问题", field=f"problem_{mid}")
                defective[mid] = problem
        elif choice == SCAN:
            if mid not in scans:
                raise DomainError(f"请为“{m.name}”选择扫描件文件", field=f"scan_{mid}")
            files[mid] = scans[mid]
        elif choice == COMMIT:
            commitments.append(mid)
    if defective and decision != "supplement":
        raise DomainError("有材料需要补正，请选择“一次性告知补正”", field="decision")
    if decision == "deferral" and deferral_due is None:
        raise DomainError("容缺受理须约定补交材料的期限", field="deferral_due")
    case = services.submit_case(submitter=clerk, applicant=applicant, item_version=item_version,
                                idempotency_key=key, files=files, commitments=commitments,
                                commitment_signed=commitment_signed, today=today)
    result = IntakeResult(case=case, decision=decision)
    if case.state != "received" or decision == "receive":  # a retried form: the case already went on
        return result
    try:
        if decision in ("accept", "deferral"):
            result.case = services.accept(case, actor=clerk, expected_version=case.version, today=today,
                                          deferral_due=deferral_due if decision == "deferral" else None,
                                          commitment_signer=commitment_signer if decision == "deferral" else "")
        elif decision == "supplement":
            services.notify_supplement(case, actor=clerk, expected_version=case.version, defective=defective,
                                       today=today)
            result.case = Case.objects.get(pk=case.pk)
    except DomainError as exc:
        result.error = exc.message
    return result
