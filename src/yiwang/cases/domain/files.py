"""Uploaded files: content type from the first bytes, size and type limits (pure Python, no Django)."""
from __future__ import annotations

import hashlib
import re

SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"PK\x03\x04", "application/zip"),  # OFD / docx / xlsx are zip containers
]


class FileRuleError(ValueError):
    pass


# What a person calls each type (the error names these, never MIME types).
TYPE_NAMES = {"application/pdf": "PDF", "image/png": "PNG 图片", "image/jpeg": "JPG 图片", "application/ofd": "OFD",
              "application/zip": "ZIP",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word（docx）"}


# The plain words a citizen reads for the allowed types: the images as one word (“图片”), in this order.
PLAIN_NAMES = {"application/pdf": "PDF", "image/png": "图片", "image/jpeg": "图片", "image/gif": "图片",
               "application/ofd": "OFD", "application/zip": "压缩包",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word 文档"}


def plain_types(kinds) -> str:
    """“PDF、图片或OFD”: the allowed types in plain Chinese, never a MIME type (an unknown one is “其他格式”)."""
    order = list(dict.fromkeys(PLAIN_NAMES.values()))
    names = sorted({PLAIN_NAMES.get(k, "其他格式") for k in kinds},
                   key=lambda n: order.index(n) if n in order else len(order))
    return names[0] if len(names) == 1 else "、".join(names[:-1]) + "或" + names[-1]


def _spaced(text: str) -> str:
    """A space between Latin letters and Chinese characters, as Chinese typesetting does (“上传 PDF 文件”)."""
    return re.sub(r"(?<=[A-Za-z])(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=[A-Za-z])", " ", text)


def type_error(kinds) -> str:
    """The message for a file of another type: “只能上传 PDF、图片或 OFD 文件”."""
    return _spaced(f"只能上传{plain_types(kinds)}文件")


def type_names(kinds) -> str:
    return "、".join(dict.fromkeys(TYPE_NAMES.get(k, k.rsplit("/", 1)[-1].upper()) for k in sorted(
        kinds, key=lambda k: list(TYPE_NAMES).index(k) if k in TYPE_NAMES else 99)))


def sniff(head: bytes, declared: str = "") -> str:
    """The type by signature; zip containers keep a declared OFD/OOXML type."""
    for sig, kind in SIGNATURES:
        if head.startswith(sig):
            if kind == "application/zip" and declared in {"application/ofd",
                                                           "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}:
                return declared
            return kind
    return "application/octet-stream"


def check_file(data: bytes, declared: str, *, max_bytes: int, allowed: frozenset[str] | set[str]) -> tuple[str, int, str]:
    """(sha256 hex, size, content type) of an acceptable file, or FileRuleError."""
    size = len(data)
    if size == 0:
        raise FileRuleError("文件为空")
    if size > max_bytes:
        raise FileRuleError(f"文件大小不能超过{max_bytes // (1024 * 1024)}MB")
    kind = sniff(data[:16], declared)
    if kind not in allowed:
        raise FileRuleError(type_error(allowed))
    return hashlib.sha256(data).hexdigest(), size, kind
