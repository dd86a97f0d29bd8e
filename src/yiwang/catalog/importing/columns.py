"""The columns of the import workbook, how each cell is read, and the platform's defaults for what a published
catalogue does not say. Only 事项编码, 事项名称, 事项类型 and a department column are required; any other column may
be absent (its field takes the default) and any cell blank."""
from __future__ import annotations

from django.conf import settings

from ..models import (JOINT_HANDLING_CHOICES, ApprovalTier, ExercisingLevel, ItemType, ItemVersion, Material,
                      RiskDomain)

ITEM_SHEET, MATERIAL_SHEET = "事项", "材料"
BOOL = "bool"


class CellError(ValueError):
    pass


# (key, header, kind, other headers seen in published catalogues)
class JointHandling:
    """行政许可法 art. 26 (统一办理 / 联合办理 / 集中办理): these items' limit is 45 working days (art. 42)."""
    choices = JOINT_HANDLING_CHOICES


ITEM_COLUMNS = [
    ("code", "事项编码", str, ("实施编码", "事项实施编码", "实施清单编码")),
    ("department", "实施部门代码", str, ("部门代码",)),
    ("name", "事项名称", str, ("实施清单名称", "业务办理项名称")),
    ("item_type", "事项类型", ItemType, ()),
    ("level", "行使层级", ExercisingLevel, ()),
    ("legal_basis", "设定依据", str, ()),
    ("legal_limit_days", "法定办结时限（工作日）", "int?", ("法定办结时限",)),
    ("promised_limit_days", "承诺办结时限（工作日）", "int?", ("承诺办结时限",)),
    ("approval_tier", "审批层级", ApprovalTier, ()),
    ("joint_handling", "统一/联合/集中办理", JointHandling, ("统一、联合、集中办理",)),
    ("fully_online", "全程网办", BOOL, ()),
    ("max_visits", "最多跑动次数", "int?", ("到现场次数",)),
    ("on_the_spot", "当场办结", BOOL, ()),
    ("advance_service", "提前服务", BOOL, ()),
    ("same_year_landing", "当年落地", BOOL, ()),
    ("express", "快办", BOOL, ()),
    ("conditions", "受理条件", str, ()),
    ("steps", "办理流程", str, ()),
    ("form_fields", "申请表字段", str, ()),
    ("is_free", "不收费", BOOL, ()),
    ("fees", "收费项目（每行：名称|标准|依据）", "fees", ("收费项目",)),
    ("service_8x365", "8×365", BOOL, ()),
    ("holiday_service", "节假日公共服务", BOOL, ()),
    ("holiday_note", "节假日服务说明", str, ()),
    ("appointment_required", "须预约", BOOL, ()),
    ("online_url", "网上办理地址", str, ()),
    ("consult_phone", "咨询电话", str, ()),
    ("remedy", "救济途径", str, ()),
    ("commitment_allowed", "可告知承诺", BOOL, ()),
    ("risk_domain", "涉及领域", RiskDomain, ()),
    ("halls", "办理大厅代码", "list", ()),
    ("topics", "主题代码", "list", ()),
    ("zero_material", "零材料", BOOL, ()),
    ("department_name", "实施部门", str, ("实施主体", "实施机构", "实施部门名称", "部门名称")),
    ("filing_code", "实施主体编码", str, ("实施机构编码", "实施主体统一社会信用代码")),
    ("main_item", "主项编码", str, ("所属主项编码",)),
]
ITEM_REQUIRED = {"code", "name", "item_type"}
MATERIAL_COLUMNS = [
    ("item", "事项编码", str, ("实施编码",)), ("order", "序号", "int?", ()), ("name", "材料名称", str, ()),
    ("code", "材料编码", str, ()), ("requirement", "必要性", Material.Requirement, ("材料必要性",)),
    ("condition", "提交情形", str, ()), ("originals", "原件份数", "int?", ("原件数量",)),
    ("copies", "复印件份数", "int?", ("复印件数量",)), ("exempt_by_sharing", "免提交", BOOL, ()),
    ("sharing_source", "替代来源", str, ()), ("is_key", "关键材料", BOOL, ()), ("deferrable", "可容缺", BOOL, ()),
    ("commitment_replaceable", "可告知承诺替代", BOOL, ()), ("note", "备注", str, ()),
]
MATERIAL_REQUIRED = {"item", "name"}
LABELS = {k: h for k, h, *_ in ITEM_COLUMNS} | {"materials": "申请材料", "windows": "办理窗口",
                                                 "department": "实施部门"}

# Version fields filled from a default when the file does not say, and so listed as 待完善 on the item.
DEFAULTED = ["level", "promised_limit_days", "approval_tier", "fully_online", "max_visits", "on_the_spot",
             "advance_service", "same_year_landing", "express", "is_free", "service_8x365", "holiday_service",
             "appointment_required", "commitment_allowed"]


def default_promised_days() -> int:
    """承诺办结时限 when neither it nor a legal limit is given: 20 working days, the general limit of 行政许可法
    art. 42 (YIWANG_CATALOG_DEFAULT_PROMISED_DAYS)."""
    return int(getattr(settings, "YIWANG_CATALOG_DEFAULT_PROMISED_DAYS", 20))


def default_of(key: str):
    return ItemVersion._meta.get_field(key).get_default()


def default_label(key: str, value) -> str:
    """The default as a person reads it (for the report)."""
    if key == "promised_limit_days":
        return "同法定办结时限；无法定时限时为" + str(default_promised_days()) + "个工作日"
    if isinstance(value, bool):
        return "是" if value else "否"
    field = ItemVersion._meta.get_field(key)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    return str(value)


# labels a choice had before, still read from older spreadsheets (the catalogue's own exports carried them)
OLD_LABELS = {Material.Requirement: {"容缺情形/特定情形提交": Material.Requirement.CONDITIONAL}}
TRUE = {"是", "1", "True", "true", "TRUE", "Y", "y", "√"}
FALSE = {"否", "0", "False", "false", "FALSE", "N", "n", "×"}


def read_cell(value, kind, header):
    """A cell's value, or None when blank (the caller applies the default). Raises CellError."""
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        return None
    if kind is str:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    if kind == BOOL:
        if str(value) in TRUE or value is True:
            return True
        if str(value) in FALSE or value is False:
            return False
        raise CellError(f"“{header}”应填“是”或“否”，当前为“{value}”")
    if kind == "int?":
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise CellError(f"“{header}”应为整数，当前为“{value}”") from None
        if number != int(number) or number < 0:
            raise CellError(f"“{header}”应为不小于0的整数，当前为“{value}”")
        return int(number)
    if kind == "list":
        return [p.strip() for p in str(value).replace(",", "、").replace("，", "、").split("、") if p.strip()]
    if kind == "fees":
        fees = []
        for line in str(value).splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 3:
                raise CellError(f"“{header}”每行应为“名称|标准|依据”，当前为“{line}”")
            fees.append(dict(zip(("name", "standard", "basis"), parts)))
        return fees
    text = str(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    for val, label in kind.choices:
        if text in (str(label), str(val)):
            return val
    if text in OLD_LABELS.get(kind, {}):
        return OLD_LABELS[kind][text]
    raise CellError(f"“{header}”的值“{value}”无效，可选：{'、'.join(str(lbl) for _, lbl in kind.choices if lbl)}")


def write_cell(value, kind):
    """A value as the export writes it (the inverse of read_cell)."""
    if value is None:
        return ""
    if kind == BOOL:
        return "是" if value else "否"
    if kind == "list":
        return "、".join(value)
    if kind == "fees":
        return "\n".join(f"{f['name']}|{f['standard']}|{f['basis']}" for f in value)
    if isinstance(kind, type) and hasattr(kind, "choices"):
        return str(dict(kind.choices).get(value, value)) if value != "" else ""
    return value


def header_index(headers: list[str], columns) -> tuple[dict, list[str]]:
    """Column positions by key (first of the header or its aliases found) and the headers not understood."""
    index, known = {}, set()
    for key, header, _kind, aliases in columns:
        for h in (header, *aliases):
            if h in headers:
                index[key] = headers.index(h)
                known.add(h)
                break
    unknown = [h for h in headers if h and h not in known]
    return index, unknown
