"""Shapes of the demo data and the pure checks on it (no Django import)."""
from __future__ import annotations

from dataclasses import dataclass, field

# 事项类型 numbers as on the national platform (catalog.models.ItemType).
LICENSING, BENEFIT, LEVY, CONFIRMATION, AWARD, ADJUDICATION, OTHER_POWER, PUBLIC_SERVICE = 1, 5, 4, 7, 8, 9, 10, 20
# One letter per type in the (fictional) 14-character basic code.
TYPE_LETTERS = {1: "A", 4: "D", 5: "E", 7: "G", 8: "H", 9: "J", 10: "K", 20: "Q"}

ONE, TWO, THREE = "one_step", "two_step", "three_step"

# Standard codes of materials shared between items, so that a bundle asks for each only once.
MATERIAL_CODES = {
    "申请人身份证明": "M-SFZM",
    "营业执照": "M-YYZZ",
    "法定代表人身份证明": "M-FDDBR",
    "住所（经营场所）使用证明": "M-ZSZM",
    "公司章程": "M-GSZC",
    "不动产权证书": "M-BDCQZ",
    "不动产买卖合同": "M-MMHT",
    "居民户口簿": "M-HKB",
    "出生医学证明": "M-CSYXZM",
    "建设工程规划许可证": "M-GHXKZ",
    "建设用地规划许可证": "M-YDXKZ",
    "施工图设计文件审查合格书": "M-STSC",
    "用水（用电、用气）户名过户申请表": "M-SDQGH",
}

REMEDY = ("对决定不服的，可以自知道该行政行为之日起六十日内依法申请行政复议（《中华人民共和国行政复议法》第二十条），"
          "或者自知道作出行政行为之日起六个月内依法提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）。")


@dataclass(frozen=True)
class MaterialSpec:
    name: str
    is_key: bool = False
    deferrable: bool = False
    commitment_replaceable: bool = False
    exempt_by_sharing: bool = False
    sharing_source: str = ""
    condition: str = ""  # non-empty: 特定情形提交
    originals: int = 1
    copies: int = 0

    @property
    def code(self) -> str:
        return MATERIAL_CODES.get(self.name, "")


def M(name: str, flags: str = "", condition: str = "", source: str = "", copies: int = 0) -> MaterialSpec:
    """A material in short: flags K key, D deferrable (容缺), C replaceable by commitment (告知承诺),
    S exempt by shared data / e-licence (免提交, `source` names it)."""
    return MaterialSpec(
        name=name, is_key="K" in flags, deferrable="D" in flags, commitment_replaceable="C" in flags,
        exempt_by_sharing="S" in flags, sharing_source=source if "S" in flags else "", condition=condition,
        originals=0 if "S" in flags else 1, copies=copies,
    )


@dataclass(frozen=True)
class FeeSpec:
    name: str
    standard: str
    basis: str


@dataclass(frozen=True)
class ItemSpec:
    key: str  # stable natural key inside the demo data (used by bundles)
    department: str  # Department.code
    name: str
    item_type: int
    legal_basis: str
    legal_limit: int | None
    promised_limit: int
    tier: str
    materials: tuple[MaterialSpec, ...]
    topics: tuple[str, ...] = ()
    seq: int = 1
    fully_online: bool = True
    express: bool = False
    on_the_spot: bool = False
    advance_service: bool = False
    same_year_landing: bool = False
    holiday_service: bool = False
    appointment_required: bool = False
    commitment_allowed: bool = False
    risk_domain: str = ""
    level: str = "district"
    fees: tuple[FeeSpec, ...] = ()
    conditions: str = ""
    form_fields: tuple[str, ...] = ()
    community: bool = False  # also handled at the 社区事务受理服务中心

    @property
    def max_visits(self) -> int:
        return 0 if self.fully_online else 1

    @property
    def is_free(self) -> bool:
        return not self.fees


def item(key, department, name, item_type, basis, legal, promised, tier, materials, **kw) -> ItemSpec:
    return ItemSpec(key=key, department=department, name=name, item_type=item_type, legal_basis=basis,
                    legal_limit=legal, promised_limit=promised, tier=tier, materials=tuple(materials), **kw)


@dataclass(frozen=True)
class TopicSpec:
    code: str
    name: str
    audience: str  # natural / legal / both
    order: int = 0


@dataclass(frozen=True)
class BundleSpec:
    code: str
    name: str
    description: str
    topic: str
    lead_department: str
    items: tuple[str, ...]  # ItemSpec.key, in order
    promised_limit: int | None = None


STEPS = {
    ONE: ["网上或窗口提交申请", "受理并审查决定（审核合一）", "办结，电子证照推送或统一窗口出件"],
    TWO: ["网上或窗口提交申请", "受理", "审核", "审批决定", "办结，电子证照推送或统一窗口出件"],
    THREE: ["网上或窗口提交申请", "受理", "审查", "审核", "单位负责人审批决定", "办结，电子证照推送或统一窗口出件"],
}


def check_items(items: list[ItemSpec], department_codes: set[str], topic_codes: set[str]) -> list[str]:
    """Problems in the demo items (empty when sane): unique keys, known departments and topics, limits, materials."""
    problems: list[str] = []
    seen: set[str] = set()
    seqs: set[tuple[str, int]] = set()
    for it in items:
        where = f"{it.key}（{it.name}）"
        if it.key in seen:
            problems.append(f"{where}: 重复的键")
        seen.add(it.key)
        if (it.department, it.seq) in seqs:
            problems.append(f"{where}: 部门内序号重复")
        seqs.add((it.department, it.seq))
        if it.department not in department_codes:
            problems.append(f"{where}: 未知部门 {it.department}")
        for t in it.topics:
            if t not in topic_codes:
                problems.append(f"{where}: 未知主题 {t}")
        if it.legal_limit is not None and it.promised_limit > it.legal_limit:
            problems.append(f"{where}: 承诺时限超过法定时限")
        if it.on_the_spot and it.promised_limit != 0:
            problems.append(f"{where}: 当场办结但承诺时限不为0")
        if it.item_type not in TYPE_LETTERS or it.tier not in STEPS:
            problems.append(f"{where}: 事项类型或审批层级无效")
        names = [m.name for m in it.materials]
        if len(names) != len(set(names)):
            problems.append(f"{where}: 材料重复")
        for m in it.materials:
            if m.is_key and m.deferrable:
                problems.append(f"{where}: 关键材料“{m.name}”不得容缺")
            if m.commitment_replaceable and not it.commitment_allowed:
                problems.append(f"{where}: 材料“{m.name}”可承诺替代，但事项未开放告知承诺")
            if m.exempt_by_sharing and (m.deferrable or not m.sharing_source):
                problems.append(f"{where}: 免提交材料“{m.name}”须写明替代来源且无需容缺")
        if it.commitment_allowed and it.risk_domain:
            problems.append(f"{where}: 涉及{it.risk_domain}的事项不得告知承诺")
        if "第" not in it.legal_basis or "《" not in it.legal_basis:
            problems.append(f"{where}: 设定依据应写明法律法规名称和条款")
    return problems


def check_bundles(bundles: list[BundleSpec], item_keys: set[str], topic_codes: set[str],
                  department_codes: set[str]) -> list[str]:
    problems = []
    for b in bundles:
        if len(b.items) < 2:
            problems.append(f"{b.name}: 一件事至少包含两个事项")
        for key in b.items:
            if key not in item_keys:
                problems.append(f"{b.name}: 未知事项 {key}")
        if b.topic not in topic_codes:
            problems.append(f"{b.name}: 未知主题 {b.topic}")
        if b.lead_department not in department_codes:
            problems.append(f"{b.name}: 未知牵头部门 {b.lead_department}")
    return problems
