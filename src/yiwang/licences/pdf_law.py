"""The written decisions on a licence after its issue (行政许可法 arts. 49, 50, 70): 准予/不予延续决定书, 视为准予延续
告知书, 准予/不予变更决定书, 注销决定书 — PDFs with the embedded CJK font, the seal line and a QR code to the licence's
public verification."""
from __future__ import annotations

from urllib.parse import urlencode

from yiwang.common.pdf import Document

from . import conf
from .models import Licence, LicenceEvent

LAW = "《中华人民共和国行政许可法》"
TITLES = {
    LicenceEvent.Kind.RENEWED: "准予延续行政许可决定书",
    LicenceEvent.Kind.DEEMED_RENEWED: "视为准予延续告知书",
    LicenceEvent.Kind.RENEWAL_DENIED: "不予延续行政许可决定书",
    LicenceEvent.Kind.CHANGED: "准予变更行政许可决定书",
    LicenceEvent.Kind.CHANGE_DENIED: "不予变更行政许可决定书",
    LicenceEvent.Kind.CANCELLED: "注销行政许可决定书",
}
REMEDY = ("如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到本决定书之日起六个月内依法向"
          "人民法院提起行政诉讼。")


def _d(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "—"


def event_pdf(licence: Licence, event: LicenceEvent) -> bytes:
    if event.kind not in TITLES:
        raise LookupError("该证照记录没有决定书")
    doc = Document(TITLES[event.kind], subtitle=licence.department.name)
    doc.table([("证照编号", licence.number), ("证照类型", licence.licence_type), ("持证主体", licence.holder_name),
               ("决定日期", _d(event.on))])
    doc.spacer(3)
    doc.paragraph(f"{licence.holder_name}：")
    k = LicenceEvent.Kind
    if event.kind in (k.RENEWED, k.DEEMED_RENEWED):
        old, new = (event.changes.get("valid_until") or ["", ""])[:2]
        if event.kind == k.RENEWED:
            doc.paragraph(f"你（单位）申请延续“{licence.licence_type}”（编号{licence.number}）的有效期。经审查，依照{LAW}"
                          f"第五十条的规定，本机关决定准予延续，有效期由{old}延续至{new}。")
        else:
            doc.paragraph(f"你（单位）在有效期届满三十日前申请延续“{licence.licence_type}”（编号{licence.number}），本机关未在"
                          f"有效期届满（{old}）前作出是否准予延续的决定。依照{LAW}第五十条第二款的规定，视为准予延续，"
                          f"有效期延续至{new}。")
        doc.paragraph("电子证照已按延续后的有效期重新签发（原证照编号不变），原二维码仍可核验并显示延续情况。")
    elif event.kind == k.CHANGED:
        rows = [("持证主体名称" if f == "holder_name" else "许可范围", str(v[0]), str(v[1]))
                for f, v in event.changes.items()]
        doc.paragraph(f"你（单位）申请变更“{licence.licence_type}”（编号{licence.number}）的许可事项。经审查，符合法定条件、"
                      f"标准，依照{LAW}第四十九条的规定，本机关决定准予变更：")
        doc.table(rows, header=("事项", "变更前", "变更后"))
        doc.paragraph("电子证照已按变更后的内容重新签发（原证照编号不变），原二维码仍可核验并显示变更情况。")
    elif event.kind in (k.RENEWAL_DENIED, k.CHANGE_DENIED):
        what = "延续" if event.kind == k.RENEWAL_DENIED else "变更"
        doc.paragraph(f"你（单位）申请{what}“{licence.licence_type}”（编号{licence.number}）。经审查，本机关决定不予{what}。")
        doc.heading("理由")
        doc.paragraph(event.note)
        doc.heading("救济途径")
        doc.paragraph(REMEDY)
    else:
        doc.paragraph(f"依照{LAW}第七十条的规定，本机关决定注销“{licence.licence_type}”（编号{licence.number}）。")
        doc.heading("注销情形与原因")
        doc.paragraph(event.note)
        doc.paragraph("注销自本决定作出之日起生效，电子证照核验时显示“已注销”及注销的日期和原因。")
        if (event.changes or {}).get("ground") not in ("expired", "holder_ended"):
            doc.heading("救济途径")
            doc.paragraph(REMEDY)
    doc.spacer(8)
    doc.paragraph(f"{licence.department.name}（印章）")
    doc.paragraph(_d(event.on))
    link = conf.public_url() + "/licences/verify/?" + urlencode({"p": licence.token})
    doc.qr(link, caption="扫码核验电子证照", size_mm=28)
    return doc.build()
