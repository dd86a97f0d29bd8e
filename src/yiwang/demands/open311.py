"""Open311 GeoReport v2 (JSON) over the demands: services are the categories, requests the demands, so the 12345
hotline and other civic systems exchange demands without custom adapters.

  (every address also answers in XML with the .xml extension, as GeoReport v2 defines it)
  GET  /api/v1/open311/services.json            categories
  GET  /api/v1/open311/services/<code>.json     one category's definition (no extra attributes beyond the below)
  GET  /api/v1/open311/requests.json            demands the caller may see (service_request_id, service_code,
                                                start_date, end_date, status=open|closed)
  GET  /api/v1/open311/requests/<id>.json       one demand
  POST /api/v1/open311/requests.json            a new demand: service_code, description, first_name, last_name,
                                                phone, email, address_string, attribute[uscc], attribute[title],
                                                attribute[external_id]
The caller authenticates as a platform account (the hotline's system account holds the 企业服务中心 role); the
`api_key` parameter of the standard is not used. Errors follow the standard: [{"code": 400, "description": …}]."""
from datetime import datetime

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from yiwang.api.errors import DomainError

from . import queries, services
from .api import enterprise_by_uscc
from .domain import lifecycle as lc
from .models import Category, Channel, Demand


# GeoReport v2 XML: the root element and the element of each list entry, per kind of answer
ROOTS = {"services": ("services", "service"), "requests": ("service_requests", "request"),
         "errors": ("errors", "error")}


def _xml_value(parent, key: str, value) -> None:
    from xml.etree.ElementTree import SubElement

    el = SubElement(parent, key)
    if isinstance(value, dict):
        for k, v in value.items():
            _xml_value(el, k, v)
    elif isinstance(value, list):  # attributes → attribute, values → value
        child = {"attributes": "attribute", "values": "value"}.get(key, "item")
        for v in value:
            _xml_value(el, child, v)
    elif value is True or value is False:
        el.text = "true" if value else "false"
    elif value is not None:
        el.text = str(value)


def to_xml(data, kind: str) -> bytes:
    """GeoReport v2's XML form of a JSON answer (a list under its root, or one service definition)."""
    from xml.etree.ElementTree import Element, tostring

    if isinstance(data, dict):  # a service definition
        root = Element("service_definition")
        for k, v in data.items():
            _xml_value(root, k, v)
    else:
        name, item = ROOTS[kind]
        root = Element(name)
        for row in data:
            el = Element(item)
            for k, v in row.items():
                _xml_value(el, k, v)
            root.append(el)
    return b'<?xml version="1.0" encoding="utf-8"?>' + tostring(root, encoding="utf-8")


def _out(fmt: str, data, kind: str, status: int = 200):
    if fmt == "xml":
        from django.http import HttpResponse

        return HttpResponse(to_xml(data, kind), status=status, content_type="text/xml; charset=utf-8")
    return Response(data, status=status)


def _error(code: int, description: str, fmt: str = "json"):
    return _out(fmt, [{"code": code, "description": description}], "errors", status=code)


def _service(c: Category) -> dict:
    return {"service_code": c.code, "service_name": c.name, "description": c.description or c.name,
            "metadata": True, "type": "realtime", "keywords": "", "group": "企业诉求"}


def _request(d: Demand) -> dict:
    notes = d.answer or d.decline_reason or lc.STATUS_LABELS[d.status]
    return {
        "service_request_id": d.number, "status": "open" if d.status in lc.OPEN else "closed",
        "status_notes": notes, "service_name": d.category.name, "service_code": d.category.code,
        "description": d.description, "agency_responsible": d.lead_department.name if d.lead_department_id else "",
        "service_notice": f"办理时限{d.category.time_limit_days}个工作日",
        "requested_datetime": timezone.localtime(d.submitted_at).isoformat(),
        "updated_datetime": timezone.localtime(d.events.order_by("-at").values_list("at", flat=True).first()
                                               or d.submitted_at).isoformat(),
        "expected_datetime": d.due_on.isoformat() if d.due_on else None,
        "address": d.enterprise.address if d.enterprise_id else "", "address_id": None, "zipcode": None,
        "lat": None, "long": None, "media_url": None,
    }


def _services_list(request, fmt="json"):
    return _out(fmt, [_service(c) for c in Category.objects.filter(is_active=True)], "services")


def _service_definition(request, code, fmt="json"):
    c = Category.objects.filter(code=code, is_active=True).first()
    if c is None:
        return _error(404, "service_code not found", fmt)
    attrs = [
        {"variable": True, "code": "uscc", "datatype": "string", "required": False, "datatype_description":
         "企业统一社会信用代码（18位）", "order": 1, "description": "诉求企业", "values": []},
        {"variable": True, "code": "title", "datatype": "string", "required": False, "datatype_description":
         "不超过100字", "order": 2, "description": "诉求标题", "values": []},
        {"variable": True, "code": "external_id", "datatype": "string", "required": False,
         "datatype_description": "来源系统的工单编号", "order": 3, "description": "外部编号", "values": []},
    ]
    return _out(fmt, {"service_code": c.code, "attributes": attrs}, "services")


def _parse_dt(value):
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date() if value else None
    except ValueError:
        return None


def _requests_list(request, fmt="json"):
    if request.method == "POST":
        return _create(request, fmt)
    qs = queries.visible_demands(request.user).select_related("category", "lead_department", "enterprise")
    p = request.query_params
    if p.get("service_request_id"):
        qs = qs.filter(number__in=[x.strip() for x in p["service_request_id"].split(",")])
    if p.get("service_code"):
        qs = qs.filter(category__code__in=p["service_code"].split(","))
    start, end = _parse_dt(p.get("start_date")), _parse_dt(p.get("end_date"))
    if start:
        qs = qs.filter(submitted_on__gte=start)
    if end:
        qs = qs.filter(submitted_on__lte=end)
    if p.get("status") in ("open", "closed"):
        qs = qs.filter(status__in=lc.OPEN if p["status"] == "open" else lc.TERMINAL)
    if not (start or end or p.get("service_request_id")):
        qs = qs.filter(submitted_on__gte=(timezone.localdate() - timezone.timedelta(days=90)))
    return _out(fmt, [_request(d) for d in qs.order_by("-submitted_at")[:1000]], "requests")


def _create(request, fmt="json"):
    d = request.data
    code = d.get("service_code")
    category = Category.objects.filter(code=code, is_active=True).first() if code else None
    if category is None:
        return _error(400, "service_code 无效或缺失（请先读取 services.json）", fmt)
    enterprise = None
    uscc = d.get("attribute[uscc]") or (d.get("attribute") or {}).get("uscc") if hasattr(d, "get") else None
    if uscc:
        enterprise = enterprise_by_uscc(request.user, uscc)
        if enterprise is None:
            return _error(400, f"未找到统一社会信用代码为{uscc}的企业", fmt)
    name = f"{d.get('last_name', '')}{d.get('first_name', '')}".strip()
    title = d.get("attribute[title]") or (d.get("description") or "")[:40]
    try:
        demand = services.submit(actor=request.user, channel=Channel.API, category=category, title=title,
                                 description=d.get("description", ""), enterprise=enterprise,
                                 person_name=name, person_phone=d.get("phone", ""),
                                 external_id=d.get("attribute[external_id]", ""))
    except DomainError as exc:
        return _error(403 if exc.code == "forbidden" else 400, exc.message, fmt)
    return _out(fmt, [{"service_request_id": demand.number,
                       "service_notice": f"已登记，办理时限{category.time_limit_days}个工作日", "account_id": None}],
                "requests", status=201)


def _request_detail(request, number, fmt="json"):
    d = queries.visible_demands(request.user).select_related("category", "lead_department", "enterprise").filter(
        number=number).first()
    if d is None:
        return _error(404, "service_request_id not found", fmt)
    return _out(fmt, [_request(d)], "requests")


# ---- the views: each answers as .json (documented in the OpenAPI) and as .xml (the same data, GeoReport v2 XML) ----
_Q = [OpenApiParameter(n, str) for n in ("service_request_id", "service_code", "start_date", "end_date", "status")]


def _views(impl, methods, perm, **schema):
    def json_view(request, *args, **kwargs):
        return impl(request, *args, fmt="json", **kwargs)

    def xml_view(request, *args, **kwargs):
        return impl(request, *args, fmt="xml", **kwargs)

    json_view.__name__, xml_view.__name__ = impl.__name__.lstrip("_"), impl.__name__.lstrip("_") + "_xml"
    documented = extend_schema(tags=["open311"], request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT,
                               **schema)(api_view(methods)(permission_classes([perm])(json_view)))
    hidden = extend_schema(exclude=True)(api_view(methods)(permission_classes([perm])(xml_view)))
    return documented, hidden


services_list, services_list_xml = _views(_services_list, ["GET"], permissions.AllowAny)
service_definition, service_definition_xml = _views(_service_definition, ["GET"], permissions.AllowAny)
requests_list, requests_list_xml = _views(_requests_list, ["GET", "POST"], permissions.IsAuthenticated, parameters=_Q)
request_detail, request_detail_xml = _views(_request_detail, ["GET"], permissions.IsAuthenticated)
