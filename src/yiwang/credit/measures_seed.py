"""The measures shipped with the platform, each with its legal basis (seeded by migration 0002; the credit office
changes them through the services)."""
from .domain import kinds as k
from .domain import measures as dm

GUOBAN_2020_42 = "《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》（国办发〔2020〕42号）"
GUOFA_2016_33 = "《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）"
GUOBAN_2019_35 = "《国务院办公厅关于加快推进社会信用体系建设构建以信用为基础的新型监管机制的指导意见》（国办发〔2019〕35号）"

MEASURES = [
    dict(code="P-NO-LENIENT", name="失信主体不适用告知承诺和容缺受理", effect=dm.NO_LENIENT,
         trigger_type=dm.ON_RECORD,
         trigger_values=[k.SERIOUS_DISHONESTY, k.DISHONESTY_LIST, k.COURT_DISHONEST, k.COMMITMENT_BREACH,
                         f"{k.PENALTY}.{k.SERIOUS}"],
         basis_document=GUOBAN_2020_42,
         basis_article="“申请人有较严重的不良信用记录或者存在曾作出虚假承诺等情形的，在信用修复前不适用告知承诺制”",
         enabled=True),
    dict(code="P-NO-LENIENT-D", name="信用风险高（D类）主体不适用告知承诺和容缺受理", effect=dm.NO_LENIENT,
         trigger_type=dm.ON_RISK_CLASS, trigger_values=["D"], basis_document=GUOBAN_2020_42,
         basis_article="“申请人有较严重的不良信用记录……在信用修复前不适用告知承诺制”", enabled=True),
    dict(code="P-INSPECT-MORE", name="信用风险较高主体提高抽查比例和频次", effect=dm.INSPECT_MORE,
         trigger_type=dm.ON_RISK_CLASS, trigger_values=["C", "D"], basis_document=GUOBAN_2019_35,
         basis_article="三、（六）大力推进信用分级分类监管", enabled=True),
    dict(code="P-EXTRA-REVIEW", name="严重失信主体从严审核", effect=dm.EXTRA_REVIEW, trigger_type=dm.ON_RECORD,
         trigger_values=[k.SERIOUS_DISHONESTY], basis_document=GUOFA_2016_33,
         basis_article="三、依法依规加强对失信行为的行政性约束和惩戒（从严审核行政许可审批项目）", enabled=True),
    dict(code="P-POLICY", name="严重失信主体限制享受财政资金和政策扶持", effect=dm.POLICY_INELIGIBLE,
         trigger_type=dm.ON_RECORD, trigger_values=[k.SERIOUS_DISHONESTY, k.COURT_DISHONEST],
         basis_document=GUOFA_2016_33,
         basis_article="三、依法依规加强对失信行为的行政性约束和惩戒（限制申请财政性资金项目）", enabled=True),
    dict(code="R-GREEN", name="守信主体绿色通道", effect=dm.GREEN_CHANNEL, trigger_type=dm.ON_RECORD,
         trigger_values=[k.RED_LIST, k.A_TAXPAYER], basis_document=GUOFA_2016_33,
         basis_article="二、（四）探索建立行政审批“绿色通道”", enabled=True),
    dict(code="R-LENIENT-PLUS", name="守信主体容缺受理范围放宽", effect=dm.LENIENT_PLUS, trigger_type=dm.ON_RECORD,
         trigger_values=[k.RED_LIST], basis_document=GUOFA_2016_33,
         basis_article="二、（四）探索建立行政审批“绿色通道”（“绿色通道”和“容缺受理”等便利服务措施）", enabled=True),
    dict(code="R-INSPECT-LESS", name="信用风险低（A类）主体降低抽查比例和频次", effect=dm.INSPECT_LESS,
         trigger_type=dm.ON_RISK_CLASS, trigger_values=["A"], basis_document=GUOBAN_2019_35,
         basis_article="三、（六）大力推进信用分级分类监管", enabled=True),
]
