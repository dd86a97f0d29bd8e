"""The pure credit core: publication windows, both grade models with their explanations, measures."""
from datetime import date

import pytest

from yiwang.credit.domain import grading, kinds as k, measures as dm, periods

TODAY = date(2026, 3, 2)


def test_publication_windows_follow_the_rules_and_special_fields():
    rules = periods.NDRC_2023
    assert periods.window(rules, k.PENALTY, date(2025, 1, 31), severity=k.GENERAL) == (date(2025, 4, 30),
                                                                                       date(2028, 1, 31))
    # special equipment, work safety, fire safety: one year minimum even for a general penalty
    assert periods.window(rules, k.PENALTY, date(2025, 1, 31), severity=k.GENERAL,
                          special_field="fire_safety")[0] == date(2026, 1, 31)
    # a warning is published 3 months and then ends by itself; no repair is needed
    assert periods.window(rules, k.PENALTY, date(2025, 1, 1), severity=k.MINOR) == (None, date(2025, 4, 1))
    assert periods.window(periods.NDRC_2026, k.PENALTY, date(2025, 1, 1), severity=k.SERIOUS)[0] == date(2026, 1, 1)


def _facts(*items):
    return [grading.Fact(str(i), kind, on, sev, f"文书{i}") for i, (kind, on, sev) in enumerate(items, 1)]


def test_risk_class_moves_with_penalties_by_severity_and_recency():
    model = grading.GradeModel(grading.RISK_CLASS_V1)
    clean = model.score([], TODAY)
    assert clean.grade == "A" and clean.score == 100
    recent = model.score(_facts((k.PENALTY, date(2025, 12, 1), k.GENERAL)), TODAY)
    old = model.score(_facts((k.PENALTY, date(2024, 1, 1), k.GENERAL)), TODAY)
    assert recent.score == 90 and recent.grade == "B"
    assert old.score == 95  # older than 12 months: half weight
    serious = model.score(_facts((k.PENALTY, date(2025, 12, 1), k.SERIOUS),
                                 (k.ABNORMAL, date(2025, 6, 1), "")), TODAY)
    assert serious.score == 55 and serious.grade == "D"
    assert model.score(_facts((k.PENALTY, date(2025, 12, 1), k.SERIOUS)), TODAY).grade == "C"
    expl = serious.explanation()
    by_code = {i["code"]: i for i in expl["indicators"]}
    assert by_code["penalty"]["points"] == -30 and by_code["penalty"]["group_label"] == "专项指标"
    assert by_code["abnormal"]["points"] == -15 and by_code["abnormal"]["group_label"] == "基础指标"
    assert "行政处罚（严重）" in by_code["penalty"]["items"][0]["reason"]
    assert by_code["penalty"]["items"][0]["title"] == "文书1"


def test_a_serious_dishonesty_listing_caps_the_grade_and_says_so():
    model = grading.GradeModel(grading.RISK_CLASS_V1)
    r = model.score(_facts((k.SERIOUS_DISHONESTY, date(2025, 12, 1), ""), (k.RED_LIST, date(2025, 1, 1), "")),
                    TODAY)
    assert r.grade == "D" and "严重失信主体名单" in r.cap


def test_public_grade_in_twelve_grades_and_four_groups():
    model = grading.GradeModel(grading.PUBLIC_GRADE_V1)
    good = model.score(_facts((k.RED_LIST, date(2025, 5, 1), ""), (k.A_TAXPAYER, date(2025, 5, 1), ""),
                              (k.LICENSING, date(2025, 5, 1), "")), TODAY)
    assert good.grade == "A" and good.group == "诚信守法"
    bad = model.score(_facts((k.PENALTY, date(2026, 1, 1), k.SERIOUS), (k.COMMITMENT_BREACH, date(2026, 1, 1), "")),
                      TODAY)
    assert bad.score == 570 and bad.grade == "D+" and bad.group == "严重失信"
    assert model.score(_facts((k.PENALTY, date(2026, 1, 1), k.MINOR)), TODAY).group == "轻微失信"


def test_a_broken_model_is_refused_with_reasons():
    params = dict(grading.RISK_CLASS_V1, thresholds=[["A", 60], ["B", 90], ["D", None]])
    with pytest.raises(grading.ModelError, match="从高到低"):
        grading.GradeModel(params)
    errors = grading.validate({"indicators": [{"code": "x", "label": "x", "kinds": ["nope"], "points": {}}],
                               "thresholds": [["A", None]]})
    assert any("记录类别无效" in e for e in errors) and any("至少应有两档" in e for e in errors)


def _spec(**kw):
    base = dict(code="M1", name="失信主体不适用告知承诺", effect=dm.NO_LENIENT, trigger_type=dm.ON_RECORD,
                trigger_values=(k.SERIOUS_DISHONESTY,), basis_document="国办发〔2020〕42号", basis_article="二、（三）")
    base.update(kw)
    return dm.MeasureSpec(**base)


def test_a_measure_without_a_legal_basis_cannot_be_switched_on():
    with pytest.raises(dm.MeasureError, match="依据"):
        dm.check_spec(_spec(basis_article=""))
    dm.check_spec(_spec(basis_article="", enabled=False))  # a draft may wait for its basis
    state = dm.SubjectState(records={k.SERIOUS_DISHONESTY: ["拖欠农民工工资"]})
    assert dm.applicable([_spec(basis_article="")], state, TODAY) == []


def test_measures_apply_by_trigger_and_period_and_explain_why():
    state = dm.SubjectState(records={k.SERIOUS_DISHONESTY: ["拖欠农民工工资失信名单"]}, risk_class="D")
    applied = dm.applicable([_spec(), _spec(code="M2", effect=dm.GREEN_CHANNEL, trigger_values=(k.RED_LIST,)),
                             _spec(code="M3", trigger_type=dm.ON_RISK_CLASS, trigger_values=("C", "D"),
                                   effect=dm.INSPECT_MORE, valid_until=date(2025, 12, 31))], state, TODAY)
    assert [a.measure.code for a in applied] == ["M1"]
    verdict = dm.intake_verdict(applied)
    assert not verdict.lenient_allowed
    assert "严重失信主体名单（拖欠农民工工资失信名单）" in verdict.message and "国办发〔2020〕42号" in verdict.message
    good = dm.intake_verdict(dm.applicable([_spec(code="M2", effect=dm.GREEN_CHANNEL, trigger_values=(k.RED_LIST,))],
                                           dm.SubjectState(records={k.RED_LIST: ["守信红名单"]}), TODAY))
    assert good.lenient_allowed and good.green_channel and "绿色通道" in good.message


def test_the_nightly_scorer_agrees_with_the_explained_one():
    import random

    rng = random.Random(7)
    kinds = sorted(k.LABELS)
    for params in (grading.RISK_CLASS_V1, grading.PUBLIC_GRADE_V1):
        model = grading.GradeModel(params)
        fast = grading.FastScorer(model)
        for _ in range(300):
            facts = [grading.Fact(str(i), rng.choice(kinds), date(rng.randint(2021, 2026), rng.randint(1, 12),
                                                                   rng.randint(1, 28)),
                                  rng.choice(["", k.MINOR, k.GENERAL, k.SERIOUS, "pass", "fail", "kept"]))
                     for i in range(rng.randint(0, 6))]
            full = model.score(facts, TODAY)
            grade, score = fast.score([(f.kind, f.on, f.severity) for f in facts], TODAY)
            assert (grade, round(score, 6)) == (full.grade, round(full.score, 6))
