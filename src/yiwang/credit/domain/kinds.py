"""Credit record kinds and their groups (pure Python).

Each kind says whether it is a dishonesty ("失信") or a trustworthiness ("守信") fact, or neutral, and whether it is
published (双公示, lists). The labels are the Chinese names used on every page and in the import template."""
from __future__ import annotations

LICENSING = "licensing"            # 行政许可决定（双公示）
PENALTY = "penalty"                # 行政处罚决定（双公示）
SERIOUS_DISHONESTY = "serious_list"  # 严重失信主体名单
DISHONESTY_LIST = "dishonesty_list"  # 其他失信名单（如重大税收违法失信主体）
RED_LIST = "red_list"              # 守信红名单
A_TAXPAYER = "a_taxpayer"          # A级纳税人
REWARD = "reward"                  # 其他表彰奖励
ABNORMAL = "abnormal"              # 经营异常名录
COMMITMENT = "commitment"          # 信用承诺（告知承诺）
COMMITMENT_BREACH = "breach"       # 违背信用承诺（核查不实）
COURT_DISHONEST = "court"          # 失信被执行人（法院）
INSPECTION = "inspection"          # 检查结果（双随机）

LABELS = {
    LICENSING: "行政许可",
    PENALTY: "行政处罚",
    SERIOUS_DISHONESTY: "严重失信主体名单",
    DISHONESTY_LIST: "失信名单",
    RED_LIST: "守信红名单",
    A_TAXPAYER: "A级纳税人",
    REWARD: "表彰奖励",
    ABNORMAL: "经营异常名录",
    COMMITMENT: "信用承诺",
    COMMITMENT_BREACH: "违背信用承诺",
    COURT_DISHONEST: "失信被执行人",
    INSPECTION: "检查结果",
}
BY_LABEL = {v: k for k, v in LABELS.items()}

DISHONEST_KINDS = frozenset({SERIOUS_DISHONESTY, DISHONESTY_LIST, COURT_DISHONEST, COMMITMENT_BREACH})
LIST_KINDS = frozenset({SERIOUS_DISHONESTY, DISHONESTY_LIST, RED_LIST, A_TAXPAYER, ABNORMAL, COURT_DISHONEST})
REWARD_KINDS = frozenset({RED_LIST, A_TAXPAYER, REWARD})
# Kinds whose publication may be ended early by credit repair (a reward is never "repaired").
REPAIRABLE_KINDS = frozenset({PENALTY, DISHONESTY_LIST, SERIOUS_DISHONESTY, ABNORMAL, COMMITMENT_BREACH})
# Kinds shown on the public 信用公示 page.
PUBLISHED_KINDS = frozenset({LICENSING, PENALTY, SERIOUS_DISHONESTY, DISHONESTY_LIST, RED_LIST, A_TAXPAYER,
                             REWARD, ABNORMAL, COURT_DISHONEST})

# Penalty severity (行政处罚的失信程度): a warning or small fine is "minor" (轻微), others "general" (一般),
# those that found serious dishonesty "serious" (严重).
MINOR, GENERAL, SERIOUS = "minor", "general", "serious"
SEVERITY_LABELS = {MINOR: "轻微", GENERAL: "一般", SERIOUS: "严重"}
SEVERITY_BY_LABEL = {v: k for k, v in SEVERITY_LABELS.items()}

# Fields whose penalties have a one-year minimum publication period (RULES.md, Credit).
SPECIAL_FIELDS = {"special_equipment": "特种设备", "work_safety": "安全生产", "fire_safety": "消防安全"}
FIELD_BY_LABEL = {v: k for k, v in SPECIAL_FIELDS.items()}

LEGAL, NATURAL = "legal", "natural"
SUBJECT_LABELS = {LEGAL: "法人和非法人组织", NATURAL: "自然人"}
