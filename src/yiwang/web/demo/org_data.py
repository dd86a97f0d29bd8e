"""The demo organisation: the fictional 江澄市 明湖区 (area code 329901), its departments, halls, windows,
staff and applicants. Pure data; identifiers are completed with their check characters by the loader
(`make_uscc` / `make_ric`), so every one of them validates."""
from __future__ import annotations

AREA = "329901"  # fictional: no such district exists
DISTRICT_CODE = "329901000000"

# (code, name, level, parent code)
REGIONS = [
    ("329900000000", "江澄市", 1, None),
    (DISTRICT_CODE, "明湖区", 2, "329900000000"),
    ("329901001000", "明湖街道", 3, DISTRICT_CODE),
    ("329901002000", "湖东街道", 3, DISTRICT_CODE),
    ("329901003000", "新桥街道", 3, DISTRICT_CODE),
    ("329901101000", "青枫镇", 3, DISTRICT_CODE),
    ("329901102000", "金塘镇", 3, DISTRICT_CODE),
    ("329901103000", "白鹭镇", 3, DISTRICT_CODE),
    ("329901001001", "湖滨社区居委会", 4, "329901001000"),
    ("329901001002", "文昌社区居委会", 4, "329901001000"),
    ("329901002001", "东苑社区居委会", 4, "329901002000"),
    ("329901101201", "青枫村村委会", 4, "329901101000"),
    ("329901102201", "金塘村村委会", 4, "329901102000"),
]

# (code, name, short name, kind, USCC prefix, 9-character organisation code). The USCC is prefix(2) + AREA(6)
# + org(9) + check character. 11 = 机关, 12 = 事业单位, 91 = 企业. Township governments sit in their township.
_ADDR = "江澄市明湖区明湖大道100号"
DEPARTMENTS = [
    ("FGW", "明湖区发展和改革委员会", "区发展改革委", "bureau", "11", "MB0010017"),
    ("JYJ", "明湖区教育局", "区教育局", "bureau", "11", "MB0010025"),
    ("GAJ", "江澄市公安局明湖分局", "明湖公安分局", "bureau", "11", "MB0010033"),
    ("MZJ", "明湖区民政局", "区民政局", "bureau", "11", "MB0010041"),
    ("SFJ", "明湖区司法局", "区司法局", "bureau", "11", "MB0010058"),
    ("CZJ", "明湖区财政局", "区财政局", "bureau", "11", "MB0010066"),
    ("RSJ", "明湖区人力资源和社会保障局", "区人社局", "bureau", "11", "MB0010074"),
    ("GHZY", "明湖区规划和自然资源局", "区规划资源局", "bureau", "11", "MB0010082"),
    ("STHJ", "明湖区生态环境局", "区生态环境局", "bureau", "11", "MB0010099"),
    ("JSW", "明湖区住房和城乡建设管理委员会", "区建设管理委", "bureau", "11", "MB0010103"),
    ("FGJ", "明湖区房屋管理局", "区房管局", "bureau", "11", "MB0010111"),
    ("JTW", "明湖区交通委员会", "区交通委", "bureau", "11", "MB001012X"),
    ("SWJ", "明湖区水务局", "区水务局", "bureau", "11", "MB0010138"),
    ("NYNC", "明湖区农业农村委员会", "区农业农村委", "bureau", "11", "MB0010146"),
    ("SWW", "明湖区商务委员会", "区商务委", "bureau", "11", "MB0010154"),
    ("WHLY", "明湖区文化和旅游局", "区文化旅游局", "bureau", "11", "MB0010162"),
    ("WJW", "明湖区卫生健康委员会", "区卫生健康委", "bureau", "11", "MB0010179"),
    ("TQJ", "明湖区退役军人事务局", "区退役军人局", "bureau", "11", "MB0010187"),
    ("YJJ", "明湖区应急管理局", "区应急局", "bureau", "11", "MB0010195"),
    ("SCJ", "明湖区市场监督管理局", "区市场监管局", "bureau", "11", "MB0010201"),
    ("TYJ", "明湖区体育局", "区体育局", "bureau", "11", "MB001021X"),
    ("YBJ", "明湖区医疗保障局", "区医保局", "bureau", "11", "MB0010228"),
    ("LHSR", "明湖区绿化和市容管理局", "区绿化市容局", "bureau", "11", "MB0010236"),
    ("SWJU", "国家税务总局江澄市明湖区税务局", "明湖区税务局", "bureau", "11", "MB0010244"),
    ("ZWB", "明湖区政务服务办公室", "区政务服务办", "centre", "11", "MB0010252"),
    ("BDC", "明湖区不动产登记事务中心", "区不动产登记中心", "centre", "12", "MB0020014"),
    ("GJJ", "江澄市住房公积金管理中心明湖分中心", "公积金明湖分中心", "centre", "12", "MB0020022"),
    ("GS", "江澄明湖自来水有限公司", "明湖自来水", "centre", "91", "MA1GW0011"),
    ("GD", "国网江澄市明湖供电公司", "明湖供电公司", "centre", "91", "MA1GD0028"),
    ("RQ", "江澄明湖燃气有限公司", "明湖燃气", "centre", "91", "MA1RQ0035"),
    ("QFZ", "明湖区青枫镇人民政府", "青枫镇政府", "township", "11", "MB0030016"),
    ("MHJD", "明湖区明湖街道办事处", "明湖街道办", "township", "11", "MB0030024"),
]
DEPARTMENT_REGION = {"QFZ": "329901101000", "MHJD": "329901001000"}
DEPARTMENT_PHONE_BASE = 57000000  # phone = 0571- + base + index (fictional)

# (code, name, kind, region code, address, open on holidays, holiday hours)
HALLS = [
    ("MHZX", "明湖区行政服务中心", "admin_centre", DISTRICT_CODE, _ADDR, True,
     "节假日 9:00-16:00 提供企业开办、社保医保、不动产登记等高频事项服务（8×365 自助区全天开放）"),
    ("SQ-MH", "明湖街道社区事务受理服务中心", "community_centre", "329901001000", "江澄市明湖区湖滨路18号", False, ""),
    ("SQ-QF", "青枫镇社区事务受理服务中心", "community_centre", "329901101000", "江澄市明湖区青枫镇枫林路6号",
     False, ""),
]

# (hall code, number, name, kind, dedicated departments)
WINDOWS = (
    [("MHZX", str(n), name, "comprehensive", ()) for n, name in [
        (1, "企业开办综合窗口"), (2, "企业开办综合窗口"), (3, "企业开办综合窗口"),
        (4, "市场准入综合窗口"), (5, "市场准入综合窗口"), (6, "工程建设项目综合窗口"),
        (7, "工程建设项目综合窗口"), (8, "不动产交易登记综合窗口"), (9, "不动产交易登记综合窗口"),
        (10, "社会事务综合窗口"), (11, "社会事务综合窗口"), (12, "社会事务综合窗口"),
        (13, "社会保障综合窗口"), (14, "“办不成事”反映窗口"),
    ]]
    + [
        ("MHZX", "15", "统一出件窗口", "delivery", ()),
        ("MHZX", "16", "税务专窗", "dedicated", ("SWJU",)),
        ("MHZX", "17", "咨询引导台", "help", ()),
    ]
    + [("SQ-MH", str(n), "社区综合受理窗口", "comprehensive", ()) for n in range(1, 5)]
    + [("SQ-MH", "5", "统一出件窗口", "delivery", ())]
    + [("SQ-QF", str(n), "社区综合受理窗口", "comprehensive", ()) for n in range(1, 5)]
    + [("SQ-QF", "5", "统一出件窗口", "delivery", ())]
)

# Staff: (username, display name, role, department code, hall code, window number, window officer)
MAIN_DEPARTMENTS = [
    # (department, reviewer, section head, unit leader)
    ("SCJ", "周婷", "吴建国", "郑海峰"),
    ("WJW", "冯晓丽", "陈立新", "褚志强"),
    ("GHZY", "卫明", "蒋文斌", "沈国华"),
    ("JSW", "韩冰", "杨振宇", "朱卫东"),
    ("RSJ", "秦雪", "尤立军", "许建平"),
    ("MZJ", "何佳", "吕红梅", "施永刚"),
    ("BDC", "张蕾", "孔德明", "曹正"),
]
STAFF = (
    [
        ("clerk01", "严晓燕", "clerk", None, "MHZX", "1", True),
        ("clerk02", "华俊", "clerk", None, "MHZX", "6", False),
        ("clerk03", "金敏", "clerk", None, "MHZX", "10", False),
        ("clerk04", "魏宁", "clerk", None, "MHZX", "15", False),
        ("clerk_mh", "陶丽娟", "clerk", None, "SQ-MH", "1", True),
        ("clerk_qf", "姜涛", "clerk", None, "SQ-QF", "1", False),
    ]
    + [row for code, rev, head, lead in MAIN_DEPARTMENTS for row in (
        (f"{code.lower()}_reviewer", rev, "reviewer", code, None, None, False),
        (f"{code.lower()}_head", head, "section_head", code, None, None, False),
        (f"{code.lower()}_leader", lead, "unit_leader", code, None, None, False),
    )]
    + [
        ("supervisor", "戚明远", "supervisor", "ZWB", None, None, False),
        ("catalog_admin", "谢文静", "catalog_admin", "ZWB", None, None, False),
        ("admin", "邹晨", "sysadmin", None, None, None, False),
        # 三员分立: the security administrator and the audit administrator beside the system administrator.
        ("secadmin", "林书航", "security_admin", None, None, None, False),
        ("auditor", "乔雨桐", "audit_admin", None, None, None, False),
        # Enterprise services (企业服务中心 in 政务服务办), policies, credit (信用办 in 发展改革委), inspections,
        # the construction review centre and the reform office.
        ("qyfw", "骆佳怡", "service_centre", "ZWB", None, None, False),
        ("commissioner01", "蔡志远", "commissioner", "ZWB", None, None, False),
        ("scj_demand", "邱晓梅", "demand_handler", "SCJ", None, None, False),
        ("commissioner02", "廖一帆", "commissioner", "ZWB", None, None, False),
        ("fgw_demand", "尹嘉树", "demand_handler", "FGW", None, None, False),
        ("rsj_demand", "房静怡", "demand_handler", "RSJ", None, None, False),
        ("qyfw_leader", "沈国栋", "unit_leader", "ZWB", None, None, False),
        ("policy", "童思远", "policy_officer", "ZWB", None, None, False),
        # Policy officers of the departments that run 免申即享 rounds: two in 发展改革委 (one proposes, the other
        # confirms), one in 人社局.
        ("fgw_policy", "汤晓峰", "policy_officer", "FGW", None, None, False),
        ("fgw_policy2", "殷佳琪", "policy_officer", "FGW", None, None, False),
        ("rsj_policy", "罗子涵", "policy_officer", "RSJ", None, None, False),
        ("credit", "邵明哲", "credit_officer", "FGW", None, None, False),
        ("scj_inspector", "单宏伟", "inspector", "SCJ", None, None, False),
        # 双随机、一公开: enough enforcement staff in 市场监管 and 卫生健康 to draw two per object, skip conflicts
        # and last time's inspectors, and replace a recusal.
        ("scj_inspector2", "严丽君", "inspector", "SCJ", None, None, False),
        ("scj_inspector3", "钱立新", "inspector", "SCJ", None, None, False),
        ("scj_inspector4", "孙晓峰", "inspector", "SCJ", None, None, False),
        ("scj_inspector5", "周明辉", "inspector", "SCJ", None, None, False),
        ("wjw_inspector", "陆静", "inspector", "WJW", None, None, False),
        ("wjw_inspector2", "潘建华", "inspector", "WJW", None, None, False),
        ("wjw_inspector3", "戴文娟", "inspector", "WJW", None, None, False),
        ("wjw_inspector4", "韦国强", "inspector", "WJW", None, None, False),
        ("gcjs", "包晓东", "project_reviewer", "ZWB", None, None, False),
        # The construction bureau's project staff: edits the risk matrix and the stage plan.
        ("jsw_gcjs", "石磊", "project_reviewer", "JSW", None, None, False),
        ("reform", "巩立华", "reform_officer", "ZWB", None, None, False),
        ("scj_liaison", "车文博", "reform_liaison", "SCJ", None, None, False),
        ("evaluator", "邬思琪", "evaluator", None, None, None, False),
    ]
)
# 三员分立: no demo account is a superuser; the system, security and audit administrators each hold their role.
SUPERUSERS: set[str] = set()
# Every other department gets one reviewer account, so that every item has someone to decide it.
OTHER_REVIEWER_NAMES = ["喻", "柏", "水", "窦", "章", "云", "苏", "潘", "葛", "奚", "范", "彭", "郎", "鲁", "韦",
                        "昌", "马", "苗", "凤", "花", "方", "俞", "任", "袁", "柳"]

# Applicants. Natural persons: (username, name, birth yyyymmdd + 3-digit sequence, phone)
PERSONS = [
    ("zhangwei", "张伟", "19850312013", "13900000001"),
    ("wangfang", "王芳", "19900521024", "13900000002"),
    ("liuyang", "刘洋", "19920808035", "13900000003"),
    ("chenjing", "陈静", "19881130046", "13900000004"),
    ("zhaolei", "赵磊", "19790215057", "13900000005"),
]
# Legal persons: (username, name, first 17 USCC chars with AREA placeholder {a}, legal representative,
#  agent usernames, region code, business scope)
COMPANIES = [
    ("xingchen", "江澄星辰科技有限公司", "91{a}MA1XC001A", "张伟", ("liuyang",), "329901001000",
     "软件开发；信息技术咨询服务"),
    ("hupan", "明湖湖畔味道餐饮管理有限公司", "91{a}MA1HP002B", "王芳", (), "329901002000",
     "餐饮服务；食品销售"),
    ("jiangong", "江澄明湖建工集团有限公司", "91{a}MA1JG0038", "赵磊", (), "329901003000",
     "房屋建筑工程施工总承包"),
    ("qingfeng_coop", "明湖区青枫镇青枫村股份经济合作社", "N2{a}MF0000011", "陈静", (), "329901101201",
     "集体资产经营与管理；农业生产服务"),
]
