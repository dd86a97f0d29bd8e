"""Real-shaped catalogue files, generated (tests and bench/): the code shapes and proportions a Sichuan
district's published catalogue has (issue 9), with departments named as the provincial platform lists them,
a bureau filing under five codes, two bureaus sharing one, and one whose own code is malformed. No one's data
is copied: names are built from common item names, codes from a counter and the USCC check-character rule."""
from __future__ import annotations

import io
import random
from dataclasses import dataclass

from openpyxl import Workbook

from yiwang.org.identifiers import make_uscc

AREA = "511602000000"
# (shape, count) for a 1,135-item catalogue, as issue 9 lists them.
SHAPES_1135 = [("standard", 709), ("short_basic", 262), ("body17", 91), ("body8", 10), ("body9", 10),
               ("body10", 10), ("body13", 8), ("orgcode", 8), ("malformed18", 4), ("service8", 12),
               ("service4", 6), ("four", 5)]
MALFORMED = "TE5116020105116050"


@dataclass(frozen=True)
class Dept:
    name: str
    codes: tuple[str, ...]  # filing codes: the first is the bureau's own


def _uscc(n: int) -> str:
    return make_uscc(f"11511602{n:09d}"[:17])


def departments() -> list[Dept]:
    names = ["广安区人力资源和社会保障局", "广安区市场监督管理局", "广安区卫生健康局", "广安区民政局", "广安区教育局",
             "广安区住房和城乡建设局", "广安区交通运输局", "广安区农业农村局", "广安区自然资源局", "广安区医疗保障局",
             "广安区文化广播电视和旅游局", "广安区体育中心", "广安区公安分局", "广安区退役军人事务局", "广安区应急管理局",
             "广安区生态环境局", "广安区水利局", "广安区司法局", "广安区商务局", "广安区林业局"]
    out = []
    for i, name in enumerate(names):
        codes = [_uscc(1000 + i)]
        if i == 0:  # the human-resources bureau and four subordinate centres
            codes += [_uscc(2000 + k) for k in range(4)]
        out.append(Dept(name, tuple(codes)))
    out[11] = Dept(out[11].name, out[10].codes)  # two bureaus filing under one code
    out[8] = Dept(out[8].name, (MALFORMED,))      # a bureau whose published code is malformed
    return out


ITEM_NAMES = [
    ("居民身份证申领", 7), ("居民身份证换领", 7), ("居民身份证补领", 7), ("户口迁移登记", 7), ("户籍证明出具", 7),
    ("出生登记", 7), ("食品经营许可", 1), ("药品零售企业许可", 1), ("企业设立登记（营业执照）", 1), ("个体工商户登记", 1),
    ("城乡居民基本养老保险参保登记", 20), ("职工基本养老保险关系转移", 20), ("失业保险金申领", 5),
    ("医疗保障定点医药机构申请", 10), ("城乡居民基本医疗保险参保登记", 20), ("异地就医备案", 20),
    ("住房公积金提取", 20), ("住房公积金缴存登记", 20), ("建筑工程施工许可", 1), ("建设工程规划许可", 1),
    ("道路运输经营许可", 1), ("出租汽车驾驶员从业资格", 1), ("最低生活保障审核确认", 7), ("特困人员救助供养", 5),
    ("结婚登记", 7), ("离婚登记", 7), ("民办学校设立", 1), ("教师资格认定", 7), ("取水许可", 1),
    ("林木采伐许可", 1), ("排污许可", 1), ("法律援助申请", 20), ("退役士兵自主就业一次性经济补助", 5),
    ("烟花爆竹经营许可", 1), ("农药经营许可", 1), ("不动产登记资料查询", 20), ("医师执业注册", 1),
    ("护士执业注册", 1), ("公共场所卫生许可", 1), ("营业性演出审批", 1), ("出生医学证明办理", 20),
    ("高龄津贴发放", 5), ("残疾人两项补贴", 5), ("就业失业登记", 20), ("社会保障卡申领", 20),
]
TYPES = {1: "行政许可", 5: "行政给付", 7: "行政确认", 10: "其他行政权力", 20: "公共服务"}


def _body(shape: str, base: str, n: int) -> str:
    cut = {"body17": 17, "body8": 8, "body9": 9, "body10": 10, "body13": 13}
    if shape in cut:
        return (base[:-1] + "M")[:cut[shape]] if shape == "body17" else base[:cut[shape]]
    if shape == "orgcode":
        return f"{n:08d}"[-8:].replace("0", "7", 1) + "-" + "X"
    if shape == "malformed18":
        return MALFORMED
    return base


def rows(shapes=SHAPES_1135, seed=9, materials_per_item: int = 0, full: bool = False):
    """Item rows ({header: value}) and material rows for a catalogue with these code shapes. With `full`,
    the columns a platform export has are filled too (limits, tiers); otherwise only the published columns
    (code, name, type, department)."""
    rng = random.Random(seed)
    depts = departments()
    items, materials, n = [], [], 0
    for shape, count in shapes:
        for _ in range(count):
            n += 1
            name, type_ = ITEM_NAMES[n % len(ITEM_NAMES)]
            dept = depts[n % len(depts)]
            if shape == "malformed18":
                dept = depts[8]
            own = dept.codes[(n // len(depts)) % len(dept.codes)]
            body = _body(shape, own, n) if dept is not depts[8] else MALFORMED
            if shape in ("service8", "service4"):
                type_ = 20
            basic14 = f"511A{n:010d}"
            if shape == "short_basic":
                code = f"511Z{n:08d}-{AREA}-000-{body}-1-00"
            elif shape == "service8":
                code = f"G-{n:06d}-001-{AREA}-000-{body}-1-00"
            elif shape == "service4":
                code = f"G-{n:06d}-001-{AREA}"
            elif shape == "four":
                code = f"{basic14}-{AREA}-000-{body}"
            else:
                code = f"{basic14}-{AREA}-000-{body}-{1 + n % 3}-00"
            title = f"{name}（{n}）" if n > len(ITEM_NAMES) else name
            row = {"事项编码": code, "事项名称": title, "事项类型": TYPES[type_], "实施部门": dept.name}
            if full:
                legal = rng.choice([None, 20, 15, 30])
                row.update({"法定办结时限（工作日）": legal,
                            "承诺办结时限（工作日）": (legal or 10) // 2, "审批层级": "一审一核",
                            "最多跑动次数": 1, "受理条件": f"申请人符合《{name}》办理条件", "不收费": "是",
                            "全程网办": "否", "零材料": "" if materials_per_item else "是"})
            items.append(row)
            for k in range(materials_per_item):
                materials.append({"事项编码": code, "序号": k + 1, "材料名称": f"{name}材料{k + 1}",
                                  "必要性": "必要", "原件份数": 1, "复印件份数": k % 2})
    return items, materials


def workbook(items: list[dict], materials: list[dict] | None = None) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("事项")
    headers = list(dict.fromkeys(h for r in items for h in r))
    ws.append(headers)
    for r in items:
        ws.append([r.get(h) for h in headers])
    if materials:
        wm = wb.create_sheet("材料")
        mh = list(dict.fromkeys(h for r in materials for h in r))
        wm.append(mh)
        for r in materials:
            wm.append([r.get(h) for h in mh])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------------ search
# Item names as district catalogues word them (with near namesakes that a naive search puts first), and 30 queries
# a resident or a clerk would type, each with the items a person typing it means.
SEARCH_NAMES = [
    ("居民身份证申领", 7), ("居民身份证换领", 7), ("居民身份证补领", 7), ("临时居民身份证申领", 7),
    ("中国税收居民身份证明开具", 10), ("身份证明材料核验", 20), ("户口迁移登记", 7), ("户籍证明出具", 7),
    ("户口簿补领", 7), ("出生登记", 7), ("内资企业设立登记", 1), ("内资企业变更登记", 1), ("内资企业注销登记", 1),
    ("个体工商户设立登记", 1), ("营业执照遗失公示", 20), ("社会保障卡申领", 20), ("社会保险登记", 20),
    ("城乡居民基本养老保险参保登记", 20), ("基本养老保险待遇申领", 5), ("失业保险金申领", 5),
    ("基本医疗保险参保登记", 20), ("基本医疗保险费用报销", 5), ("医疗保障定点医药机构申请", 10), ("异地就医备案", 20),
    ("住房公积金提取", 20), ("住房公积金缴存登记", 20), ("住房公积金贷款", 20), ("建筑工程施工许可", 1),
    ("建设工程规划许可", 1), ("食品经营许可", 1), ("食品生产许可", 1), ("药品零售企业许可", 1),
    ("最低生活保障审核确认", 7), ("特困人员救助供养", 5), ("结婚登记", 7), ("离婚登记", 7), ("补发婚姻登记证", 7),
    ("出生医学证明办理", 20), ("机动车驾驶证换证", 7), ("机动车驾驶证遗失补领", 7), ("教师资格认定", 7),
    ("取水许可", 1), ("林木采伐许可", 1), ("排污许可", 1), ("法律援助申请", 20),
    ("退役士兵自主就业一次性经济补助", 5), ("残疾人两项补贴", 5), ("残疾人证办理", 7), ("高龄津贴发放", 5),
    ("就业失业登记", 20), ("不动产登记资料查询", 20), ("医师执业注册", 1), ("护士执业注册", 1),
    ("公共场所卫生许可", 1), ("营业性演出审批", 1), ("烟花爆竹经营许可", 1), ("农药经营许可", 1),
    ("道路运输经营许可", 1), ("生育登记", 7), ("居住证办理", 7),
]
SEARCH_CASES = [
    ("身份证", {"居民身份证申领", "居民身份证换领", "居民身份证补领"}),
    ("身份证补办", {"居民身份证补领"}),
    ("sfz", {"居民身份证申领", "居民身份证换领", "居民身份证补领"}),
    ("户口迁移", {"户口迁移登记"}),
    ("户口", {"户口迁移登记", "户籍证明出具", "户口簿补领"}),
    ("营业执照", {"内资企业设立登记", "个体工商户设立登记", "个体工商户登记", "企业设立登记（营业执照）"}),
    ("社保卡", {"社会保障卡申领"}),
    ("社保登记", {"社会保险登记"}),
    ("医保报销", {"基本医疗保险费用报销"}),
    ("公积金提取", {"住房公积金提取"}),
    ("gjj", {"住房公积金提取", "住房公积金缴存登记", "住房公积金贷款"}),
    ("结婚", {"结婚登记"}),
    ("离婚", {"离婚登记"}),
    ("出生证", {"出生医学证明办理"}),
    ("低保", {"最低生活保障审核确认"}),
    ("驾照", {"机动车驾驶证换证", "机动车驾驶证遗失补领"}),
    ("养老金", {"基本养老保险待遇申领"}),
    ("失业金", {"失业保险金申领"}),
    ("食品经营许可证", {"食品经营许可"}),
    ("施工许可", {"建筑工程施工许可"}),
    ("教师资格", {"教师资格认定"}),
    ("残疾人补贴", {"残疾人两项补贴"}),
    ("高龄津贴", {"高龄津贴发放"}),
    ("异地就医", {"异地就医备案"}),
    ("排污许可证", {"排污许可"}),
    ("法律援助", {"法律援助申请"}),
    ("护士注册", {"护士执业注册"}),
    ("采伐", {"林木采伐许可"}),
    ("不动产查询", {"不动产登记资料查询"}),
    ("退伍", {"退役士兵自主就业一次性经济补助"}),
]
