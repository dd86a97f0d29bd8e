"""Life-event topics (主题) and bundles (一件事) of the demo district. Pure data."""
from __future__ import annotations

from .spec import BundleSpec, TopicSpec

TOPICS = [
    TopicSpec("qykb", "企业开办", "legal", 1),
    TopicSpec("scjy", "市场准入与经营许可", "legal", 2),
    TopicSpec("gcjs", "工程建设项目", "legal", 3),
    TopicSpec("bdc", "不动产登记", "both", 4),
    TopicSpec("sdq", "水电气接入", "both", 5),
    TopicSpec("ssfw", "纳税服务", "both", 6),
    TopicSpec("sbjy", "就业与社会保险", "both", 7),
    TopicSpec("zfgjj", "住房与公积金", "natural", 8),
    TopicSpec("hyys", "婚姻生育", "natural", 9),
    TopicSpec("hjsf", "户籍身份", "natural", 10),
    TopicSpec("jyxx", "教育", "natural", 11),
    TopicSpec("ylws", "医疗卫生", "both", 12),
    TopicSpec("mzjz", "民政救助与社会组织", "both", 13),
    TopicSpec("whly", "文化旅游体育", "legal", 14),
    TopicSpec("jtys", "交通运输", "legal", 15),
    TopicSpec("nyny", "农业农村", "both", 16),
    TopicSpec("hbaq", "生态环境与安全生产", "legal", 17),
    TopicSpec("tyjr", "退役军人服务", "natural", 18),
    TopicSpec("flfw", "法律服务", "natural", 19),
]

BUNDLES = [
    BundleSpec(
        "YJS-QYKB", "企业开办一件事",
        "一表申请、一窗发放：营业执照、发票、就业参保登记和住房公积金缴存登记一次办结（“一窗通”）。",
        "qykb", "SCJ", ("scj_setup", "tax_invoice", "rsj_unit_insurance", "gjj_unit_register"), promised_limit=1,
    ),
    BundleSpec(
        "YJS-KCYD", "开办餐饮店一件事",
        "营业执照、食品经营许可、户外招牌设置和排水许可合并申请、并联审批、统一出件。",
        "scjy", "SCJ", ("scj_setup", "scj_food_business", "lhsr_outdoor_sign", "swj_drainage"),
    ),
    BundleSpec(
        "YJS-XSECS", "新生儿出生一件事",
        "出生医学证明、预防接种证、户口登记、城乡居民医保参保和社会保障卡申领一次申请、一次办结。",
        "hyys", "WJW", ("wjw_birth_certificate", "wjw_vaccination_card", "gaj_birth_registration",
                        "ybj_resident_insurance", "rsj_social_security_card"),
    ),
    BundleSpec(
        "YJS-ESFJY", "二手房交易及水电气过户一件事",
        "存量房转移登记、契税缴纳与供水、供电、燃气过户联动办理，产证可快递送达。",
        "bdc", "BDC", ("bdc_transfer", "tax_deed", "gs_transfer", "gd_transfer", "rq_transfer"),
    ),
    BundleSpec(
        "YJS-DFXKG", "低风险产业项目开工一件事",
        "建设工程规划许可与施工许可合并办理，同步预约水电气接入（低风险产业项目“一站式”办理）。",
        "gcjs", "JSW", ("ghzy_works_permit", "jsw_construction_permit", "gs_connect", "gd_connect", "rq_connect"),
    ),
]
