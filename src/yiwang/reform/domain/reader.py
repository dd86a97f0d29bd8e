"""Reading a plan (工作方案, 工作要点, 行动计划, 实施方案) as issued: its title, document number and date, its hierarchy
(第一章 / 一、 / （一） / 1. / （1）), and its measures with their responsible units and deadlines. Built from the general
rules of how such documents are written, not from one file:

- headings are numbered in the standard order 一、 → （一） → 1. → （1）; a level may be skipped;
- a measure is a numbered paragraph with nothing numbered under it that carries responsible units — its own
  closing parenthesis, or its section's (measures with no unit of their own take their section's units);
- a numbered paragraph with no units of its own or inherited (指导思想, 保障措施 …) is not a measure: it is kept
  as a heading, and listed when no measure at all is found;
- a paragraph that is not numbered continues the one before it when that one has no units yet; otherwise it is
  body text (the notice's covering letter, a chapter's introduction) and never a measure.

Plain Python: lines in, a `Reading` out; `yiwang.reform.domain.sources` turns .txt/.docx/.xlsx into lines or rows.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from . import units as u

CN_DIGITS = "一二三四五六七八九十"
_CN = f"[{CN_DIGITS}百零〇]+"
# (level, regex) in the standard order; the number is group 1, the rest of the line group 2.
HEADINGS = [
    (0, re.compile(rf"^第({_CN})(?:章|部分|篇)\s*(.*)$")),
    (1, re.compile(rf"^({_CN})[、．.]\s*(.*)$")),
    (2, re.compile(rf"^[（(]({_CN})[）)]\s*[、．.]?\s*(.*)$")),
    (3, re.compile(r"^(\d{1,3})(?:[.．、]|\s)(?!(?!\d{4}年)\d)\s*(.*)$")),
    (4, re.compile(r"^[（(](\d{1,3})[）)]\s*(.*)$")),
    (5, re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*(.*)$")),
]
_DOC_NO = re.compile(r"([\u4e00-\u9fff]{1,8}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d{1,4}\s*号)")
_DATE_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ISO = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")
_TITLE_END = re.compile(r"(方案|要点|计划|规划|意见|措施|清单|任务分工|分工表|任务表|细则|举措)$")
_DEADLINE_TEXT = re.compile(
    r"(?:(\d{4})年)?(\d{1,2})月(底|末)?(?:前|之前)|(\d{4})年(?:底|末)(?:前|之前)?|(\d{4})年(\d{1,2})月(\d{1,2})日(?:前|之前)")


@dataclass
class Node:
    level: int
    number: str  # as written: "二", "(三)", "4", "(1)"
    text: str  # the paragraph without its number and without the units parenthesis
    path: str = ""
    responsibility: u.Responsibility | None = None  # its own closing parenthesis
    inherited: u.Responsibility | None = None  # its section's, when it has none
    children: list[Node] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)
    deadline: str | None = None
    deadline_text: str = ""
    line_no: int = 0

    @property
    def units(self) -> u.Responsibility | None:
        return self.responsibility if self.responsibility and not self.responsibility.empty() else self.inherited

    @property
    def heading(self) -> str:
        return re.split(r"[。；;]", self.text, maxsplit=1)[0][:80]

    def as_measure(self) -> dict:
        r = self.units
        d = {"path": self.path, "text": self.text, "lead": r.lead.name if r and r.lead else None,
             "co": [x.name for x in r.co_units] if r else [],
             "units": {"leads": [x.as_dict() for x in r.leads], "co": [x.as_dict() for x in r.co]} if r else {},
             "inherited": self.responsibility is None or self.responsibility.empty(),
             "line": self.line_no}
        if self.deadline:
            d["deadline"] = self.deadline
            d["deadline_text"] = self.deadline_text
        return d


@dataclass
class Reading:
    title: str = ""
    doc_number: str = ""
    issued_on: str | None = None
    roots: list[Node] = field(default_factory=list)
    measures: list[Node] = field(default_factory=list)
    unassigned: list[Node] = field(default_factory=list)  # numbered leaves with no units at all
    notes: list[str] = field(default_factory=list)

    def outline(self) -> list[dict]:
        out = []

        def walk(nodes):
            for n in nodes:
                if n.children:
                    out.append({"path": n.path, "level": n.level, "heading": n.heading})
                    walk(n.children)
        walk(self.roots)
        return out

    def as_dict(self) -> dict:
        return {"title": self.title, "doc_number": self.doc_number, "issued_on": self.issued_on,
                "outline": self.outline(), "measures": [m.as_measure() for m in self.measures],
                "unassigned": [{"path": n.path, "text": n.text} for n in self.unassigned], "notes": self.notes}


class NoMeasures(ValueError):
    """The document has no recognisable measures."""


def _number_label(level: int, number: str) -> str:
    return f"({number})" if level in (2, 4) else number


def _classify(line: str) -> tuple[int, str, str] | None:
    for level, rx in HEADINGS:
        m = rx.match(line)
        if m and m.group(2).strip():
            return level, m.group(1), m.group(2).strip()
    return None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def parse_deadline(text: str, year: int | None) -> tuple[str | None, str]:
    """"2022年10月底前" → 2022-10-31; "6月底完成" (with the plan's year); "2021年6月前" → 2021-05-31; "2022年底前"."""
    m = _DEADLINE_TEXT.search(text)
    if not m:
        return None, ""
    try:
        if m.group(5):
            d = date(int(m.group(5)), int(m.group(6)), int(m.group(7)))
        elif m.group(4):
            d = date(int(m.group(4)), 12, 31)
        else:
            y = int(m.group(1)) if m.group(1) else year
            mo = int(m.group(2))
            if y is None or not 1 <= mo <= 12:
                return None, ""
            if m.group(3):  # 月底前
                d = _month_end(y, mo)
            else:  # "6月前": before June begins
                d = date(y, mo, 1).fromordinal(date(y, mo, 1).toordinal() - 1)
    except ValueError:
        return None, ""
    return d.isoformat(), m.group(0)


def _paren_deadline(text: str, year: int | None) -> tuple[str | None, str]:
    t = text
    if re.fullmatch(r"(\d{1,2})月(底|末)?(前|之前)?(完成|启动|上线|出台|落实)?", t):
        mo = int(re.match(r"\d+", t).group(0))
        if year and 1 <= mo <= 12:
            return _month_end(year, mo).isoformat(), text
    if re.fullmatch(r"年(底|内)前?完成", t) and year:
        return date(year, 12, 31).isoformat(), text
    d, _ = parse_deadline(t if "前" in t or "日" in t else t + "前", year)
    return d, text if d else ""


def _meta(lines: list[str], reading: Reading, first_heading: int) -> int | None:
    year = None
    for line in lines[: max(first_heading, 1) + 2]:
        if not reading.doc_number and (m := _DOC_NO.search(line)):
            reading.doc_number = re.sub(r"\s+", "", m.group(1)).replace("[", "〔").replace("]", "〕")
        if not reading.issued_on:
            m = _DATE_CN.search(line) if len(line) <= 30 or "发文日期" in line or "成文日期" in line else None
            m = m or (_DATE_ISO.search(line) if ("日期" in line or len(line) <= 12) else None)
            if m:
                try:
                    reading.issued_on = date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
                except ValueError:
                    pass
    head = [x for x in lines[:first_heading] if x]
    candidates = [x for x in head if _TITLE_END.search(x.rstrip("》」”")) and "。" not in x and len(x) <= 90
                  and not x.startswith(("为", "根据", "按照"))]
    if candidates:
        reading.title = re.sub(r"^(名\s*称|标\s*题)\s*[:：|]*\s*", "", candidates[-1]).strip(" |")
    elif head:
        titled = [x for x in head if re.match(r"^(名\s*称|标\s*题)", x)]
        reading.title = re.sub(r"^(名\s*称|标\s*题)\s*[:：|]*\s*", "", (titled or head)[0]).split("|")[0].strip()
    if reading.issued_on:
        year = int(reading.issued_on[:4])
    elif m := re.search(r"(20\d{2})年", reading.title):
        year = int(m.group(1))
    return year


def read_lines(lines: list[str], year: int | None = None) -> Reading:
    """Read a plan from its paragraphs. Raises NoMeasures when nothing in it is a measure."""
    lines = [u.to_simplified(re.sub(r"[\u3000\xa0\t ]+", " ", x).strip()) for x in lines]
    reading = Reading()
    first = next((i for i, x in enumerate(lines) if (c := _classify(x)) and c[0] <= 2), len(lines))
    doc_year = _meta(lines, reading, first)
    year = year or doc_year
    stack: list[Node] = []
    last: Node | None = None
    for i, line in enumerate(lines[first:], start=first + 1):
        if not line:
            continue
        c = _classify(line)
        if c is None:
            if last is not None and last.responsibility is None and not last.children:
                last.text += line  # a paragraph carried onto the next line
                _take_units(last)
            continue
        level, number, rest = c
        while stack and stack[-1].level >= level:
            stack.pop()
        node = Node(level=level, number=_number_label(level, number), text=rest, line_no=i)
        _take_units(node)
        if stack:
            node.parent = stack[-1]
            stack[-1].children.append(node)
        else:
            reading.roots.append(node)
        stack.append(node)
        last = node
    _finish(reading, year)
    if not reading.measures:
        raise NoMeasures("未能从文件中识别出任何任务措施：请确认文件是否为带有“责任单位”或“牵头单位”的工作方案、"
                         "工作要点、行动计划或实施方案")
    return reading


def _take_units(node: Node) -> None:
    tp = u.trailing_parenthesis(node.text)
    if tp and u.looks_like_responsibility(tp[1]):
        r = u.parse_responsibility(tp[1])
        if not r.empty():
            node.text, node.responsibility = tp[0].rstrip("，,；;") + ("" if tp[0].endswith(("。", "；")) else ""), r


def _finish(reading: Reading, year: int | None) -> None:
    def walk(nodes: list[Node], prefix: str, inherited: u.Responsibility | None):
        for n in nodes:
            n.path = f"{prefix}.{n.number}" if prefix else n.number
            own = n.responsibility if n.responsibility and not n.responsibility.empty() else None
            if n.children:
                walk(n.children, n.path, own or inherited)
                continue
            if own is None and inherited is not None:
                n.inherited = inherited
            if n.units is None:
                reading.unassigned.append(n)
                continue
            dl_text = n.responsibility.deadline_text if n.responsibility else ""
            if dl_text:
                n.deadline, n.deadline_text = _paren_deadline(dl_text, year)
            if not n.deadline:
                n.deadline, n.deadline_text = parse_deadline(n.text, year)
            reading.measures.append(n)
    walk(reading.roots, "", None)
    paths = [m.path for m in reading.measures]
    dupes = sorted({p for p in paths if paths.count(p) > 1})
    if dupes:
        reading.notes.append("编号重复：" + "、".join(dupes))


def read_rows(rows: list[list], year: int | None = None, title: str = "") -> Reading:
    """A 任务分工表 (Excel or a Word table): a header row naming the task, lead and co-unit columns, then one row per
    task. Columns recognised by their header words; a chapter column, where present, gives the hierarchy."""
    reading = Reading(title=title)
    header_at, cols = None, {}
    for idx, row in enumerate(rows[:10]):
        cells = [u.to_simplified(str(c or "")).strip() for c in row]
        found = {}
        for j, c in enumerate(cells):
            c = re.sub(r"\s+", "", c)
            if re.search(r"序号|编号", c) and "no" not in found:
                found["no"] = j
            elif re.search(r"(重点|工作|具体|改革)?(任务|措施|举措|事项)(内容|名称)?$", c) and "text" not in found:
                found["text"] = j
            elif re.search(r"牵头(单位|部门)|责任(单位|部门)|主责", c) and "lead" not in found:
                found["lead"] = j
            elif re.search(r"配合|协办|参与", c) and "co" not in found:
                found["co"] = j
            elif re.search(r"时限|时间|节点|期限", c) and "deadline" not in found:
                found["deadline"] = j
            elif re.search(r"领域|板块|类别|章节|方面|部分", c) and "chapter" not in found:
                found["chapter"] = j
        if "text" in found and "lead" in found:
            header_at, cols = idx, found
            break
        if not reading.title:
            first = next((str(c).strip() for c in row if c), "")
            if first and _TITLE_END.search(first):
                reading.title = first
    if header_at is None:
        raise NoMeasures("任务分工表中未找到“任务”和“牵头单位（责任单位）”列，无法识别任务")
    if year is None and (ym := re.search(r"(20\d{2})年", reading.title)):
        year = int(ym.group(1))
    chapters: dict[str, Node] = {}
    n = 0
    for i, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        cell = lambda k: u.to_simplified(str(row[cols[k]] or "")).strip() if k in cols and cols[k] < len(row) else ""
        text = cell("text")
        if not text or not (cell("lead") or cell("co")):
            continue
        n += 1
        number = re.sub(r"[.．、]$", "", cell("no")) or str(n)
        node = Node(level=3, number=number, text=text, line_no=i)
        leads = u.parse_unit_list(cell("lead"))
        node.responsibility = u.Responsibility(leads=leads, co=u.parse_unit_list(cell("co")),
                                               deadline_text=cell("deadline"), raw=cell("lead"))
        chapter = cell("chapter")
        if chapter:
            parent = chapters.get(chapter)
            if parent is None:
                parent = chapters[chapter] = Node(level=1, number=CN_DIGITS[min(len(chapters), 9)], text=chapter)
                reading.roots.append(parent)
            node.parent = parent
            parent.children.append(node)
        else:
            reading.roots.append(node)
    _finish(reading, year)
    if not reading.measures:
        raise NoMeasures("任务分工表中没有填写了牵头单位的任务")
    return reading
