"""GET /api/v1/ratings/exchange/: the 好差评 data exchange (ratings and rectifications in the items of GB/T 39735 and
GB/T 39734; see exchange.py and docs/ratings-exchange.md) for the provincial and national 好差评 systems — JSON by
default, `as=csv` (ratings or, with `set=rectifications`, the rectifications) or `as=xlsx` (both sets and the item
list). Efficiency supervisors and machine clients holding `ratings:read`; anyone else a 403."""
from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from yiwang.api.errors import DomainError

from . import access, exchange
from .api import _period

FORMATS = ("json", "csv", "xlsx")
SETS = {"ratings": (exchange.RATING_COLUMNS, exchange.ratings_in),
        "rectifications": (exchange.RECT_COLUMNS, exchange.rectifications_in)}


@extend_schema(parameters=[OpenApiParameter("start", str, description="YYYY-MM-DD（评价日期起）"),
                           OpenApiParameter("end", str, description="YYYY-MM-DD（评价日期止）"),
                           OpenApiParameter("as", str, enum=list(FORMATS)),
                           OpenApiParameter("set", str, enum=list(SETS), description="as=csv 时导出的数据集")],
               responses={200: dict, 400: dict, 401: dict, 403: dict})
@api_view(["GET"])
@permission_classes([AllowAny])  # checked below: a supervisor or a machine client with ratings:read
def exchange_view(request):
    """好差评数据交换：评价数据和差评整改数据（GB/T 39735-2020、GB/T 39734-2020 数据项）。"""
    client = getattr(request._request, "yiwang_client", None)
    if client is None:
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated()
        if not access.is_supervisor(request.user):
            raise access.Forbidden("只有效能监察人员和获授权的对接系统可以导出好差评交换数据")
    start, end = _period(request)
    fmt = request.query_params.get("as") or "json"
    if fmt not in FORMATS:
        raise DomainError("导出格式应为 json、csv 或 xlsx", field="as")
    stem = f"haochaping-{start:%Y%m%d}-{end:%Y%m%d}"
    if fmt == "json":
        return Response(exchange.as_json(start, end))
    if fmt == "xlsx":
        resp = HttpResponse(exchange.as_xlsx(start, end),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return resp
    which = request.query_params.get("set") or "ratings"
    if which not in SETS:
        raise DomainError("数据集应为 ratings 或 rectifications", field="set")
    columns, select = SETS[which]
    resp = HttpResponse(exchange.as_csv(columns, select(start, end).iterator(chunk_size=1000)),
                        content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{stem}-{which}.csv"'
    return resp
