"""Chinese full-text search without a tokenizer: text is normalised (NFKC, lower case, no whitespace or
punctuation) and indexed by character bigrams, so two-character terms such as 社保 or 参保 are found.
A query matches when the item has every bigram of every term and its normalised text contains each term."""
from __future__ import annotations

import re
import unicodedata

_DROP = re.compile(r"[\s\W_]+", re.UNICODE)

# Common abbreviations people type (社保) for the full terms documents use (社会保险). When the full term is in
# an item's text, the abbreviation is indexed with it, so a search for the abbreviation finds the item.
ABBREVIATIONS = {
    "社会保险": "社保", "社会保障": "社保", "医疗保险": "医保", "医疗保障": "医保", "住房公积金": "公积金",
    "营业执照": "执照", "居民身份证": "身份证", "不动产登记": "房产证", "机动车驾驶证": "驾照",
    "出生医学证明": "出生证", "最低生活保障": "低保", "退役军人": "退伍军人",
}


def normalise(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", str(text or "")).lower())


def terms(query: str) -> list[str]:
    """Whitespace-separated terms of a query, each normalised; empty terms dropped."""
    out = []
    for raw in str(query or "").split():
        t = normalise(raw)
        if t and t not in out:
            out.append(t)
    return out


def bigrams(text: str) -> set[str]:
    t = normalise(text)
    if len(t) == 1:
        return {t}
    return {t[i:i + 2] for i in range(len(t) - 1)}


def index_text(*parts: str) -> str:
    """The normalised search text of several fields; a separator keeps words of two fields apart."""
    text = "|".join(normalise(p) for p in parts if p)
    extra = sorted({short for full, short in ABBREVIATIONS.items() if full in text})
    return "|".join([text, *extra]) if extra else text


def index_tokens(text: str) -> set[str]:
    tokens: set[str] = set()
    for segment in str(text).split("|"):
        tokens |= bigrams(segment) if segment else set()
    return tokens
