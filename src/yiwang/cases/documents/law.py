"""Documents of 行政许可法 arts. 46–48 and of 容缺受理: 听证权利告知书, 听证通知书 (and 听证公告), 听证笔录, 容缺受理承诺书.
Built from the case as stored, with the embedded CJK font, the seal line and the QR code (see builders)."""
from __future__ import annotations

from ..models import Case
from .builders import LAW, CaseDocument, DocumentUnavailable, cn_date

LAW_KINDS = {
    "hearing_right": "听证权利告知书",
    "hearing_notice": "听证通知书",
    "hearing_record": "听证笔录",
    "deferral_commitment": "容缺受理承诺书",
}


def _hearing(case: Case, number: int | None):
    rows = list(case.hearings.select_related("host").order_by("id"))
    if not rows:
        raise DocumentUnavailable("本办件没有听证")
    return rows[number - 1] if number and 0 < number <= len(rows) else rows[-1]


def hearing_right(case: Case, number: int | None) -> bytes:
    h = _hearing(case, number)
    if h.kind != h.Kind.REQUESTED:
        raise DocumentUnavailable("本次听证为行政机关依职权举行，没有听证权利告知书")
    doc = CaseDocument(LAW_KINDS["hearing_right"], case)
    doc.facts(("告知日期", cn_date(h.notified_on)), ("申请听证期限", cn_date(h.request_due)))
    doc.addressee()
    doc.paragraph(f"你（单位）申请的“{case.item_version.name}”（办件编号{case.number}），直接涉及申请人与他人之间的重大利益：" 
                  f"{h.matter}。依照{LAW}第四十七条的规定，本机关在作出行政许可决定前，告知你（单位）及利害关系人享有要求"
                  f"听证的权利。要求听证的，请于{cn_date(h.request_due)}前（告知之日起五个工作日内）提出；本机关将在收到"
                  "申请之日起二十个工作日内组织听证。申请人、利害关系人不承担组织听证的费用。")
    if h.interested_parties:
        doc.heading("同时告知的利害关系人")
        doc.table([(p["name"], p.get("contact", "")) for p in h.interested_parties], header=("姓名或名称", "联系方式"))
    doc.paragraph("逾期未提出听证申请的，视为放弃听证权利。")
    doc.seal(h.notified_on)
    return doc.finish()


def hearing_notice(case: Case, number: int | None) -> bytes:
    h = _hearing(case, number)
    if not h.scheduled_for:
        raise DocumentUnavailable("听证尚未确定时间、地点")
    doc = CaseDocument(LAW_KINDS["hearing_notice"] + ("（公告）" if h.public else ""), case)
    doc.facts(("听证日期", cn_date(h.scheduled_for)), ("听证地点", h.place), ("主持人", str(h.host) if h.host else ""),
              ("是否公开", "公开" if h.public else "不公开"), ("通知日期", cn_date(h.parties_told_on)))
    doc.addressee()
    origin = (f"{h.requested_by}于{cn_date(h.requested_on)}提出的听证申请" if h.kind == h.Kind.REQUESTED
              else "本机关认为需要听证的涉及公共利益的重大行政许可事项")
    doc.paragraph(f"关于“{case.item_version.name}”（办件编号{case.number}）{origin}，听证事项：{h.matter}。依照{LAW}"
                  f"第四十八条的规定，本机关定于{cn_date(h.scheduled_for)}在{h.place}举行"
                  f"{'公开' if h.public else '不公开'}听证，由{h.host}主持（审查该行政许可申请的工作人员以外的人员）。")
    doc.paragraph("申请人、利害关系人认为主持人与该行政许可事项有直接利害关系的，有权申请回避。举行听证时，审查该行政许可申请的"
                  "工作人员应当提供审查意见的证据、理由，申请人、利害关系人可以提出证据，并进行申辩和质证。")
    if h.public and h.announcement:
        doc.heading("公告")
        doc.paragraph(h.announcement)
    if h.recusal_decision:
        doc.heading("回避")
        doc.paragraph(f"{h.recusal_requested_by}于{cn_date(h.recusal_requested_on)}申请主持人回避（{h.recusal_reason}），"
                      f"本机关决定{'准予回避，主持人更换为' + str(h.host) if h.recusal_decision == 'granted' else '不予回避'}。"
                      f"理由：{h.recusal_note}")
    doc.seal(h.parties_told_on)
    return doc.finish()


def hearing_record(case: Case, number: int | None) -> bytes:
    h = _hearing(case, number)
    if h.status != h.Status.HELD:
        raise DocumentUnavailable("听证尚未举行，没有听证笔录")
    doc = CaseDocument(LAW_KINDS["hearing_record"], case)
    doc.facts(("听证日期", cn_date(h.held_on)), ("听证地点", h.place), ("主持人", str(h.host) if h.host else ""),
              ("是否公开", "公开" if h.public else "不公开"))
    doc.heading("听证事项")
    doc.paragraph(h.matter)
    doc.heading("笔录")
    for para in [p for p in h.record.splitlines() if p.strip()] or [h.record]:
        doc.paragraph(para)
    doc.heading("听证参加人确认签字")
    doc.table([(str(i), name, "已确认签字") for i, name in enumerate(h.signatories, 1)],
              header=("序号", "姓名", "确认"))
    doc.paragraph(f"依照{LAW}第四十八条第二款的规定，行政机关应当根据本听证笔录作出行政许可决定。")
    doc.seal(h.held_on)
    return doc.finish()


def deferral_commitment(case: Case, number: int | None) -> bytes:
    rows = list(case.deferral_commitments.order_by("id"))
    if not rows:
        raise DocumentUnavailable("本办件没有容缺受理承诺书")
    c = rows[number - 1] if number and 0 < number <= len(rows) else rows[-1]
    doc = CaseDocument(LAW_KINDS["deferral_commitment"], case)
    doc.facts(("补交期限", cn_date(c.due_on)), ("签署方式", c.get_via_display()), ("签署人", c.signer_name),
              ("签署时间", f"{c.signed_at:%Y-%m-%d %H:%M}"))
    doc.paragraph(c.text)
    doc.table([(str(i), name, "原件或符合要求的电子件") for i, name in enumerate(c.materials, 1)],
              header=("序号", "容缺材料", "提交形式"))
    doc.paragraph(f"承诺人：{c.signer_name}（{c.get_via_display()}）")
    doc.seal(c.signed_at.date())
    return doc.finish()


BUILDERS = {"hearing_right": hearing_right, "hearing_notice": hearing_notice, "hearing_record": hearing_record,
            "deferral_commitment": deferral_commitment}
