"""Cases: list, inbox, submit, detail (ETag), materials and their files, timeline, receipt, one POST per action."""
from __future__ import annotations

from django.db.models import F, Prefetch, Q, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from yiwang.api.errors import Conflict, DomainError
from yiwang.catalog.models import ItemVersion
from yiwang.cases import services
from yiwang.org.models import Applicant, Hall, Window
from yiwang.org.scoping import scope_of

from ..domain import lifecycle as lc
from ..models import Case, CaseMaterial, SupplementNotice, Suspension
from ..queries import actions_allowed, cases_visible_to, receipt, timeline, waiting_for
from . import serializers as s
from .actions import SPECS
from .http import IDEMPOTENCY_KEY, IF_MATCH, PreconditionRequired, etag, expected_version, idempotency_key, paired_files

# The inbox: the cases whose next move is the caller's (see queries.waiting_for, which says it in SQL).
INBOX_STATES = [lc.State.RECEIVED, lc.State.SUPPLEMENTING, lc.State.UNDER_REVIEW, lc.State.SUSPENDED,
                lc.State.APPROVED, lc.State.DENIED]

ERRORS = {
    400: OpenApiResponse(s.CaseErrorSerializer, description="输入有误或规则不允许（字段级中文说明）"),
    403: OpenApiResponse(s.CaseErrorSerializer, description="该动作不是您在本办件中的岗位可以办理的"),
    404: OpenApiResponse(s.CaseErrorSerializer, description="办件不存在，或不在您的查看范围内"),
}
ACTION_ERRORS = {
    **ERRORS,
    409: OpenApiResponse(s.CaseErrorSerializer,
                         description="版本已过期（code=stale_version），或当前状态不允许该动作；带办件当前的 state、version "
                                     "和您现在可办理的 allowed_actions"),
    428: OpenApiResponse(s.CaseErrorSerializer, description="缺少 If-Match（或 version）"),
}

LIST_PARAMS = [
    OpenApiParameter("state", str, description="状态，多个用逗号分隔，如 received,under_review"),
    OpenApiParameter("item", int, description="事项ID"),
    OpenApiParameter("department", int, description="实施部门ID"),
    OpenApiParameter("applicant", int, description="申请人ID"),
    OpenApiParameter("number", str, description="办件编号（精确匹配）"),
    OpenApiParameter("overdue", bool, description="true：审批中且已超过办结期限；false：其余"),
]


def valid(serializer_class, data, **kw) -> dict:
    ser = serializer_class(data=data, **kw)
    ser.is_valid(raise_exception=True)
    return dict(ser.validated_data)


def _int_param(request, name: str, label: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise DomainError(f"{label}应为整数ID", field=name) from None


def inbox_order(qs):
    return qs.order_by(F("deadline").asc(nulls_last=True), "pending_since", "id")


def detail_prefetches(case: Case | None = None) -> list[Prefetch]:
    """The child rows a detail shows, each in one query without joining the case (ordered by case_id, which for
    one case's rows is the same order as the models' Meta.ordering). Knowing the case, the queries that cannot
    find anything are skipped: no supplement notice before the first is issued, no suspension before acceptance."""
    out = [Prefetch("materials", queryset=CaseMaterial.objects.select_related("material", "blob")
                    .order_by("case_id", "material__order", "material_id"))]
    if case is None or case.notices_issued:
        out.append(Prefetch("notices", queryset=SupplementNotice.objects.order_by("case_id", "number")))
    else:
        out.append(Prefetch("notices", queryset=SupplementNotice.objects.none()))
    if case is None or case.accepted_on is not None:
        out.append(Prefetch("suspensions", queryset=Suspension.objects.order_by("case_id", "started_on", "id")))
    else:
        out.append(Prefetch("suspensions", queryset=Suspension.objects.none()))
    return out


def with_details(qs):
    return qs.select_related("item_version__item", "department", "applicant", "hall")


def load_details(case: Case) -> Case:
    """Attach the detail's child rows to `case` (already read with its item, department, applicant and hall)."""
    prefetch_related_objects([case], *detail_prefetches(case))
    return case


def detail_response(case: Case, request, code: int = status.HTTP_200_OK, headers: dict | None = None, *,
                    fresh: bool = False) -> Response:
    """The detail of `case`; read again from the database unless `fresh` (read or written this request)."""
    if not fresh:
        case = with_details(Case.objects.filter(pk=case.pk)).get()
    load_details(case)
    data = s.CaseDetailSerializer(case, context={"request": request}).data
    return Response(data, status=code, headers={"ETag": etag(case.version), **(headers or {})})


def _applicant_for(user, applicant_id: int | None) -> Applicant:
    if user.kind == user.Kind.APPLICANT:
        mine = scope_of(user).applicant_ids
        if applicant_id is None:
            own = Applicant.objects.filter(user=user).first()
            if own is not None:
                return own
            if len(mine) == 1:
                return Applicant.objects.get(pk=next(iter(mine)))
            raise DomainError("请选择申请人", field="applicant")
        if applicant_id not in mine:
            raise DomainError("申请人不存在，或您不能以其名义申请", field="applicant")
        return Applicant.objects.get(pk=applicant_id)
    if applicant_id is None:
        raise DomainError("请选择申请人", field="applicant")
    found = Applicant.objects.filter(pk=applicant_id).first()
    if found is None:
        raise DomainError("申请人不存在", field="applicant")
    return found


def _hall_and_window(data: dict):
    hall = window = None
    if data.get("window"):
        window = Window.objects.filter(pk=data["window"]).select_related("hall").first()
        if window is None:
            raise DomainError("受理窗口不存在", field="window")
    if data.get("hall"):
        hall = Hall.objects.filter(pk=data["hall"]).first()
        if hall is None:
            raise DomainError("受理大厅不存在", field="hall")
    if window is not None:
        if hall is not None and window.hall_id != hall.pk:
            raise DomainError("受理窗口不属于所选大厅", field="window")
        hall = window.hall
    return hall, window


class CasePagination(PageNumberPagination):
    """`?page=2&page_size=20` (at most 200 a page)."""

    page_size_query_param = "page_size"
    max_page_size = 200


class CaseViewSet(viewsets.GenericViewSet):
    """办件. Every read is scoped (`cases_visible_to`): a case outside your scope answers 404."""

    permission_classes = [permissions.IsAuthenticated]

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.action == "create":
            from yiwang.security.api_auth import SubmissionThrottle

            throttles.append(SubmissionThrottle())
        return throttles
    serializer_class = s.CaseListSerializer
    lookup_value_regex = r"\d+"
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    pagination_class = CasePagination

    def get_queryset(self):
        return cases_visible_to(self.request.user)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    # ---- lists -------------------------------------------------------------------------------------------------
    def filtered(self, qs):
        q = self.request.query_params
        states = [v.strip() for v in (q.get("state") or "").split(",") if v.strip()]
        unknown = [v for v in states if v not in lc.State.__members__.values()]
        if unknown:
            raise DomainError(f"未知的办件状态：{unknown[0]}", field="state")
        if states:
            qs = qs.filter(state__in=states)
        for name, lookup, label in (("item", "item_version__item_id", "事项"), ("department", "department_id", "部门"),
                                    ("applicant", "applicant_id", "申请人")):
            value = _int_param(self.request, name, label)
            if value is not None:
                qs = qs.filter(**{lookup: value})
        if q.get("number"):
            qs = qs.filter(number=q["number"].strip())
        overdue = (q.get("overdue") or "").strip().lower()
        if overdue:
            if overdue not in ("true", "false", "1", "0"):
                raise DomainError("overdue 应为 true 或 false", field="overdue")
            cond = Q(state=lc.State.UNDER_REVIEW, deadline__lt=timezone.localdate())
            qs = qs.filter(cond) if overdue in ("true", "1") else qs.exclude(cond)
        return inbox_order(qs)

    @extend_schema(summary="办件列表", parameters=LIST_PARAMS, responses={200: s.CaseListSerializer(many=True),
                                                                       400: ERRORS[400]},
                   description="您可查看的办件，按办结期限排序（无期限的按收件日期排在后面），分页。")
    def list(self, request):
        qs = self.filtered(self.get_queryset().select_related("item_version__item"))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.CaseListSerializer(page, many=True).data)

    @extend_schema(summary="待我办理", responses={200: s.CaseListSerializer(many=True)},
                   description="现在轮到您办理的办件（受理、补正、审批、恢复计时、出件……），按办结期限排序。")
    @action(detail=False, methods=["get"])
    def inbox(self, request):
        # Two steps: the page's ids (the database filters, sorts the narrow rows and counts), then those cases
        # with their relations; joining first would join every waiting case before the sort keeps fifty.
        qs = self.get_queryset().filter(waiting_for(request.user), state__in=INBOX_STATES)
        ids = self.paginate_queryset(inbox_order(qs).values_list("pk", flat=True))
        found = Case.objects.filter(pk__in=list(ids)).select_related("item_version__item", "department",
                                                                      "applicant", "hall").in_bulk()
        page = [found[pk] for pk in ids if pk in found]
        return self.get_paginated_response(s.CaseListSerializer(page, many=True).data)

    # ---- submission ---------------------------------------------------------------------------------------------
    @extend_schema(
        summary="提交申请", parameters=[IDEMPOTENCY_KEY],
        request={"multipart/form-data": s.CaseSubmitSerializer, "application/json": s.CaseSubmitSerializer},
        responses={201: s.CaseDetailSerializer, 200: OpenApiResponse(s.CaseDetailSerializer,
                                                                     description="同一幂等键的重试：返回已提交的办件"),
                   **ERRORS, 409: OpenApiResponse(s.CaseErrorSerializer,
                                                  description="幂等键已用于另一申请：事项、申请人、材料文件、承诺或申请表"
                                                              "与首次提交不同（code=idempotency_key_reused）")},
        description="multipart/form-data：每个材料文件一对 `materials`（材料ID）和 `files`（文件），按相同顺序重复；"
                    "`commitments` 列出以告知承诺代替的材料ID。请求头 `Idempotency-Key` 必填：重试时使用同一个值，"
                    "返回同一办件（200），不会重复提交。",
    )
    def create(self, request):
        user = request.user
        key = idempotency_key(request)
        data = valid(s.CaseSubmitSerializer, request.data)
        version = ItemVersion.objects.filter(pk=data["item_version"]).select_related("item").first()
        if version is None:
            raise DomainError("事项版本不存在", field="item_version")
        applicant = _applicant_for(user, data.get("applicant"))
        hall, window = _hall_and_window(data)
        case, created = services.file_case(
            submitter=user, applicant=applicant, item_version=version, idempotency_key=key,
            files=paired_files(data), commitments=data["commitments"], commitment_signed=data["commitment_signed"],
            form_data=data["form_data"], hall=hall, window=window)
        return detail_response(case, request, code=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
                               fresh=created, headers={"Location": f"{request.path}{case.pk}/"})

    # ---- one case -----------------------------------------------------------------------------------------------
    @extend_schema(summary="办件详情", responses={200: s.CaseDetailSerializer, 304: None, 404: ERRORS[404]},
                   description="响应头 ETag 为办件版本（如 \"7\"）：办理动作时放入 If-Match。带 If-None-Match 且未变化时返回 304。")
    def retrieve(self, request, pk=None):
        inm = request.headers.get("If-None-Match")
        if inm:  # revalidation: the version column alone decides, nothing else is read
            version = self.get_queryset().filter(pk=pk).values_list("version", flat=True).first()
            if version is None:
                raise Http404
            if etag(version) in [t.strip().removeprefix("W/") for t in inm.split(",")]:
                return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag(version)})
        case = get_object_or_404(with_details(self.get_queryset()), pk=pk)
        return detail_response(case, request, fresh=True)

    @extend_schema(summary="办件材料", responses={200: s.CaseMaterialSerializer(many=True), 404: ERRORS[404]})
    @action(detail=True, methods=["get"], pagination_class=None)
    def materials(self, request, pk=None):
        case = self.get_object()
        rows = case.materials.select_related("material", "blob")
        return Response(s.CaseMaterialSerializer(rows, many=True).data)

    @extend_schema(summary="下载材料文件", responses={(200, "application/octet-stream"): OpenApiTypes.BINARY,
                                                     404: ERRORS[404]},
                   parameters=[OpenApiParameter("material", int, OpenApiParameter.PATH, description="材料ID")])
    @action(detail=True, methods=["get"], url_path=r"materials/(?P<material>\d+)/file", url_name="material-file")
    def material_file(self, request, pk=None, material=None):
        case = self.get_object()
        row = get_object_or_404(CaseMaterial.objects.select_related("blob"), case=case, material_id=material,
                                blob__isnull=False)
        blob = row.blob
        response = FileResponse(blob.file.open("rb"), as_attachment=True, content_type=blob.content_type,
                                filename=row.file_name or f"{blob.sha256[:12]}")
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(summary="办理过程与时限", responses={200: s.CaseTimelineSerializer, 404: ERRORS[404]},
                   description="各办理环节及日期、办结期限、已用与剩余工作日、期限是否暂定（含未公布年度的节假日）。")
    @action(detail=True, methods=["get"])
    def timeline(self, request, pk=None):
        case = self.get_object()
        return Response(s.CaseTimelineSerializer(timeline(case)).data, headers={"ETag": etag(case.version)})

    @extend_schema(summary="受理凭证", responses={200: s.CaseReceiptSerializer, 404: ERRORS[404],
                                                  409: OpenApiResponse(s.CaseErrorSerializer, description="尚未受理")})
    @action(detail=True, methods=["get"])
    def receipt(self, request, pk=None):
        case = self.get_object()
        if not case.number:
            raise Conflict("办件尚未受理，没有受理凭证", extra={"state": case.state})
        return Response(s.CaseReceiptSerializer(receipt(case)).data)


def _make_action(spec):
    def handler(self, request, pk=None):
        case = self.get_object()
        body_version = request.data.get("version") if hasattr(request.data, "get") else None
        if not (request.headers.get("If-Match") or "").strip() and body_version in (None, ""):
            raise PreconditionRequired()
        data = valid(spec.input, request.data)
        version = expected_version(request, data.get("version"))
        try:
            spec.call(case, request.user, version, data)
        except DomainError as exc:
            if "allowed_actions" in exc.extra:  # what *this caller* may do with the case as it is now
                fresh = Case.objects.select_related("item_version").get(pk=case.pk)
                exc.extra = {**exc.extra, "state": fresh.state, "version": fresh.version,
                             "allowed_actions": actions_allowed(fresh, request.user)}
            raise
        return detail_response(case, request)

    handler.__name__ = handler.__qualname__ = f"action_{spec.name}"
    handler.__doc__ = spec.description or spec.label
    request_schema = {"multipart/form-data": spec.input, "application/json": spec.input} if spec.multipart \
        else spec.input
    handler = action(detail=True, methods=["post"], url_path=f"actions/{spec.name}", url_name=f"action-{spec.name}",
                     parser_classes=[MultiPartParser, FormParser, JSONParser] if spec.multipart else
                     [JSONParser, FormParser, MultiPartParser])(handler)
    return extend_schema(
        operation_id=f"cases_action_{spec.name}", summary=f"{spec.label}（{spec.name}）",
        description=(spec.description + " " if spec.description else "") +
        "需带 If-Match（或请求体 version）；成功返回办件详情与新的 ETag。",
        parameters=[IF_MATCH], request=request_schema, responses={200: s.CaseDetailSerializer, **ACTION_ERRORS},
    )(handler)


for _spec in SPECS:
    setattr(CaseViewSet, f"action_{_spec.name}", _make_action(_spec))
