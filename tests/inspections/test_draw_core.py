"""The draw core alone (no Django): the published files reproduce the selection, any change to them is caught,
the per-enterprise check agrees with the selection, and the standalone checker says 一致/不一致."""
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from yiwang.inspections.domain import draw as core
from yiwang.org.identifiers import make_uscc

CORE_FILE = Path(core.__file__)


def _rows(n=300):
    classes = "AABBBBCCDN"
    return [core.Row(make_uscc(f"91329901MA1D{i:05d}"), "enterprise", classes[i % len(classes)]) for i in range(n)]


def published(rows=None, values=("07 23 11", "4821", "体彩排列5 2026-12-03: 3 9 0 1 6"), algorithm="SM3",
              ratios=None):
    rows = rows if rows is not None else _rows()
    ratios = ratios or {"A": "3", "B": "10", "C": "30", "D": "80", "N": "5"}
    snap = core.snapshot_bytes(rows)
    h = core.hash_hex(algorithm, snap)
    sources = ["见证人甲所报数字", "见证人乙所报数字", "体育彩票排列5开奖号码"]
    params = {"rule": core.RULE, "algorithm": algorithm, "snapshot_hash": h, "snapshot_count": len(rows),
              "ratios": ratios, "seed_sources": [{"name": s} for s in sources]}
    seed = core.seed_of(algorithm, h, list(values))
    sel = core.select(algorithm, core.parse_snapshot(snap), seed, ratios)
    seed_file = {"values": [{"source": s, "value": v} for s, v in zip(sources, values)], "seed": seed,
                 "cutoffs": sel.cutoffs}
    return {"params": json.dumps(params, ensure_ascii=False).encode(), "snapshot": snap,
            "seed": json.dumps(seed_file, ensure_ascii=False).encode(), "selection": core.selection_bytes(sel)}, sel


def test_the_published_files_reproduce_the_draw():
    files, sel = published()
    again = core.replay(files["params"], files["snapshot"], files["seed"], files["selection"])
    assert again.verdict == "一致" and again.problems == []
    assert again.drawn == len(sel.drawn) == sum(sel.quotas.values())
    # ceil(n × ratio) per class: 60 A at 3% → 2, 120 B at 10% → 12, 60 C at 30% → 18, 30 D at 80% → 24, 30 N at 5% → 2
    assert sel.counts == {"A": 60, "B": 120, "C": 60, "D": 30, "N": 30}
    assert sel.quotas == {"A": 2, "B": 12, "C": 18, "D": 24, "N": 2}


def test_same_inputs_same_selection_and_other_witness_values_another():
    a, sel_a = published()
    b, sel_b = published()
    c, sel_c = published(values=("07 23 12", "4821", "3 9 0 1 6"))
    assert a == b and sel_a.codes() == sel_b.codes()
    assert sel_c.codes() != sel_a.codes()


def test_the_order_of_a_witness_numbers_does_not_matter_but_the_numbers_do():
    rows = _rows(50)
    h = core.hash_hex("SM3", core.snapshot_bytes(rows))
    assert core.seed_of("SM3", h, ["7 23 11"]) == core.seed_of("SM3", h, ["11,07,23"])
    assert core.seed_of("SM3", h, ["7 23 11"]) != core.seed_of("SM3", h, ["7 23 12"])
    with pytest.raises(core.DrawError, match="没有数字"):
        core.seed_of("SM3", h, ["无"])


@pytest.mark.parametrize("which,change,reason", [
    ("snapshot", lambda b: b.replace(b",C\n", b",A\n", 1), "快照被改动"),
    ("snapshot", lambda b: b[: b.rindex(b"\n", 0, len(b) - 1) + 1], "快照被改动"),
    ("seed", lambda b: b.replace("4821".encode(), "4822".encode()), "种子"),
    ("params", lambda b: b.replace(b'"B": "10"', b'"B": "11"'), "抽取结果"),
    ("selection", lambda b: b.replace(b"\n", b"\n", 1)[:-1] + b"", "抽取结果"),
    ("params", lambda b: b.replace("见证人乙".encode(), "见证人丙".encode()), "来源"),
])
def test_any_change_to_a_published_file_makes_the_replay_say_inconsistent(which, change, reason):
    files, _sel = published()
    files[which] = change(files[which])
    result = core.replay(files["params"], files["snapshot"], files["seed"], files["selection"])
    assert result.verdict == "不一致"
    assert any(reason in p for p in result.problems), result.problems


def test_a_swapped_object_in_the_selection_is_caught():
    files, sel = published()
    drawn = set(sel.codes())
    outsider = next(r.code for r in _rows() if r.code not in drawn)
    lines = files["selection"].decode().split("\n")
    first = lines[1].split(",")
    lines[1] = ",".join([outsider] + first[1:])
    result = core.replay(files["params"], files["snapshot"], files["seed"], "\n".join(lines).encode())
    assert result.verdict == "不一致"


def test_an_enterprise_checks_its_inclusion_from_its_uscc_the_seed_and_the_cutoffs():
    _files, sel = published()
    drawn = set(sel.codes())
    for r in _rows():
        assert core.included("SM3", sel.seed, r.code, r.risk_class, sel.cutoffs) == (r.code in drawn)


def test_a_snapshot_not_in_canonical_form_is_refused():
    files, _sel = published()
    with pytest.raises(core.DrawError, match="升序|重复"):
        lines = files["snapshot"].decode().split("\n")
        lines[1], lines[2] = lines[2], lines[1]
        core.parse_snapshot("\n".join(lines).encode())
    with pytest.raises(core.DrawError, match="回车"):
        core.parse_snapshot(files["snapshot"].replace(b"\n", b"\r\n"))


@pytest.mark.parametrize("value", ["-1", "101", "abc", "5.123", ""])
def test_a_ratio_outside_0_to_100_percent_is_refused(value):
    with pytest.raises(core.DrawError, match="抽查比例"):
        core.ratio(value)


def test_sha256_is_the_published_alternative_and_gives_its_own_selection():
    a, sel_a = published(algorithm="SM3")
    b, sel_b = published(algorithm="SHA-256")
    assert core.replay(b["params"], b["snapshot"], b["seed"], b["selection"]).consistent
    assert sel_a.seed != sel_b.seed


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_the_pure_python_sm3_agrees_with_openssl(data):
    assert core._sm3_pure(data) == hashlib.new("sm3", data).hexdigest()


def test_inspectors_skip_the_excluded_and_a_recusal_takes_the_next_in_the_same_order():
    pool = [f"32990120{n:04d}" for n in range(6)]
    order = core.inspector_order("SM3", "ab" * 32, "91329901MA1D00001X", pool)
    first = core.pick_inspectors("SM3", "ab" * 32, "91329901MA1D00001X", pool, excluded={order[0]}, m=2)
    assert first == order[1:3]
    repl = core.pick_inspectors("SM3", "ab" * 32, "91329901MA1D00001X", pool, {order[0]}, 1, already=first)
    assert repl == [order[3]]


def test_caps_and_recent_inspections_keep_objects_out_of_the_snapshot():
    import datetime as dt

    ok, out = core.eligible(["X1", "X2", "X3"], drawn_this_year={"X1": 2}, cap=2,
                            last_inspected={"X2": dt.date(2026, 11, 1)}, recent_since=dt.date(2026, 9, 3))
    assert ok == ["X3"] and "上限2次" in out["X1"] and "近期已检查" in out["X2"]


def test_the_standalone_checker_runs_on_the_files_alone(tmp_path):
    files, _sel = published()
    names = []
    for key, fname in [("params", "params.json"), ("snapshot", "snapshot.csv"), ("seed", "seed.json"),
                       ("selection", "selection.csv")]:
        (tmp_path / fname).write_bytes(files[key])
        names.append(fname)
    script = tmp_path / "draw.py"
    script.write_bytes(CORE_FILE.read_bytes())  # the one file, copied away from the platform
    run = subprocess.run([sys.executable, "-I", str(script), *names], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.startswith("一致")
    (tmp_path / "snapshot.csv").write_bytes(files["snapshot"].replace(b",D\n", b",C\n", 1))
    run = subprocess.run([sys.executable, "-I", str(script), *names], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 1 and run.stdout.startswith("不一致") and "快照" in run.stdout


def test_the_rule_is_pinned_the_same_files_give_the_same_seed_and_selection_everywhere():
    # Pinned once: a change of the rule (or of its implementation) that moves any draw fails here, on SQLite and
    # on PostgreSQL alike (the snapshot is ordered and the selection computed in Python, not by the database).
    files, sel = published()
    assert sel.seed == "175013c565ea6aa2f8e751e8e056fa570a1ba330e1707b9b6e89c5df07f1cf1a"
    assert hashlib.sha256(files["selection"]).hexdigest() == (
        "16080f3de68153e3f058078757c081821d27529dce90fde04902db64ba2d4097")


def test_without_sm3_in_openssl_the_pure_python_sm3_gives_the_same_draw(monkeypatch):
    files, sel = published()
    real_new = hashlib.new

    def no_sm3(name, *args, **kw):
        if name == "sm3":
            raise ValueError("unsupported hash type")
        return real_new(name, *args, **kw)

    monkeypatch.setattr(core.hashlib, "new", no_sm3)
    again = core.select("SM3", core.parse_snapshot(files["snapshot"]), sel.seed,
                        {"A": "3", "B": "10", "C": "30", "D": "80", "N": "5"})
    assert core.selection_bytes(again) == files["selection"]
    assert core.replay(files["params"], files["snapshot"], files["seed"], files["selection"]).consistent
