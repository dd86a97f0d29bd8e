"""The error statuses of every operation in the OpenAPI document (a drf-spectacular postprocessing hook).

Each operation declares the errors the platform can answer with, in the one error shape of the API
(`{"detail", "code", "errors"}`, api/errors.py), unless the view declared its own: 400 where the request carries
input (a body or parameters), 401/403 (not signed in, no permission, CSRF, a password change due), 404 (an object
that is not there for this caller — also a page past the end), 409 on writes (a stale version or a state that does
not allow the action), 428 where the operation takes an `If-Match` version, 429 (throttles), 503 (the database
unreachable). Schema fuzzing in CI (tests/security/test_schema_fuzz.py) checks that no answer falls outside them."""
from __future__ import annotations

ERROR = "ApiError"
WRITES = {"post", "put", "patch", "delete"}
DESCRIPTIONS = {
    "400": "输入有误（字段级错误见 errors）",
    "401": "未登录或令牌无效",
    "403": "无权执行此操作",
    "404": "未找到，或您无权查看",
    "409": "与当前状态或版本冲突",
    "428": "缺少 If-Match（或 version）",
    "429": "请求过于频繁",
    "503": "系统繁忙，请稍后重试",
}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "required": ["detail"],
    "additionalProperties": True,
}


def _statuses(method: str, operation: dict) -> list[str]:
    out = ["401", "403", "404", "429", "503"]
    params = operation.get("parameters") or []
    if operation.get("requestBody") or params:
        out.append("400")
    if method in WRITES:
        out.append("409")
    if any(p.get("in") == "header" and str(p.get("name", "")).lower() == "if-match" for p in params):
        out.append("428")
    return out


def declare_error_statuses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault(ERROR, ERROR_SCHEMA)
    for path_item in (result.get("paths") or {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete", "head", "options"}:
                continue
            responses = operation.setdefault("responses", {})
            for code in _statuses(method, operation):
                responses.setdefault(code, {
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR}"}}},
                    "description": DESCRIPTIONS[code],
                })
    return result
