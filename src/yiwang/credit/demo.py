"""The demo district's credit: records of every kind, subjects in each risk class and public grade, one repair in
progress, the shipped measures (with their legal bases) and one draft measure that lacks a basis."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from yiwang.org.identifiers import make_ric, make_uscc
from yiwang.org.models import Applicant, Department, User

from .domain import kinds as k
from .domain.periods import add_months
from .models import Measure, Record, Repair, Subject
from .services import add_record, save_measure
from .services.repairs import apply_repair

AREA = "329901"
# Subjects not among the demo applicants: (name, first 17 USCC characters)
EXTRA = [
    ("明湖区老街坊便利店有限公司", f"92{AREA}MA1LJ0101"),
    ("江澄顺达物流有限公司", f"91{AREA}MA1HD0202"),
    ("明湖区金鼎娱乐有限公司", f"91{AREA}MA1JD0303"),
    ("江澄恒安特种设备检测有限公司", f"91{AREA}MA1HA0404"),
    ("明湖区诚信家政服务有限公司", f"91{AREA}MA1CX0505"),
    ("江澄宏图劳务派遣有限公司", f"91{AREA}MA1HT0606"),
]


def _months_ago(today, n):
    return add_months(today, -n)


def _plan(today):
    """(subject name, code or None to look up the applicant, kind, department code, extra fields)."""
    m = lambda n: _months_ago(today, n)  # noqa: E731
    codes = {name: make_uscc(first17) for name, first17 in EXTRA}
    return [
        # 星辰科技: trustworthy — red list, A-grade taxpayer, licences, commitments kept → A / A, 绿色通道
        ("江澄星辰科技有限公司", None, k.RED_LIST, "FGW", dict(title="2025年度明湖区守信红名单", decided_on=m(5),
                                                         decision_number="明发改信〔2025〕12号",
                                                         legal_basis="《明湖区守信激励对象名单管理办法》第六条")),
        ("江澄星辰科技有限公司", None, k.A_TAXPAYER, None, dict(title="2024年度纳税信用A级纳税人", decided_on=m(9),
                                                          department_name="国家税务总局江澄市明湖区税务局",
                                                          decision_number="A级纳税人（2024）")),
        ("江澄星辰科技有限公司", None, k.LICENSING, "SCJ", dict(title="食品经营许可", decided_on=m(14),
                                                          decision_number="JY13299010001234",
                                                          legal_basis="《中华人民共和国食品安全法》第三十五条")),
        # 湖畔味道餐饮: one general penalty five months ago → B; its repair is in progress
        ("明湖湖畔味道餐饮管理有限公司", None, k.PENALTY, "SCJ",
         dict(severity=k.GENERAL, title="未按规定公示食品经营许可证", decided_on=m(5),
              decision_number="明市监罚〔2025〕187号", legal_basis="《中华人民共和国食品安全法》第一百二十六条",
              content="罚款人民币五千元")),
        # 建工集团: serious penalty in work safety, abnormal operation → D: no 容缺, no 告知承诺
        ("江澄明湖建工集团有限公司", None, k.PENALTY, "YJJ",
         dict(severity=k.SERIOUS, special_field="work_safety", title="未按规定对从业人员进行安全生产教育和培训",
              decided_on=m(8), decision_number="明应急罚〔2025〕33号",
              legal_basis="《中华人民共和国安全生产法》第九十七条", content="罚款人民币十五万元")),
        ("江澄明湖建工集团有限公司", None, k.ABNORMAL, "SCJ",
         dict(title="未按规定报送年度报告", decided_on=m(3), decision_number="明市监异〔2025〕21号",
              legal_basis="《企业信息公示暂行条例》第八条")),
        # 青枫合作社: a commitment, kept at its post-check
        ("明湖区青枫镇青枫村股份经济合作社", None, k.COMMITMENT, "NYNC",
         dict(severity="kept", title="农村集体经济组织登记证明告知承诺", decided_on=m(4),
              decision_number="YW-329901-CN-0001", legal_basis="告知承诺书", content="以告知承诺代替：章程")),
        # natural persons
        ("赵磊", None, k.COURT_DISHONEST, None,
         dict(title="失信被执行人", decided_on=m(6), department_name="江澄市明湖区人民法院",
              decision_number="（2025）明0101执1875号", legal_basis="《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条")),
        ("王芳", None, k.COMMITMENT_BREACH, "WJW",
         dict(title="告知承诺核查不实", decided_on=m(2), decision_number="YW-329901-WJ-0042",
              legal_basis="告知承诺书", content="承诺已取得的执业资格经核查不存在")),
        # extra subjects, one in each class and grade band
        ("明湖区老街坊便利店有限公司", codes["明湖区老街坊便利店有限公司"], k.PENALTY, "SCJ",
         dict(severity=k.MINOR, title="销售标签不符合规定的预包装食品", decided_on=m(1),
              decision_number="明市监罚〔2025〕201号", legal_basis="《中华人民共和国食品安全法》第一百二十五条",
              content="警告")),
        ("江澄顺达物流有限公司", codes["江澄顺达物流有限公司"], k.INSPECTION, "SCJ",
         dict(severity="pass", title="2025年第三季度“双随机、一公开”抽查：未发现问题", decided_on=m(4),
              decision_number="明市监抽〔2025〕3-117")),
        ("江澄顺达物流有限公司", codes["江澄顺达物流有限公司"], k.REWARD, "JTW",
         dict(title="2024年度明湖区交通运输诚信企业", decided_on=m(10), decision_number="明交〔2025〕8号")),
        ("明湖区金鼎娱乐有限公司", codes["明湖区金鼎娱乐有限公司"], k.PENALTY, "WHLY",
         dict(severity=k.SERIOUS, title="擅自从事营业性演出经营活动", decided_on=m(11),
              decision_number="明文旅罚〔2025〕9号", legal_basis="《营业性演出管理条例》第四十三条")),
        ("江澄恒安特种设备检测有限公司", codes["江澄恒安特种设备检测有限公司"], k.PENALTY, "SCJ",
         dict(severity=k.GENERAL, special_field="special_equipment", title="出具虚假检测结果",
              decided_on=m(7), decision_number="明市监罚〔2025〕95号",
              legal_basis="《中华人民共和国特种设备安全法》第九十三条")),
        ("江澄恒安特种设备检测有限公司", codes["江澄恒安特种设备检测有限公司"], k.INSPECTION, "SCJ",
         dict(severity="problem", title="特种设备检验检测机构专项检查：发现问题已责令整改", decided_on=m(6),
              decision_number="明市监查〔2025〕44号")),
        ("明湖区诚信家政服务有限公司", codes["明湖区诚信家政服务有限公司"], k.RED_LIST, "SWW",
         dict(title="明湖区家政服务诚信示范企业", decided_on=m(3), decision_number="明商务〔2025〕15号")),
        ("江澄宏图劳务派遣有限公司", codes["江澄宏图劳务派遣有限公司"], k.SERIOUS_DISHONESTY, "RSJ",
         dict(title="拖欠农民工工资失信联合惩戒对象名单", decided_on=m(4), decision_number="明人社失信〔2025〕2号",
              legal_basis="《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》第五条", content="拖欠农民工工资32.6万元")),
    ]


def load(actor) -> Counter:
    made = Counter()
    today = timezone.localdate()
    departments = {d.code: d for d in Department.objects.all()}
    for name, code, kind, dep, fields in _plan(today):
        if code is None:
            applicant = Applicant.objects.filter(name=name).first()
            if applicant is None:
                continue
            code, subject_kind = applicant.id_number, (k.NATURAL if applicant.kind == "natural" else k.LEGAL)
        else:
            subject_kind = k.LEGAL
        if Record.objects.filter(subject__in=Subject.objects.by_code(code), kind=kind, decision_number=fields["decision_number"]).exists():
            continue
        department = departments.get(dep) if dep else None
        if dep and department is None:
            continue
        add_record(actor=None, subject_code=code, subject_name=name, subject_kind=subject_kind, kind=kind,
                   department=department, source=Record.Source.IMPORTED if not dep else Record.Source.ENTERED,
                   today=today, **fields)
        made["信用记录"] += 1
    # one repair in progress: 湖畔味道 applies after the three-month minimum
    penalty = Record.objects.filter(decision_number="明市监罚〔2025〕187号", status=Record.Status.ACTIVE).first()
    user = User.objects.filter(username="hupan").first()
    if penalty and user and not Repair.objects.filter(record=penalty).exists():
        apply_repair(penalty, actor=user, correction="已于决定作出后15日内缴纳罚款，并在经营场所显著位置公示食品经营许可证。",
                     commitment_signed=True, proof=("罚款缴纳凭证.pdf", b"%PDF-1.4 demo receipt"), today=today)
        made["信用修复申请"] += 1
    if not Measure.objects.filter(code="P-DRAFT-NOBASIS").exists():
        save_measure(actor=None, code="P-DRAFT-NOBASIS", name="行政处罚主体限制参加评优评先（待补充依据）",
                     effect="policy_ineligible", trigger_type="record", trigger_values=[k.PENALTY], enabled=False)
        made["奖惩措施（草稿）"] += 1
    return made
