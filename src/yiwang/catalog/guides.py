"""办事指南: what a guide says about an item version or a bundle, as rows shared by the page and the PDF."""
from __future__ import annotations

from django.urls import reverse

from yiwang.common.pdf import Document

from . import conf
from .domain import terms
from .queries import bundle_guide


def days(n) -> str:
    if n is None:
        return "无法定时限"
    return "即办" if n == 0 else f"{n}个工作日"


def handling_modes(v) -> list[str]:
    out = []
    if v.fully_online:
        out.append("全程网办")
    elif v.max_visits == 0:
        out.append("零跑动")
    elif v.max_visits == 1:
        out.append("最多跑一次")
    else:
        out.append(f"最多跑{v.max_visits}次")
    for flag, label in (("on_the_spot", "当场办结"), ("advance_service", "提前服务"), ("same_year_landing", "当年落地"),
                        ("express", "快办"), ("commitment_allowed", "告知承诺"), ("service_8x365", "8×365")):
        if getattr(v, flag):
            out.append(label)
    if v.is_immediate:
        out.append("即办件")
    return out


def item_rows(item, v) -> list[tuple[str, str]]:
    fees = "不收费" if v.is_free else "；".join(f"{f.name}：{f.standard}（依据：{f.basis}）" for f in v.fees.all())
    holiday = "是" if v.holiday_service else "否"
    if v.holiday_note:
        holiday += f"（{v.holiday_note}）"
    where = "；".join(f"{h.name}（{h.address}，{h.opening_hours}）" for h in v.halls.all())
    windows = "、".join(f"{w.hall.name}{w.number}号窗口" for w in v.windows.select_related("hall"))
    return [
        ("事项名称", v.name), ("事项编码", item.code), ("事项类型", v.get_item_type_display()),
        ("实施部门", item.department.name), ("行使层级", v.get_level_display()),
        ("法定办结时限", days(v.legal_limit_days)), ("承诺办结时限", days(v.promised_limit_days)),
        ("审批层级", v.get_approval_tier_display()), ("办理方式", "、".join(handling_modes(v))),
        ("收费", fees), ("须预约", "是" if v.appointment_required else "否"),
        ("节假日可办", holiday), ("办理地点", where or "—"), ("办理窗口", windows or "—"),
        ("网上办理", v.online_url or "—"), ("咨询电话", v.consult_phone or item.department.phone or "—"),
        ("版本", f"第{v.number}版，{v.effective_date:%Y年%m月%d日}起施行" if v.number else "草稿"),
    ]


def material_rows(v) -> list[list[str]]:
    rows = []
    for i, m in enumerate(v.materials.all(), 1):
        need = terms.requirement(m.requirement == m.Requirement.REQUIRED, m.condition)
        notes = []
        if m.is_key:
            notes.append(terms.KEY)
        if m.exempt_by_sharing:
            notes.append(terms.exempt_status(m.sharing_source))
        if m.deferrable:
            notes.append(terms.DEFERRABLE)
        if m.commitment_replaceable:
            notes.append(terms.COMMITMENT)
        rows.append([str(i), m.name, need, f"原件{m.originals}份，复印件{m.copies}份", "、".join(notes) or "—"])
    return rows


def item_url(item) -> str:
    return conf.public_url() + reverse("catalog:item", args=[item.pk])


def bundle_url(bundle) -> str:
    return conf.public_url() + reverse("catalog:bundle", args=[bundle.pk])


def item_pdf(item, version=None) -> bytes:
    v = version or item.current_version
    doc = Document(f"{v.name} 办事指南", subtitle=item.department.name)
    doc.heading("一、基本信息").table(item_rows(item, v))
    doc.heading("二、设定依据").paragraph(v.legal_basis or "—")
    doc.heading("三、受理条件").paragraph(v.conditions or "—")
    doc.heading("四、申请材料").table(material_rows(v), header=["序号", "材料名称", "必要性", "份数", "说明"])
    doc.heading("五、办理流程").bullets(v.step_list or ["—"])
    if v.remedy:
        doc.heading("六、救济途径").paragraph(v.remedy)
    doc.spacer().qr(item_url(item), caption=f"扫码查看在线办事指南：{item_url(item)}")
    return doc.build()


def bundle_pdf(bundle) -> bytes:
    g = bundle_guide(bundle)
    doc = Document(f"{bundle.name}（一件事）办事指南", subtitle="、".join(g["departments"]))
    doc.paragraph(bundle.description)
    doc.heading("一、包含事项").table(
        [[i.name, i.department.name, days(v.promised_limit_days)] for i, v in g["items"]],
        header=["事项", "实施部门", "承诺时限"])
    doc.paragraph(f"整体承诺时限：{days(g['promised_limit_days'])}（并联办理、一次办成）")
    doc.heading("二、申请材料（合并去重）").table(
        [[str(n), m["name"], terms.requirement(m["requirement"] == "required", m["condition"]),
          "、".join(m["items"]), terms.EXEMPT if m["exempt_by_sharing"] else ""]
         for n, m in enumerate(g["materials"], 1)],
        header=["序号", "材料名称", "必要性", "用于事项", "说明"])
    doc.heading("三、一表申请字段").paragraph("、".join(g["form_fields"]) or "—")
    doc.spacer().qr(bundle_url(bundle), caption=f"扫码查看在线办事指南：{bundle_url(bundle)}")
    return doc.build()
