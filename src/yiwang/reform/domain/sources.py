"""A plan document as uploaded → what the reader reads: plain text (UTF-8, GB18030), Word (.docx: its paragraphs,
and a 任务分工表 table if it has one) or Excel (.xlsx: a 任务分工表). Checks the file is what its name says.
Plain Python (python-docx, openpyxl)."""
from __future__ import annotations

import io
import zipfile

from .reader import NoMeasures, Reading, read_lines, read_rows
from .wordnum import numbered_lines

MAX_BYTES = 20 * 1024 * 1024


class BadDocument(ValueError):
    """The file is not what its name says, or cannot be read."""


def kind_of(filename: str, content: bytes) -> str:
    name = (filename or "").lower()
    is_zip = content[:4] == b"PK\x03\x04"
    if name.endswith(".docx") or name.endswith(".xlsx"):
        if not is_zip:
            raise BadDocument(f"文件“{filename}”不是有效的{'Word' if name.endswith('.docx') else 'Excel'}文件（内容与扩展名不符）")
        try:
            names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        except zipfile.BadZipFile:
            raise BadDocument(f"文件“{filename}”已损坏，无法打开") from None
        if name.endswith(".docx") and "word/document.xml" not in names:
            raise BadDocument(f"文件“{filename}”不是Word文档（内容与扩展名不符）")
        if name.endswith(".xlsx") and "xl/workbook.xml" not in names:
            raise BadDocument(f"文件“{filename}”不是Excel工作簿（内容与扩展名不符）")
        return name[-4:]
    if name.endswith((".txt", ".text")) or "." not in name:
        if is_zip or b"\x00" in content[:4096]:
            raise BadDocument(f"文件“{filename}”不是纯文本文件（内容与扩展名不符）")
        return "txt"
    if name.endswith((".doc", ".xls", ".wps", ".pdf", ".ofd")):
        raise BadDocument("暂不支持该格式：请上传纯文本（.txt）、Word（.docx）或任务分工表Excel（.xlsx）")
    raise BadDocument("请上传纯文本（.txt）、Word（.docx）或任务分工表Excel（.xlsx）")


def decode_text(content: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(enc)
        except UnicodeDecodeError:
            continue
    raise BadDocument("无法识别文本文件的编码（应为UTF-8或GB18030）")


def text_lines(filename: str, content: bytes) -> list[str]:
    """The document's text as lines, for showing beside the reading."""
    kind = kind_of(filename, content)
    if kind == "txt":
        return decode_text(content).splitlines()
    if kind == "docx":
        return _docx_lines(content)[0]
    return ["\t".join("" if c is None else str(c) for c in row) for row in _xlsx_rows(content)]


def _docx_lines(content: bytes) -> tuple[list[str], list[list[list[str]]]]:
    import docx

    try:
        d = docx.Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise BadDocument(f"Word文档无法打开：{exc.__class__.__name__}") from None
    lines = numbered_lines(d)  # automatic list numbers (一、 （一） 1.) written back as text
    tables = [[[c.text.strip() for c in row.cells] for row in t.rows] for t in d.tables]
    return lines, tables


def _xlsx_rows(content: bytes) -> list[list]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise BadDocument(f"Excel文件无法打开：{exc.__class__.__name__}") from None
    rows = []
    for ws in wb.worksheets:
        rows.extend(list(r) for r in ws.iter_rows(values_only=True))
        if rows:
            break
    return rows


def read_document(filename: str, content: bytes, year: int | None = None) -> Reading:
    """Read an uploaded plan. Raises BadDocument (not what it says) or NoMeasures (nothing recognisable)."""
    if not content:
        raise BadDocument("上传的文件是空的")
    if len(content) > MAX_BYTES:
        raise BadDocument("文件超过20MB，请拆分后上传")
    kind = kind_of(filename, content)
    if kind == "txt":
        return read_lines(decode_text(content).splitlines(), year=year)
    if kind == "xlsx":
        return read_rows(_xlsx_rows(content), year=year)
    lines, tables = _docx_lines(content)
    try:
        return read_lines(lines, year=year)
    except NoMeasures:
        for t in tables:  # a Word 任务分工表
            try:
                r = read_rows(t, year=year)
            except NoMeasures:
                continue
            if not r.title:
                probe = [x for x in lines if x.strip()]
                r.title = probe[0].strip() if probe else ""
            return r
        raise
