"""Responsible units as plans write them: the closing parenthesis of a measure ("（责任单位：A、B）",
"（牵头单位：A、B；责任单位：C）", "（A、B牵头，C按职责分工负责）", "〔责任部门：…，6月底完成〕"), aliases written in
parentheses ("区行政服务中心（区大数据中心）"), catch-alls ("各相关部门", "各街道（功能区）", "区司法局等有关部门"), a level
prefix dropped after the first unit ("市行政审批局、住建局") and reposts in traditional characters. Plain Python.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# Traditional → simplified for the characters these documents use in labels and unit names (reposts in 繁體).
_T2S = str.maketrans(
    "牽頭單責門係務區縣鎮辦會員農業衛華進與發經濟財稅規劃資環這處監產權體醫療險養勞動關運輸營設計築質檢驗測審證號標準線網絡數據總廣電視貿開調應氣統報導護綠圖書園廳專項實現優範費價條齊擔當時間點長達場機構樣們協議際國聯廠鐵東億萬參擬縮減稱軍鄉級層藥藝術館織歸併轄創識訊擊緊遞聽積腦歲災儀執罰紀僑傳幣戶兒約見說讓負貢隊陸陽陰黨團壓圍濱澤灣嶺蘇滬寧莊漁觀覽論評試詢諮認請謀購貸贈輕載轉遠還邊郵鄭鍵閱陳隨難雙雜頁顧預領頻題類顯風飛駐鬥魯鳥麗齡溝淨滅灑爭獎瑪畫盡礎禮種穩窮競筆簡糧細組結給絕綜維編緩績繳續職腳補裝製複親訂記許訴診該詳語誤課談諾謝讀變貨賦趙跡車軟輔輯辭違選遺釋針鋪錄錢鎖閉闆防陣階障雲靈靜響額飲餘馬",
    "牵头单责门系务区县镇办会员农业卫华进与发经济财税规划资环这处监产权体医疗险养劳动关运输营设计筑质检验测审证号标准线网络数据总广电视贸开调应气统报导护绿图书园厅专项实现优范费价条齐担当时间点长达场机构样们协议际国联厂铁东亿万参拟缩减称军乡级层药艺术馆织归并辖创识讯击紧递听积脑岁灾仪执罚纪侨传币户儿约见说让负贡队陆阳阴党团压围滨泽湾岭苏沪宁庄渔观览论评试询咨认请谋购贷赠轻载转远还边邮郑键阅陈随难双杂页顾预领频题类显风飞驻斗鲁鸟丽龄沟净灭洒争奖玛画尽础礼种稳穷竞笔简粮细组结给绝综维编缓绩缴续职脚补装制复亲订记许诉诊该详语误课谈诺谢读变货赋赵迹车软辅辑辞违选遗释针铺录钱锁闭板防阵阶障云灵静响额饮余马",
)

OPEN, CLOSE = "（(〔[［【", "）)〕]］】"
LABEL_ROLES = {
    "牵头单位": "lead", "牵头部门": "lead", "主责单位": "lead", "主责部门": "lead",
    "责任单位": "resp", "责任部门": "resp", "责任主体": "resp", "负责单位": "resp", "实施单位": "resp",
    "配合单位": "co", "配合部门": "co", "协办单位": "co", "参与单位": "co", "协同单位": "co",
}
_LABEL_RE = re.compile("(" + "|".join(sorted(LABEL_ROLES, key=len, reverse=True)) + r")\s*[:：]?")
UNIT_SUFFIX = re.compile(r"(局|委|办|厅|室|中心|院|公司|分公司|海关|部|会|所|站|队|政府|办事处|管委会|分局|联|小区|集团|银行|处|署|台)$")
_CATCH_ALL = re.compile(r"^(各|其他|其它|相关|有关|区政府有关|区政府相关|市有关|市相关)|(有关|相关)(部门|单位|工作部门|委办局)$|^(各相关|各有关)")
_DEADLINE_IN_PAREN = re.compile(
    r"((?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日|底|末|中旬|上旬|下旬)?(?:前|之前)?(?:完成|启动|上线|出台|落实)?"
    r"|(\d{4})年(?:底|末|年底)(?:前)?(?:完成)?|年底前完成|年内完成)$")
_SPLIT = re.compile(r"[、，,；;/]|(?<=[局委办厅室院司关部会所站队府处心])(?:和|及)(?=[\u4e00-\u9fff]{2})")
_LEVEL_PREFIX = re.compile(r"^(省|市|区|县)")
_NO_PREFIX = re.compile(r"^(省|市|区|县|各|国家|中国|中共|国网|公安|海关)|公司|分局|海关|法院|检察院|小区|街道|镇|管委会|集团")


def to_simplified(text: str) -> str:
    return text.translate(_T2S)


@dataclass
class Unit:
    name: str
    aliases: list[str] = field(default_factory=list)
    catch_all: bool = False
    and_others: bool = False  # "区司法局等" — a real unit, and others unnamed

    def as_dict(self) -> dict:
        d = {"name": self.name}
        if self.aliases:
            d["aliases"] = self.aliases
        if self.catch_all:
            d["catch_all"] = True
        if self.and_others:
            d["and_others"] = True
        return d


@dataclass
class Responsibility:
    leads: list[Unit] = field(default_factory=list)  # the first leads; any others co-lead
    co: list[Unit] = field(default_factory=list)
    deadline_text: str = ""
    raw: str = ""

    @property
    def lead(self) -> Unit | None:
        return self.leads[0] if self.leads else None

    @property
    def co_units(self) -> list[Unit]:
        return self.leads[1:] + self.co

    def empty(self) -> bool:
        return not self.leads and not self.co


def trailing_parenthesis(text: str) -> tuple[str, str] | None:
    """The last bracketed group at the end of `text` (after optional full stop): (text before, inside)."""
    t = text.rstrip().rstrip("。.；;")
    if not t or t[-1] not in CLOSE:
        return None
    depth, i = 0, len(t) - 1
    while i >= 0:
        ch = t[i]
        if ch in CLOSE:
            depth += 1
        elif ch in OPEN:
            depth -= 1
            if depth == 0:
                return t[:i].rstrip(), t[i + 1:-1].strip()
        i -= 1
    return None


def looks_like_responsibility(inside: str) -> bool:
    s = to_simplified(inside)
    return bool(_LABEL_RE.search(s)) or bool(re.search(r"牵头|按职责分工负责|配合$|负责$", s))


def _clean_name(name: str) -> str:
    name = name.strip().strip("。.：: ")
    return re.sub(r"\s+", "", name)


def _alias_split(name: str) -> tuple[str, list[str]]:
    """"区行政服务中心(区大数据中心)" → ("区行政服务中心", ["区大数据中心"]); "各街道（功能区）" stays whole."""
    m = re.match(r"^(.+?)[（(]([^（）()]+)[）)]$", name)
    if m and UNIT_SUFFIX.search(m.group(2)) and UNIT_SUFFIX.search(m.group(1)):
        return m.group(1), [m.group(2)]
    return name, []


def _split_top(s: str) -> list[str]:
    """Split on separators outside parentheses."""
    parts, depth, cur = [], 0, ""
    i = 0
    while i < len(s):
        ch = s[i]
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        if depth == 0:
            m = _SPLIT.match(s, i)
            if m and m.end() > i:
                parts.append(cur)
                cur = ""
                i = m.end()
                continue
        cur += ch
        i += 1
    parts.append(cur)
    return [p for p in (_clean_name(p) for p in parts) if p]


def parse_unit_list(s: str) -> list[Unit]:
    units: list[Unit] = []
    prefix = ""
    for i, raw in enumerate(_split_top(s)):
        name = raw
        and_others = False
        m = re.match(r"^(.+?)等(有关|相关)?(部门|单位)?$", name)
        if m and UNIT_SUFFIX.search(m.group(1)):
            name, and_others = m.group(1), True
        if _CATCH_ALL.search(name):
            units.append(Unit(name=name, catch_all=True))
            continue
        name, aliases = _alias_split(name)
        if i == 0 or not prefix:
            pm = _LEVEL_PREFIX.match(name)
            prefix = pm.group(1) if (pm and i == 0) else prefix
        elif not _NO_PREFIX.search(name) and len(name) <= 7 and UNIT_SUFFIX.search(name):
            name = prefix + name  # "市行政审批局、住建局": the city prefix carried over
        units.append(Unit(name=name, aliases=aliases, and_others=and_others))
        if and_others:
            units.append(Unit(name="其他有关部门", catch_all=True))
    return units


def _split_deadline(s: str) -> tuple[str, str]:
    """A deadline written at the end of the parenthesis ("…，6月底完成") → (units part, deadline text)."""
    parts = re.split(r"[，,；;]", s)
    last = parts[-1].strip()
    last_plain = re.sub(r"^(完成时限|时间节点|完成时间|时限)[:：]?", "", last)
    if len(parts) > 1 and _DEADLINE_IN_PAREN.search(last_plain) and not UNIT_SUFFIX.search(last_plain):
        return s[: len(s) - len(parts[-1])].rstrip("，,；; "), last_plain
    return s, ""


def parse_responsibility(inside: str) -> Responsibility:
    s = to_simplified(inside).strip()
    s, deadline = _split_deadline(s)
    r = Responsibility(raw=inside, deadline_text=deadline)
    labels = list(_LABEL_RE.finditer(s))
    if labels:
        for n, m in enumerate(labels):
            end = labels[n + 1].start() if n + 1 < len(labels) else len(s)
            chunk = s[m.end():end].strip("；;，, ")
            units = parse_unit_list(chunk)
            role = LABEL_ROLES[m.group(1)]
            if role == "lead" or (role == "resp" and not r.leads):
                if role == "resp" and not r.leads:
                    r.leads, r.co = units[:1], r.co + units[1:]
                else:
                    r.leads += units
            else:
                r.co += units
        return r
    # "(A、B牵头，C按职责分工负责)" / "(A牵头，B、C配合)"
    m = re.match(r"^(.+?)牵头[，,；;]?(.*)$", s)
    if m:
        r.leads = parse_unit_list(m.group(1))
        rest = re.sub(r"(按职责分工负责|按职责负责|分工负责|共同负责|配合|参与|负责)$", "", m.group(2).strip())
        r.co = parse_unit_list(rest) if rest else []
        return r
    m = re.match(r"^(.+?)(负责|按职责分工负责)$", s)
    if m:
        units = parse_unit_list(m.group(1))
        r.leads, r.co = units[:1], units[1:]
    return r
