"""Matching the departments a catalogue names (by name and by the code it files under) to the organisation:
by platform department code, by filing code (a department's own USCC or its subordinate centres' codes), by
name, short name or alias. A code two departments share is resolved by the name beside it, or reported."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from yiwang.org.models import Department, FilingCode


def name_key(name: str) -> str:
    return re.sub(r"[\s（）()·,，、]", "", unicodedata.normalize("NFKC", str(name or "")))


@dataclass
class Unknown:
    """A department the file names that the organisation does not have (created on request)."""

    name: str
    code: str
    rows: list[int] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # every code its rows file under (the first is `code`)

    @property
    def key(self) -> str:
        return name_key(self.name) or self.code


@dataclass
class Match:
    department: Department | None = None
    unknown: Unknown | None = None
    error: str = ""
    warning: str = ""
    new_code: str = ""  # a filing code to register for the matched department


class Directory:
    """The organisation's departments, indexed once per import."""

    def __init__(self):
        self.by_pk = {d.pk: d for d in Department.objects.all()}
        self.by_code = {d.code: d for d in self.by_pk.values()}
        self.by_filing: dict[str, set[int]] = {}
        for d in self.by_pk.values():
            if d.uscc:
                self.by_filing.setdefault(d.uscc, set()).add(d.pk)
        for code, dept_id in FilingCode.objects.values_list("code", "department_id"):
            self.by_filing.setdefault(code, set()).add(dept_id)
        self.by_name: dict[str, int] = {}
        for d in self.by_pk.values():
            for n in (d.name, d.short_name, *d.alias_list):
                if n:
                    self.by_name.setdefault(name_key(n), d.pk)
        self.unknown: dict[str, Unknown] = {}
        self.shared: dict[str, list[str]] = {}
        self.new_codes: dict[tuple[int, str], list[int]] = {}

    def _names(self, ids) -> list[str]:
        return sorted(self.by_pk[i].name for i in ids)

    def match(self, row: int, *, code: str, filing: str, name: str, body: str) -> Match:
        """Find the department of one row. `code` is the platform's department code (实施部门代码), `filing`
        the file's 实施主体编码 cell, `body` the implementing body read from the item code."""
        named = self.by_pk.get(self.by_name.get(name_key(name))) if name else None
        if code:
            dept = self.by_code.get(code)
            if dept is None:
                return Match(error=f"实施部门代码“{code}”不存在（实施部门代码是本平台的部门代码；"
                                   f"目录公布的编码请填在“实施主体编码”列）")
            if named and named.pk != dept.pk:
                return Match(error=f"实施部门代码“{code}”是“{dept.name}”，与实施部门“{name}”不符")
            return Match(department=dept)
        body_filing = filing or body
        ids = self.by_filing.get(body_filing, set()) if body_filing else set()
        if body and filing and body != filing:
            ids = ids | self.by_filing.get(body, set())
        filing = body_filing
        if len(ids) > 1:
            self.shared.setdefault(filing, self._names(ids))
            if named and named.pk in ids:
                return Match(department=named, warning=f"编码“{filing}”由{'、'.join(self._names(ids))}共用，按实施部门名称匹配")
            return Match(error=f"编码“{filing}”由{'、'.join(self._names(ids))}共用，请在“实施部门”列写明部门名称")
        if len(ids) == 1:
            dept = self.by_pk[next(iter(ids))]
            if named and named.pk != dept.pk:
                return Match(department=named, new_code=filing,
                             warning=f"编码“{filing}”登记在“{dept.name}”名下，按名称归入“{named.name}”并为其登记该编码"
                                     f"（两部门共用此编码）")
            return Match(department=dept)
        if named:
            if filing:
                self.new_codes.setdefault((named.pk, filing), []).append(row)
            return Match(department=named, new_code=filing)
        if not (name or filing):
            return Match(error="请填写实施部门或实施部门代码")
        unknown = Unknown(name=name, code=filing)
        unknown = self.unknown.setdefault(unknown.key, unknown)
        unknown.rows.append(row)
        if filing and not unknown.code:
            unknown.code = filing
        if filing and filing not in unknown.codes:
            unknown.codes.append(filing)
        return Match(unknown=unknown)
