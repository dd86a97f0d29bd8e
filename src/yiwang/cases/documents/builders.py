"""Builders of the case documents. Each takes a stored case and returns PDF bytes (or DocumentUnavailable when
the case has no such document yet). What they say follows 行政许可法 arts. 32, 38, 42, 44 and 45 (docs/rules.md)."""
from __future__ import annotations

from datetime import date

from yiwang.common.pdf import Document
from yiwang.org.identifiers import mask_ric, mask_uscc

from ..domain import lifecycle as lc
from ..models import Case, CaseMaterial, Suspension
from . import conf

LAW = "《中华人民共和国行政许可法》"
NOTICE_KINDS = {
    "supplement": "补正材料告知书",
    "deferral": "容缺受理告知书",
    "suspension": "特别程序告知书",
    "extension": "延期告知书",
    "refusal": "不予受理决定书",
}
REMEDY_SENTENCE = ("如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，"
                   "或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。")


class DocumentUnavailable(LookupError):
    """The case has no such document (not yet accepted, no notice issued, not decided...)."""


def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "—"


def case_link(case: Case) -> str:
    return conf.public_url() + conf.case_page_path().format(pk=case.pk)


def _masked_id(applicant) -> str:
    try:
        return mask_ric(applicant.id_number) if applicant.kind == "natural" else mask_uscc(applicant.id_number)
    except Exception:  # an identifier stored before validation existed: print it as it is
        return applicant.id_number


class CaseDocument(Document):
    """A document about one case: the heading table, the body, the seal line and the QR code."""

    def __init__(self, title: str, case: Case):
        super().__init__(title, subtitle=case.department.name)
        self.case = case

    def addressee(self):
        return self.paragraph(f"{self.case.applicant.name}：")

    def facts(self, *extra: tuple[str, str]):
        case = self.case
        rows = [("办件编号", case.number or f"收件#{case.pk}"), ("申请人", case.applicant.name),
                ("证件号码", _masked_id(case.applicant)), ("申请事项", case.item_version.name),
                ("事项编码", case.item_version.item.code), ("收件日期", cn_date(case.received_on))]
        rows += [r for r in extra if r[1]]
        self.table(rows)
        return self.spacer(3)

    def seal(self, on: date | None):
        """The seal line: the department's name where its seal is affixed, and the date (art. 32)."""
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph

        right = ParagraphStyle("seal", parent=self.styles["body"], alignment=2, fontSize=11, leading=18)
        self.spacer(8)
        self.story.append(Paragraph(f"{self.case.department.name}（印章）", right))
        self.story.append(Paragraph(cn_date(on), right))
        return self.spacer(6)

    def finish(self) -> bytes:
        self.qr(case_link(self.case), caption="扫码查看办件进度：" + case_link(self.case), size_mm=28)
        return self.build()


def _accept_event(case: Case):
    return case.events.filter(action__in=[lc.Action.ACCEPT, lc.Action.DEEM_ACCEPT]).order_by("-at", "-id").first()


# ---- 受理凭证 --------------------------------------------------------------------------------------------------
def receipt_pdf(case: Case) -> bytes:
    if not case.number or not case.accepted_on:
        raise DocumentUnavailable("办件尚未受理，没有受理凭证")
    doc = CaseDocument("受理通知书（受理凭证）", case)
    deadline = cn_date(case.deadline) + ("（含尚未公布的年度节假日安排，日期可能调整）" if case.deadline_provisional else "")
    doc.facts(("受理日期", cn_date(case.accepted_on)),
              ("承诺办结时限", f"{case.limit_days}个工作日" if case.limit_days else "即办"),
              ("承诺办结日期", deadline if case.deadline else "计时暂停中"), ("受理大厅", case.hall.name))
    doc.addressee()
    if case.deemed_accepted:
        doc.paragraph(f"你（单位）于{cn_date(case.received_on)}提出的“{case.item_version.name}”申请，本机关未在收到申请材料"
                      f"之日起五日内告知补正。依照{LAW}第三十二条的规定，自收到申请材料之日（{cn_date(case.accepted_on)}）"
                      "起即为受理。")
    else:
        doc.paragraph(f"你（单位）于{cn_date(case.received_on)}提出的“{case.item_version.name}”申请，经审查，"
                      f"{'主要申请材料齐全、符合法定形式' if case.deferral_due else '申请材料齐全、符合法定形式'}。依照{LAW}"
                      f"第三十二条的规定，本机关决定予以受理，受理日期为{cn_date(case.accepted_on)}。")
    doc.paragraph(f"本机关将在{cn_date(case.deadline)}前作出决定（依法需要听证、检验、检测、鉴定、专家评审等特别程序的，"
                  "所需时间不计入办理时限）。" if case.deadline else "办理时限依法计算。")
    rows = [(cm.material.name, cm.get_status_display()) for cm in case.materials.select_related("material")]
    if rows:
        doc.heading("已收取的申请材料")
        doc.table(rows, header=("材料名称", "状态"))
    event = _accept_event(case)
    deferred = (event.data.get("deferred") if event else None) or []
    if deferred:
        doc.paragraph(f"容缺受理：下列材料请于{cn_date(case.deferral_due)}前补交：" + "、".join(deferred) +
                      "。详见《容缺受理告知书》。")
    committed = [cm.material.name for cm in case.materials.filter(status=CaseMaterial.Status.COMMITTED)
                 .select_related("material")]
    if committed:
        doc.paragraph("以告知承诺代替的材料：" + "、".join(committed) + "。本机关将依法对承诺内容进行核查；"
                      "承诺不实的，依法撤销行政许可决定并记入信用记录。")
    doc.seal(case.accepted_on)
    return doc.finish()


# ---- notices ---------------------------------------------------------------------------------------------------
def notice_pdf(case: Case, kind: str, number: int | None = None) -> bytes:
    from .law import BUILDERS

    builder = {"supplement": _supplement, "deferral": _deferral, "suspension": _suspension,
               "extension": _extension, "refusal": _refusal, **BUILDERS}.get(kind)
    if builder is None:
        raise DocumentUnavailable("没有这种告知书")
    return builder(case, number)


def _supplement(case: Case, number: int | None) -> bytes:
    notices = case.notices.order_by("-number")
    notice = notices.filter(number=number).first() if number else notices.first()
    if notice is None:
        raise DocumentUnavailable("本办件没有补正告知")
    doc = CaseDocument(NOTICE_KINDS["supplement"] + "（一次性告知）", case)
    doc.facts(("告知日期", cn_date(notice.issued_on)), ("告知次数", f"第{notice.number}次"))
    doc.addressee()
    doc.paragraph(f"你（单位）于{cn_date(case.received_on)}提出的“{case.item_version.name}”申请，申请材料不齐全或者不符合"
                  f"法定形式。依照{LAW}第三十二条的规定，现一次性告知你（单位）需要补正的全部内容如下：")
    doc.table([(str(i), it.get("name", ""), it.get("problem", "")) for i, it in enumerate(notice.items, 1)],
              header=("序号", "材料名称", "需要补正的内容"), col_widths=_widths(12, 60, 98))
    doc.paragraph("请按上述要求一次性补正全部材料。补正的申请材料齐全、符合法定形式之日起受理；"
                  "本告知书所列以外的材料，本机关不再要求补正。")
    if notice.number > 1:
        doc.paragraph("本次告知仅针对上次补正时提交的材料本身存在的问题。")
    doc.seal(notice.issued_on)
    return doc.finish()


def _deferral(case: Case, number: int | None) -> bytes:
    event = _accept_event(case)
    deferred = (event.data.get("deferred") if event else None) or []
    if not deferred or not case.deferral_due:
        raise DocumentUnavailable("本办件不是容缺受理")
    doc = CaseDocument(NOTICE_KINDS["deferral"], case)
    doc.facts(("受理日期", cn_date(case.accepted_on)), ("补交期限", cn_date(case.deferral_due)),
              ("承诺办结日期", cn_date(case.deadline)))
    doc.addressee()
    doc.paragraph(f"你（单位）提出的“{case.item_version.name}”申请，主要申请材料齐全、符合法定形式，次要材料尚有欠缺，"
                  f"本机关依照容缺受理的规定于{cn_date(case.accepted_on)}予以受理（容缺受理）。"
                  f"请于{cn_date(case.deferral_due)}前补交下列材料：")
    doc.table([(str(i), name, "原件或符合要求的电子件") for i, name in enumerate(deferred, 1)],
              header=("序号", "容缺材料", "提交形式"), col_widths=_widths(12, 90, 68))
    doc.paragraph("容缺材料补齐前，本机关不作出准予许可决定；逾期未补交的，终止办理。"
                  "补交期限不晚于承诺办结日期。")
    doc.seal(case.accepted_on)
    return doc.finish()


def _suspension(case: Case, number: int | None) -> bytes:
    rows = list(case.suspensions.order_by("started_on", "id"))
    if not rows:
        raise DocumentUnavailable("本办件没有特别程序")
    s: Suspension = rows[number - 1] if number and 0 < number <= len(rows) else rows[-1]
    label = Suspension.Kind(s.kind).label
    doc = CaseDocument(NOTICE_KINDS["suspension"], case)
    doc.facts(("特别程序", label), ("开始日期", cn_date(s.started_on)),
              ("预计所需时间", f"{s.expected_days}个工作日"), ("恢复计时", cn_date(s.resumed_on) if s.resumed_on else ""))
    doc.addressee()
    doc.paragraph(f"你（单位）申请的“{case.item_version.name}”（办件编号{case.number}），因需要{label}（{s.reason}），"
                  f"依照{LAW}第四十五条的规定，{label}所需时间不计算在行政许可期限内。现书面告知：{label}预计所需时间为"
                  f"{s.expected_days}个工作日，自{cn_date(s.started_on)}起暂停计算办理时限，{label}结束后恢复计算。")
    if s.resumed_on:
        doc.paragraph(f"该特别程序已于{cn_date(s.resumed_on)}结束，恢复计算办理时限。")
    doc.seal(s.started_on)
    return doc.finish()


def _extension(case: Case, number: int | None) -> bytes:
    if not case.extension_days:
        raise DocumentUnavailable("本办件没有延期")
    event = case.events.filter(action=lc.Action.EXTEND).order_by("-at", "-id").first()
    on = event.on if event else None
    doc = CaseDocument(NOTICE_KINDS["extension"], case)
    doc.facts(("受理日期", cn_date(case.accepted_on)), ("延长期限", f"{case.extension_days}个工作日"),
              ("延期后办结日期", cn_date(case.deadline)))
    doc.addressee()
    doc.paragraph(f"你（单位）申请的“{case.item_version.name}”（办件编号{case.number}），因{case.extension_reason}，"
                  f"不能在{case.limit_days}个工作日内作出决定。" +
                  (f"本事项依法统一、联合或集中办理，经本级人民政府负责人批准（{case.extension_approval}），依照{LAW}"
                   f"第四十二条第二款的规定，" if case.joint_handling else f"经本机关负责人批准，依照{LAW}第四十二条的规定，") +
                  f"延长{case.extension_days}个工作日，办结期限延至{cn_date(case.deadline)}。")
    doc.paragraph(f"延期理由：{case.extension_reason}")
    doc.seal(on)
    return doc.finish()


def _refusal(case: Case, number: int | None) -> bytes:
    """不予受理决定书: art. 32 wants acceptance *and refusal* given in a dated, sealed written voucher, with the
    reason, the legal basis and the applicant's remedies."""
    if case.state != lc.State.REFUSED or not case.decided_on:
        raise DocumentUnavailable("本办件未被决定不予受理")
    doc = CaseDocument("不予受理决定书", case)
    doc.facts(("决定日期", cn_date(case.decided_on)))
    doc.addressee()
    doc.paragraph(f"你（单位）于{cn_date(case.received_on)}提出的“{case.item_version.name}”申请，经审查，依照{LAW}"
                  "第三十二条的规定，本机关决定不予受理。")
    doc.heading("理由")
    doc.paragraph(case.outcome_reason)
    doc.heading("依据")
    doc.paragraph(case.outcome_basis)
    doc.heading("救济途径")
    doc.paragraph(REMEDY_SENTENCE)
    doc.seal(case.decided_on)
    return doc.finish()


# ---- 决定书 ----------------------------------------------------------------------------------------------------
def decision_pdf(case: Case, licence_number: str = "") -> bytes:
    approved = case.events.filter(action=lc.Action.APPROVE).exists()
    denied = case.events.filter(action=lc.Action.DENY).exists()
    if not case.decided_on or not (approved or denied):
        raise DocumentUnavailable("本办件尚未作出许可决定")
    decision = case.events.filter(action__in=[lc.Action.APPROVE, lc.Action.DENY]).order_by("-at", "-id").first()
    heard = (decision.data.get("hearing_record_on") if decision else "") or ""
    if approved:
        doc = CaseDocument("准予行政许可决定书", case)
        doc.facts(("受理日期", cn_date(case.accepted_on)), ("决定日期", cn_date(case.decided_on)),
                  ("电子证照编号", licence_number))
        doc.addressee()
        basis = (case.item_version.legal_basis or "").strip()
        doc.paragraph(f"你（单位）于{cn_date(case.received_on)}提出的“{case.item_version.name}”申请，本机关于"
                      f"{cn_date(case.accepted_on)}受理。经审查，申请符合法定条件、标准，依照"
                      f"{basis + '和' if basis else ''}{LAW}第三十八条第一款的规定，本机关决定准予行政许可。")
        if heard:
            doc.paragraph(f"本决定根据{heard[:4]}年{int(heard[5:7])}月{int(heard[8:10])}日听证笔录作出（{LAW}第四十八条第二款）。")
        if licence_number:
            doc.paragraph(f"本机关已签发电子证照（编号{licence_number}），可通过证照上的二维码核验真伪。")
        if case.delivery_due:
            doc.paragraph(f"依照{LAW}第四十四条的规定，本机关将于{cn_date(case.delivery_due)}前向你（单位）颁发、送达许可证件。")
    else:
        doc = CaseDocument("不予行政许可决定书", case)
        doc.facts(("受理日期", cn_date(case.accepted_on)), ("决定日期", cn_date(case.decided_on)))
        doc.addressee()
        doc.paragraph(f"你（单位）于{cn_date(case.received_on)}提出的“{case.item_version.name}”申请，本机关于"
                      f"{cn_date(case.accepted_on)}受理。经审查，申请不符合法定条件、标准，依照{LAW}第三十八条第二款"
                      "的规定，本机关决定不予行政许可。")
        if heard:
            doc.paragraph(f"本决定根据{heard[:4]}年{int(heard[5:7])}月{int(heard[8:10])}日听证笔录作出（{LAW}第四十八条第二款）。")
        doc.heading("理由")
        doc.paragraph(case.outcome_reason)
        doc.heading("依据")
        doc.paragraph(case.outcome_basis)
        doc.heading("救济途径")
        doc.paragraph(REMEDY_SENTENCE)
        extra = (case.remedy_notice or "").strip()
        if extra and extra != REMEDY_SENTENCE:
            doc.paragraph(extra)
    doc.seal(case.decided_on)
    return doc.finish()


def _widths(*mm_values):
    from reportlab.lib.units import mm

    return [v * mm for v in mm_values]
