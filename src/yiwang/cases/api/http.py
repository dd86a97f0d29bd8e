"""HTTP-level conventions of the cases API: ETag / If-Match (optimistic concurrency), Idempotency-Key, file parts."""
from __future__ import annotations

import re

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.exceptions import APIException

from yiwang.api.errors import DomainError
from yiwang.cases.services.files import Upload


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "缺少版本号：请在请求头 If-Match 中带上查看办件时得到的 ETag（或在请求体中填写 version），以免覆盖他人的修改"
    default_code = "precondition_required"


def etag(version: int) -> str:
    return f'"{version}"'


_TAG = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


def expected_version(request, body_version: int | None) -> int:
    """The version the caller saw: `If-Match` ("7", W/"7" or 7), else `version` in the body; neither → 428."""
    header = request.headers.get("If-Match")
    if header is not None and header.strip():
        m = _TAG.match(header)
        if m is None:
            raise DomainError('If-Match 格式有误，应为查看办件时得到的 ETag，如 "7"', field="If-Match")
        version = int(m.group(1))
        if body_version is not None and body_version != version:
            raise DomainError("请求头 If-Match 与请求体中的 version 不一致", field="version")
        return version
    if body_version is not None:
        return body_version
    raise PreconditionRequired()


def idempotency_key(request) -> str:
    key = (request.headers.get("Idempotency-Key") or "").strip()
    if not key:
        raise DomainError("缺少幂等键：请在请求头 Idempotency-Key 中为每次申请生成一个唯一值（重试时保持不变）",
                          field="idempotency_key")
    if len(key) > 64:
        raise DomainError("幂等键（Idempotency-Key）不能超过64个字符", field="idempotency_key")
    return key


def paired_files(data: dict, *, field: str = "materials") -> dict:
    """`materials[i]` names the material that `files[i]` is for (repeat both parts, in the same order)."""
    keys, files = list(data.get(field) or []), list(data.get("files") or [])
    if len(keys) != len(files):
        raise DomainError(f"“{field}”与“files”的个数应一致：每个文件对应一个材料", field=field)
    if len(set(keys)) != len(keys):
        raise DomainError("同一材料只能上传一个文件", field=field)
    # Read each upload once into an immutable Upload: a 一件事 passes the same file to every child case.
    return dict(zip(keys, (Upload.of(f) for f in files), strict=True))


IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description='查看办件时得到的 ETag（如 "7"）。缺少时返回 428（也可在请求体中填写 version）；'
                "与办件当前版本不一致时返回 409，办件不作任何更改。",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
    description="每次申请生成的唯一值（≤64字符）。网络重试时用同一个值：返回已提交的同一申请（200），不会重复提交。",
)
