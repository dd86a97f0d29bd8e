"""JSON errors for the API even where DRF's exception handler never runs: an unhandled exception in a view (500),
the database unreachable (503 with Retry-After), and URLs under /api/ that match nothing (404). Pages keep their
HTML error pages."""
from __future__ import annotations

import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import JsonResponse

log = logging.getLogger("yiwang.api")

API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 5


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def error_body(status: int) -> dict:
    if status == 503:
        return {"detail": "服务暂时不可用（数据库连接中断），请稍后重试", "code": "service_unavailable"}
    if status == 404:
        return {"detail": "未找到，或您无权查看", "code": "not_found"}
    if status == 405:
        return {"detail": "不支持该请求方法", "code": "method_not_allowed"}
    if status == 403:
        return {"detail": "您无权执行此操作", "code": "permission_denied"}
    if status == 400:
        return {"detail": "请求有误", "code": "invalid"}
    return {"detail": "系统繁忙，请稍后重试；如仍不成功，请拨打政务服务热线 12345", "code": "server_error"}


def json_error(status: int) -> JsonResponse:
    response = JsonResponse(error_body(status), status=status, json_dumps_params={"ensure_ascii": False})
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class ApiErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_api(request) and response.status_code >= 400 and not _is_json(response):
            # Django's own 404/403/400/500 pages (no route, CSRF failure, a handler's fallback): the API's shape.
            return json_error(response.status_code)
        return response

    def process_exception(self, request, exception):
        if not is_api(request):
            return None
        unavailable = isinstance(exception, (OperationalError, InterfaceError)) or (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower())
        log.exception("API error on %s %s", request.method, request.path, exc_info=exception)
        return json_error(503 if unavailable else 500)


def _is_json(response) -> bool:
    # structured error bodies pass as they are: JSON, and the XML of the Open311 (GeoReport v2) endpoints
    return (response.get("Content-Type") or "").split(";")[0].strip() in {"application/json",
                                                                          "application/problem+json", "text/xml"}
