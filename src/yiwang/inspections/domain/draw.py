#!/usr/bin/env python3
"""The verifiable draw of 双随机、一公开, in the manner of RFC 3797 — pure Python, standard library only.

This one file is also the standalone checker: anyone may download it with a draw's published files and run

    python3 draw.py params.json snapshot.csv seed.json selection.csv

It recomputes everything from those files alone and prints 一致 (exit 0) or 不一致 with the reasons (exit 1).

The published rule (规则 yiwang-draw-v1):
1. Snapshot (对象快照): the eligible objects frozen before the draw, one per line `code,kind,risk_class` under the
   header `code,kind,risk_class`, sorted by code (each code once), UTF-8, "\\n" line ends, nothing after the last
   "\\n". Its hash H(file bytes) is published with the parameters before the draw (H = SM3 or SHA-256, named in
   params.json as "algorithm").
2. Seed (随机种子): the values of the announced sources (witnesses' numbers, a named lottery draw), each in the
   announced order. A value is normalised RFC 3797-style: the numbers in it (runs of digits, leading zeros dropped)
   sorted ascending, each followed by "."; then "/" closes the source. seed = H("yiwang-draw-v1/" +
   snapshot_hash + "/" + key), in lower-case hex — so the seed also binds the snapshot.
3. Score (排序值) of an object: H(seed + "|" + code) in hex. Within each risk class the objects are ordered by
   (score, code); the first k = ceil(n × ratio) are drawn, n being the class's count in the snapshot and ratio the
   published ratio for that class (a percentage with at most two decimals, computed exactly).
4. Inclusion check: an object of class c is drawn iff its score ≤ the published cutoff of c (the k-th score), so an
   enterprise needs only its USCC, the seed and the cutoffs — not the snapshot.
5. Inspectors per object (执法人员): for department d, the pool's 执法证号 ordered by H(seed + "|inspector|" +
   object code + "|" + 执法证号); those excluded (declared conflict, inspected it last time) are skipped; the first
   m remaining are drawn; a recusal is replaced by the next one in the same order.
"""
from __future__ import annotations

import gc
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from functools import partial
from operator import itemgetter, methodcaller
from typing import NamedTuple

RULE = "yiwang-draw-v1"
ALGORITHMS = ("SM3", "SHA-256")
HEADER = "code,kind,risk_class"
SELECTION_HEADER = "code,kind,risk_class,rank,score"
CLASSES = ("A", "B", "C", "D", "N")  # N: not yet classified (未分类)
CLASS_LABELS = {"A": "A类（低风险）", "B": "B类（一般风险）", "C": "C类（较高风险）", "D": "D类（高风险）",
                "N": "未分类"}
_CODE = re.compile(r"^[0-9A-Za-z\-_.]{1,40}$")


class _NoGC:
    """Pause the cyclic garbage collector while a million small tuples are built (they hold no cycles; the
    collector would otherwise rescan them over and over)."""

    def __enter__(self):
        self.was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.was:
            gc.enable()


class DrawError(ValueError):
    """A published file or parameter that the rule cannot use (message in Chinese)."""


def hash_hex(algorithm: str, data: bytes) -> str:
    if algorithm == "SHA-256":
        return hashlib.sha256(data).hexdigest()
    if algorithm == "SM3":
        try:
            return hashlib.new("sm3", data).hexdigest()
        except ValueError:  # an OpenSSL without SM3: the pure-Python fallback below
            return _sm3_pure(data)
    raise DrawError(f"不支持的哈希算法“{algorithm}”（可用：SM3、SHA-256）")


# ---- snapshot ------------------------------------------------------------------------------------------------------
class Row(NamedTuple):
    code: str
    kind: str
    risk_class: str


_LINE = r"[0-9A-Za-z\-_.]{1,40},[a-z_]{1,20},[ABCDN]\n"
_BODY = re.compile(f"(?:{_LINE})*")
_ONE = re.compile(_LINE)


def _check_body(body: str, first_line: int) -> None:
    """One C-level pass over the whole body; on failure, find and name the first bad line (the slow path)."""
    if _BODY.fullmatch(body):
        return
    for n, line in enumerate(body.split("\n"), start=first_line):
        if line and not _ONE.fullmatch(line + "\n"):
            parts = line.split(",")
            if len(parts) != 3:
                raise DrawError(f"快照第{n}行应有3列")
            code, kind, cls = parts
            if cls not in CLASSES:
                raise DrawError(f"对象“{code}”的风险分类“{cls}”无效（应为A、B、C、D或N）")
            if not re.fullmatch(r"[a-z_]{1,20}", kind):
                raise DrawError(f"对象“{code}”的类别“{kind}”无效")
            raise DrawError(f"对象代码“{code}”含有不允许的字符")
    raise DrawError("快照文件格式不规范")


def _increasing(codes: list[str], what: str) -> None:
    for n, (a, b) in enumerate(zip(codes, codes[1:]), start=3):
        if a >= b:
            raise DrawError(f"{what}第{n}行未按代码升序排列或代码重复（{b}）")


def snapshot_bytes(rows) -> bytes:
    """The canonical snapshot file for these rows (sorted by code, duplicates refused)."""
    with _NoGC():
        ordered = sorted(rows, key=itemgetter(0))
    codes = [r[0] for r in ordered]
    for a, b in zip(codes, codes[1:]):
        if a == b:
            raise DrawError(f"对象代码“{a}”在快照中重复")
    body = "".join([f"{r[0]},{r[1]},{r[2]}\n" for r in ordered])
    _check_body(body, 2)
    return (HEADER + "\n" + body).encode("utf-8")


def parse_snapshot(data: bytes) -> list[Row]:
    """The rows of a snapshot file, refusing anything but the canonical form (so one set of objects has one hash)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DrawError("快照文件不是UTF-8编码") from None
    if not text.endswith("\n") or "\r" in text:
        raise DrawError("快照文件格式不规范（应以换行结尾，且不含回车符）")
    if not text.startswith(HEADER + "\n"):
        raise DrawError(f"快照文件首行应为“{HEADER}”")
    body = text[len(HEADER) + 1:]
    _check_body(body, 2)
    with _NoGC():
        make = partial(tuple.__new__, Row)
        rows = list(map(make, map(methodcaller("split", ","), body[:-1].split("\n")))) if body else []
    _increasing([r[0] for r in rows], "快照文件")
    return rows


# ---- seed ----------------------------------------------------------------------------------------------------------
def normalise_value(value: str) -> str:
    numbers = re.findall(r"\d+", str(value))
    if not numbers:
        raise DrawError(f"见证值“{value}”中没有数字")
    return "".join(f"{int(n)}." for n in sorted(numbers, key=int)) + "/"


def seed_of(algorithm: str, snapshot_hash: str, values: list[str]) -> str:
    if not values:
        raise DrawError("请录入见证值")
    key = "".join(normalise_value(v) for v in values)
    return hash_hex(algorithm, f"{RULE}/{snapshot_hash}/{key}".encode("utf-8"))


def score(algorithm: str, seed: str, code: str) -> str:
    return hash_hex(algorithm, f"{seed}|{code}".encode("utf-8"))


def _scorer(algorithm: str, prefix: bytes):
    """H(prefix + data) for many data: the prefix hashed once, its state copied per object."""
    if algorithm == "SHA-256":
        base = hashlib.sha256(prefix)
    elif algorithm == "SM3":
        try:
            base = hashlib.new("sm3", prefix)
        except ValueError:
            return lambda data: _sm3_pure(prefix + data)
    else:
        raise DrawError(f"不支持的哈希算法“{algorithm}”（可用：SM3、SHA-256）")

    def h(data: bytes) -> str:
        x = base.copy()
        x.update(data)
        return x.hexdigest()

    return h


# ---- ratios and selection ------------------------------------------------------------------------------------------
def ratio(value) -> Fraction:
    """A percentage (0–100, at most two decimals) as an exact fraction of 1."""
    text = str(value).strip()
    if not re.match(r"^\d{1,3}(\.\d{1,2})?$", text):
        raise DrawError(f"抽查比例“{value}”无效（应为0到100之间的百分数，最多两位小数）")
    p = Fraction(text) / 100
    if p > 1:
        raise DrawError(f"抽查比例“{value}%”超过100%")
    return p


def quota(n: int, percent) -> int:
    p = ratio(percent)
    return -(-n * p.numerator // p.denominator)


@dataclass
class Selection:
    seed: str
    drawn: list[tuple[Row, int, str]]  # (row, rank within its class, score)
    cutoffs: dict[str, str]            # class → the k-th score ("" when nothing drawn from it)
    counts: dict[str, int]             # class → n in the snapshot
    quotas: dict[str, int]             # class → k

    def codes(self) -> list[str]:
        return [r.code for r, _rank, _s in self.drawn]


def select(algorithm: str, rows, seed: str, ratios: dict[str, str]) -> Selection:
    with _NoGC():
        return _select(algorithm, rows, seed, ratios)


def _base(algorithm: str, prefix: bytes):
    if algorithm == "SHA-256":
        return hashlib.sha256(prefix)
    if algorithm == "SM3":
        try:
            return hashlib.new("sm3", prefix)
        except ValueError:
            return None
    raise DrawError(f"不支持的哈希算法“{algorithm}”（可用：SM3、SHA-256）")


def _select(algorithm: str, rows, seed: str, ratios: dict[str, str]) -> Selection:
    prefix = f"{seed}|".encode("utf-8")
    base = _base(algorithm, prefix)
    keyed: dict[str, list[bytes]] = {c: [] for c in CLASSES}
    add = {c: keyed[c].append for c in CLASSES}
    # key = the 32-byte digest, the code, "," and the kind: byte order = (score, code) order (the hex score sorts the
    # same way; "," sorts before every character a code may hold)
    if base is None:
        for code, kind, cls in rows:
            b = code.encode("utf-8")
            add[cls](bytes.fromhex(_sm3_pure(prefix + b)) + b + b"," + kind.encode("utf-8"))
    else:
        copy = base.copy
        for code, kind, cls in rows:
            b = code.encode("utf-8")
            x = copy()
            x.update(b)
            add[cls](x.digest() + b + b"," + kind.encode("utf-8"))
    drawn, cutoffs, counts, quotas = [], {}, {}, {}
    for c in CLASSES:
        members = keyed[c]
        members.sort()
        k = quota(len(members), ratios.get(c, "0"))
        counts[c], quotas[c] = len(members), k
        chosen = members[:k]
        cutoffs[c] = chosen[-1][:32].hex() if chosen else ""
        for rank, key in enumerate(chosen, start=1):
            code, kind = key[32:].decode("utf-8").split(",")
            drawn.append((Row(code, kind, c), rank, key[:32].hex()))
    drawn.sort(key=lambda t: t[0].code)
    return Selection(seed=seed, drawn=drawn, cutoffs=cutoffs, counts=counts, quotas=quotas)


def selection_bytes(sel: Selection) -> bytes:
    lines = [SELECTION_HEADER] + [f"{r.code},{r.kind},{r.risk_class},{rank},{s}" for r, rank, s in sel.drawn]
    return ("\n".join(lines) + "\n").encode("utf-8")


def included(algorithm: str, seed: str, code: str, risk_class: str, cutoffs: dict[str, str]) -> bool:
    """The per-enterprise check: drawn iff its score is at or below its class's published cutoff."""
    cut = cutoffs.get(risk_class, "")
    return bool(cut) and score(algorithm, seed, code) <= cut


# ---- inspectors ----------------------------------------------------------------------------------------------------
def inspector_order(algorithm: str, seed: str, object_code: str, cert_nos) -> list[str]:
    h = _scorer(algorithm, f"{seed}|inspector|{object_code}|".encode("utf-8"))
    return sorted(set(cert_nos), key=lambda c: (h(c.encode("utf-8")), c))


def pick_inspectors(algorithm: str, seed: str, object_code: str, cert_nos, excluded, m: int,
                    already=()) -> list[str]:
    """The first m of the order not excluded and not already used (a recusal's replacement: m=1, already=used)."""
    skip = set(excluded) | set(already)
    return [c for c in inspector_order(algorithm, seed, object_code, cert_nos) if c not in skip][:m]


# ---- eligibility (frequency caps and recent inspections) ----------------------------------------------------------
def exclusions(*, drawn_this_year: dict[str, int], cap: int, last_inspected: dict, recent_since) -> dict[str, str]:
    """{code: reason} for every object at the yearly cap or inspected on or after `recent_since` — computed over the
    (small) history, not over the whole directory; the caller drops these codes from the snapshot."""
    out = {code: f"本年度已被抽取{n}次（上限{cap}次）" for code, n in drawn_this_year.items() if n >= cap}
    if recent_since is not None:
        for code, day in last_inspected.items():
            if code not in out and day is not None and day >= recent_since:
                out[code] = f"近期已检查（{day.isoformat()}）"
    return out


def eligible(codes, *, drawn_this_year: dict[str, int], cap: int, last_inspected: dict, recent_since) -> tuple[
        list[str], dict[str, str]]:
    """Which of `codes` may enter a snapshot, and {excluded code: reason} (see `exclusions`)."""
    out = exclusions(drawn_this_year=drawn_this_year, cap=cap, last_inspected=last_inspected,
                     recent_since=recent_since)
    return [c for c in codes if c not in out], {c: out[c] for c in codes if c in out}


# ---- replay --------------------------------------------------------------------------------------------------------
@dataclass
class Replay:
    consistent: bool
    problems: list[str] = field(default_factory=list)
    seed: str = ""
    drawn: int = 0

    @property
    def verdict(self) -> str:
        return "一致" if self.consistent else "不一致"


def replay(params: bytes, snapshot: bytes, seed_file: bytes, selection: bytes) -> Replay:
    """Recompute the draw from the four published files and compare with the published selection."""
    problems = []
    try:
        p = json.loads(params.decode("utf-8"))
        s = json.loads(seed_file.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return Replay(False, ["参数文件或种子文件不是有效的JSON"])
    try:
        algorithm = p["algorithm"]
        if p.get("rule") != RULE:
            problems.append(f"规则版本“{p.get('rule')}”不是{RULE}")
        got_hash = hash_hex(algorithm, snapshot)
        if got_hash != p["snapshot_hash"]:
            problems.append("快照文件的哈希值与抽取前公布的不符（快照被改动）")
        rows = parse_snapshot(snapshot)
        if len(rows) != int(p.get("snapshot_count", len(rows))):
            problems.append(f"快照对象数{len(rows)}与公布的{p.get('snapshot_count')}不符")
        values = [v["value"] for v in s["values"]]
        names = [v["source"] for v in s["values"]]
        if names != [src["name"] for src in p["seed_sources"]]:
            problems.append("见证值的来源或顺序与抽取前公布的不符")
        seed = seed_of(algorithm, p["snapshot_hash"], values)
        if seed != s.get("seed"):
            problems.append("按公布规则由见证值算出的种子与公布的种子不符")
        sel = select(algorithm, rows, seed, p["ratios"])
        if selection_bytes(sel) != selection:
            problems.append("重新计算的抽取结果与公布的抽取名单不符")
        if s.get("cutoffs") not in (None, sel.cutoffs):
            problems.append("公布的各类分界值与重新计算的不符")
        return Replay(not problems, problems, seed, len(sel.drawn))
    except DrawError as exc:
        return Replay(False, [*problems, str(exc)])
    except (KeyError, TypeError, ValueError) as exc:
        return Replay(False, [*problems, f"公布文件缺少或含有无效字段：{exc}"])


# ---- SM3 in pure Python (only when hashlib lacks it) ---------------------------------------------------------------
def _rotl(x, n):
    n %= 32
    return ((x << n) | (x >> (32 - n))) & 0xFFFFFFFF


def _sm3_pure(msg: bytes) -> str:
    iv = [0x7380166F, 0x4914B2B9, 0x172442D7, 0xDA8A0600, 0xA96F30BC, 0x163138AA, 0xE38DEE4D, 0xB0FB0E4E]
    length = len(msg) * 8
    msg = msg + b"\x80" + b"\x00" * ((55 - len(msg)) % 64) + length.to_bytes(8, "big")
    v = iv
    for off in range(0, len(msg), 64):
        w = [int.from_bytes(msg[off + 4 * i: off + 4 * i + 4], "big") for i in range(16)]
        for j in range(16, 68):
            x = w[j - 16] ^ w[j - 9] ^ _rotl(w[j - 3], 15)
            w.append((x ^ _rotl(x, 15) ^ _rotl(x, 23)) ^ _rotl(w[j - 13], 7) ^ w[j - 6])
        w1 = [w[j] ^ w[j + 4] for j in range(64)]
        a, b, c, d, e, f, g, h = v
        for j in range(64):
            t = 0x79CC4519 if j < 16 else 0x7A879D8A
            ss1 = _rotl((_rotl(a, 12) + e + _rotl(t, j)) & 0xFFFFFFFF, 7)
            ss2 = ss1 ^ _rotl(a, 12)
            ff = (a ^ b ^ c) if j < 16 else ((a & b) | (a & c) | (b & c))
            gg = (e ^ f ^ g) if j < 16 else ((e & f) | (~e & g))
            tt1 = (ff + d + ss2 + w1[j]) & 0xFFFFFFFF
            tt2 = (gg + h + ss1 + w[j]) & 0xFFFFFFFF
            d, c, b, a = c, _rotl(b, 9), a, tt1
            h, g, f, e = g, _rotl(f, 19), e, tt2 ^ _rotl(tt2, 9) ^ _rotl(tt2, 17)
        v = [x ^ y for x, y in zip(v, [a, b, c, d, e, f, g, h])]
    return "".join(f"{x:08x}" for x in v)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 4:
        print("用法：python3 draw.py params.json snapshot.csv seed.json selection.csv", file=sys.stderr)
        return 2
    files = []
    for name in argv:
        with open(name, "rb") as fh:
            files.append(fh.read())
    result = replay(*files)
    print(result.verdict)
    for p in result.problems:
        print(f"- {p}")
    if result.consistent:
        print(f"种子 {result.seed}，抽中 {result.drawn} 户")
    return 0 if result.consistent else 1


if __name__ == "__main__":  # pragma: no cover - the standalone checker
    sys.exit(main())
