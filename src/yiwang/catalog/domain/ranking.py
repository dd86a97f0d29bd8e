"""Ranking catalogue search results, pure Python. A query's terms are expanded with synonyms people type
(身份证 → 居民身份证) and matched against an item's name first, then its other text; pinyin initials ("sfz") match
the name's initials. A term no text contains may still match by its bigrams (食品经营许可证 → 食品经营许可).

Scores (higher first): exact name 100 · name starts with the term 80 · all terms in the name 60 · pinyin
initials of the name 50 · most of the term's bigrams in the name 40 · terms in the guide text only 20. A
synonym's match counts 0.9 of the literal term's (1.0 when it contains the term), a longer matched word a
little more; an earlier match and a shorter name break ties.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from .search import bigrams, normalise

# 常用说法 → 目录用语 (extended and overridden by the managed list, catalog.SearchSynonym).
DEFAULT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "身份证": ("居民身份证",), "户口": ("户籍", "户口迁移"), "户口本": ("户口簿", "户籍"),
    "营业执照": ("企业设立登记", "企业登记", "个体工商户登记"), "执照": ("营业执照", "企业登记"),
    "社保": ("社会保险", "社会保障"), "医保": ("医疗保障", "医疗保险"), "公积金": ("住房公积金",),
    "驾照": ("机动车驾驶证", "驾驶证"), "低保": ("最低生活保障",), "出生证": ("出生医学证明",),
    "养老金": ("养老保险待遇", "基本养老金"), "失业金": ("失业保险金",), "退伍": ("退役",),
    "补办": ("补领", "补发"), "房产证": ("不动产权证书", "不动产登记"), "准生证": ("生育服务证", "生育登记"),
    "残疾证": ("残疾人证",), "老年证": ("老年人优待证",), "居住证": ("居住证",), "结婚证": ("结婚登记",),
    "离婚证": ("离婚登记",), "施工证": ("施工许可",), "许可证": ("许可",), "报销": ("费用报销", "结算"),
}


def initials(text: str) -> str:
    """Pinyin initials of the Chinese characters of a text ("居民身份证" → "jmsfz"), other characters dropped
    (pypinyin; empty if it is not installed). pypinyin reads each run of Chinese characters on its own (its
    words never cross other characters), so each run's initials are kept: item names repeat their runs."""
    try:
        from pypinyin.constants import RE_HANS
        from pypinyin.seg.simpleseg import simple_seg
    except ImportError:  # pragma: no cover - a dependency; keep search working without it
        return ""
    return "".join(_run_initials(run) for run in simple_seg(str(text or "")) if RE_HANS.match(run))


@lru_cache(maxsize=8192)
def _run_initials(run: str) -> str:
    from pypinyin import Style, lazy_pinyin

    out = []
    for piece in lazy_pinyin(run, style=Style.FIRST_LETTER, errors="ignore"):
        if piece and piece.isascii() and piece.isalpha():
            out.append(piece.lower())
    return "".join(out)


def is_initials(term: str) -> bool:
    return bool(re.fullmatch(r"[a-z]{2,12}", term))


def expand(term: str, synonyms: dict[str, tuple[str, ...]]) -> list[str]:
    """The term and what it may mean: each synonym key inside the term replaced by each of its expansions."""
    out = [term]
    combined = term
    for key, values in synonyms.items():
        if key in term:
            for v in values:
                e = term.replace(key, normalise(v))
                if e not in out:
                    out.append(e)
            if key in combined:
                combined = combined.replace(key, normalise(values[0]))
    if combined not in out:  # every key replaced at once (身份证补办 → 居民身份证补领)
        out.append(combined)
    return out


@dataclass(frozen=True)
class Hit:
    score: float
    position: int
    matched: tuple[str, ...]  # the strings to highlight in the name


def _coverage(term: str, name: str) -> float:
    grams = bigrams(term)
    if not grams or len(term) < 3:
        return 0.0
    return sum(1 for g in grams if g in name) / len(grams)


def score(terms: list[list[str]], name: str, text: str, name_initials: str = "") -> Hit | None:
    """How well an item (its normalised name and search text) answers the expanded terms; None if it does not.
    `terms` is one list of expansions per query term (the first is the literal term)."""
    total, first, matched = 0.0, None, []
    per_term = []
    for expansions in terms:
        best = None
        for k, e in enumerate(expansions):
            # a synonym that contains the literal term (身份证 → 居民身份证) is the same word, more fully said
            weight = 1.0 if k == 0 or expansions[0] in e else 0.9
            pos = name.find(e)
            if pos >= 0:
                s = 100 if name == e else 80 if pos == 0 else 60
                cand = ((s + 0.5 * min(len(e), 10)) * weight, pos, e)
            elif is_initials(e) and name_initials and e in name_initials:
                cand = (50 * weight, name_initials.find(e), "")
            elif e in text:
                cand = (20 * weight, 1000, "")
            elif _coverage(e, name) >= 0.6:
                cand = (40 * _coverage(e, name) * weight, 500, "")
            else:
                continue
            if best is None or cand[0] > best[0] or (cand[0] == best[0] and cand[1] < best[1]):
                best = cand
        if best is None:
            return None
        per_term.append(best)
    for s, pos, e in per_term:
        total += s
        first = pos if first is None else min(first, pos)
        if e:
            matched.append(e)
    return Hit(total / len(per_term), first or 0, tuple(matched))


def highlight(name: str, matched) -> str:
    """The name, HTML-escaped, with the matched parts in <mark> (matching is on the normalised form, so only
    parts that appear verbatim are marked)."""
    spans = []
    low = name.lower()
    for m in sorted(set(matched), key=len, reverse=True):
        start = low.find(m)
        while start >= 0:
            spans.append((start, start + len(m)))
            start = low.find(m, start + len(m))
    spans.sort()
    out, at = [], 0
    for a, b in spans:
        if a < at:
            continue
        out.append(html.escape(name[at:a]))
        out.append(f"<mark>{html.escape(name[a:b])}</mark>")
        at = b
    out.append(html.escape(name[at:]))
    return "".join(out)
