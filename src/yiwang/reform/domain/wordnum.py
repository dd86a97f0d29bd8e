"""Word's automatic list numbering, written out as text.

A plan typed in Word often numbers its chapters and measures with the list feature (一、 / （一） / 1.) rather
than typing the numbers: the paragraph then holds only the measure's text, and the number lives in
word/numbering.xml (a `w:num` pointing to an abstract definition whose levels give the format and the text
pattern, e.g. numFmt chineseCounting with lvlText "%1、"). The reader needs the numbers to see the hierarchy, so
each numbered paragraph gets its number back as Word would show it.

Plain Python over python-docx's XML elements; no Django."""
from __future__ import annotations

import re

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese(n: int, digits: str = _CN, ten: str = "十") -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + ten + (digits[ones] if ones else "")
    return str(n)


def _roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word's letter numbering repeats the letter: a … z, aa … zz
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def format_number(n: int, fmt: str) -> str:
    """One level's value in one of Word's number formats (those Chinese documents use, and the Latin ones)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
               "japaneseCounting", "ideographDigital"):
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL, "拾")
    if fmt in ("ideographTraditional",) and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt in ("bullet", "none"):
        return ""
    return str(n)  # decimal, decimalZero and anything unknown


def _val(el, tag: str, default=None):
    child = el.find(W + tag) if el is not None else None
    return child.get(W + "val") if child is not None else default


class Numbering:
    """The numbering definitions of one document and the running counters, fed paragraph by paragraph."""

    def __init__(self, numbering_el, styles_el=None):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstractNumId -> ilvl -> (start, fmt, text)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.style_num: dict[str, tuple[str, int]] = {}  # paragraph styleId -> (numId, ilvl)
        self.counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        if numbering_el is not None:
            for a in numbering_el.iter(W + "abstractNum"):
                levels = {}
                for lvl in a.iter(W + "lvl"):
                    levels[int(lvl.get(W + "ilvl", "0"))] = (int(_val(lvl, "start", "1") or 1),
                                                             _val(lvl, "numFmt", "decimal") or "decimal",
                                                             _val(lvl, "lvlText", "") or "")
                self.levels[a.get(W + "abstractNumId")] = levels
            for num in numbering_el.iter(W + "num"):
                overrides = {}
                for o in num.iter(W + "lvlOverride"):
                    start = _val(o, "startOverride")
                    if start is not None:
                        overrides[int(o.get(W + "ilvl", "0"))] = int(start)
                self.nums[num.get(W + "numId")] = (_val(num, "abstractNumId"), overrides)
        if styles_el is not None:
            for style in styles_el.iter(W + "style"):
                ppr = style.find(W + "pPr")
                numpr = ppr.find(W + "numPr") if ppr is not None else None
                if numpr is not None and _val(numpr, "numId"):
                    self.style_num[style.get(W + "styleId")] = (_val(numpr, "numId"), int(_val(numpr, "ilvl", "0")))

    def prefix(self, p_el) -> str:
        """The number Word shows before this paragraph ("" when it is not numbered); advances the counters."""
        ppr = p_el.find(W + "pPr")
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num_id, ilvl = None, 0
        if numpr is not None:
            num_id, ilvl = _val(numpr, "numId"), int(_val(numpr, "ilvl", "0") or 0)
        elif ppr is not None and _val(ppr, "pStyle") in self.style_num:
            num_id, ilvl = self.style_num[_val(ppr, "pStyle")]
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        # Word counts per abstract definition; a num with a start override restarts it the first time it is used
        counters = self.counters.setdefault(abstract, {})
        if overrides and num_id not in self._started:
            self._started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
            for lvl in [k for k in counters if k not in overrides and k > min(overrides)]:
                del counters[lvl]
        start, fmt, text = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            return ""

        def level_value(m):
            lvl = int(m.group(1)) - 1
            lstart, lfmt, _t = levels.get(lvl, (1, "decimal", ""))
            return format_number(counters.get(lvl, lstart), lfmt)

        return re.sub(r"%([1-9])", level_value, text)


def numbered_lines(document) -> list[str]:
    """A python-docx Document's paragraphs as text, each automatic list number written before its text."""
    part = document.part
    try:
        numbering_el = part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        numbering_el = None
    try:
        styles_el = part.styles.element
    except (KeyError, NotImplementedError, AttributeError):
        styles_el = None
    numbering = Numbering(numbering_el, styles_el)
    return [numbering.prefix(p._p) + p.text for p in document.paragraphs]
