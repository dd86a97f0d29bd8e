"""一件事 applications: list, submit (one merged set of materials), detail with the child cases, deliver once."""
from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from yiwang.api.errors import DomainError
from yiwang.catalog.models import Bundle
from yiwang.cases import services
from yiwang.cases.services.bundles import bundle_materials

from ..models import BundleCase
from ..queries import cases_visible_to
from . import serializers as s
from .http import IDEMPOTENCY_KEY, IF_MATCH, PreconditionRequired, etag, expected_version, idempotency_key, paired_files
from .views import ACTION_ERRORS, ERRORS, CasePagination, _applicant_for, _hall_and_window, valid


def bundle_cases_visible_to(user):
    """A bundle application is visible to whoever may see one of its child cases (its applicant sees them all)."""
    children = cases_visible_to(user).exclude(bundle_case=None).values("bundle_case_id")
    return BundleCase.objects.filter(pk__in=children).select_related("bundle", "applicant")


def _with_children(qs):
    return qs.prefetch_related("children__item_version__item", "children__department")


def bundle_response(bc: BundleCase, code=status.HTTP_200_OK, headers=None) -> Response:
    bc = _with_children(BundleCase.objects.filter(pk=bc.pk).select_related("bundle", "applicant")).get()
    return Response(s.BundleCaseSerializer(bc).data, status=code, headers={"ETag": etag(bc.version), **(headers or {})})


class BundleCaseViewSet(viewsets.GenericViewSet):
    """一件事申请: one application, a child case per item routed to each department, delivered once."""

    permission_classes = [permissions.IsAuthenticated]

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.action == "create":
            from yiwang.security.api_auth import SubmissionThrottle

            throttles.append(SubmissionThrottle())
        return throttles
    serializer_class = s.BundleCaseSerializer
    lookup_value_regex = r"\d+"
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    pagination_class = CasePagination

    def get_queryset(self):
        return bundle_cases_visible_to(self.request.user)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    @extend_schema(summary="一件事申请列表", responses={200: s.BundleCaseSerializer(many=True)})
    def list(self, request):
        page = self.paginate_queryset(_with_children(self.get_queryset()).order_by("-created_at", "-id"))
        return self.get_paginated_response(s.BundleCaseSerializer(page, many=True).data)

    @extend_schema(summary="一件事申请详情", responses={200: s.BundleCaseSerializer, 404: ERRORS[404]},
                   description="含各事项办件及其状态；响应头 ETag 为申请版本，统一出件时放入 If-Match。")
    def retrieve(self, request, pk=None):
        return bundle_response(self.get_object())

    @extend_schema(summary="一件事的合并材料清单", parameters=[OpenApiParameter("bundle", int, required=True)],
                   responses={200: s.BundleMaterialSerializer(many=True), 400: ERRORS[400]},
                   description="提交一件事申请时，materials / commitments 使用这里的 key（同一材料只交一次）。")
    @action(detail=False, methods=["get"], url_path="materials", pagination_class=None)
    def bundle_materials(self, request):
        raw = request.query_params.get("bundle") or ""
        bundle = Bundle.objects.filter(pk=int(raw), status=Bundle.Status.ACTIVE).first() if raw.isdigit() else None
        if bundle is None:
            raise DomainError("请选择在用的“一件事”", field="bundle")
        rows = []
        for key, ms in bundle_materials(bundle).items():
            rows.append({
                "key": key, "name": ms[0].name,
                "items": [m.version.name for m in ms],
                "required": any(m.requirement == m.Requirement.REQUIRED and not m.exempt_by_sharing for m in ms),
                "deferrable": all(m.deferrable for m in ms),
                "commitment_replaceable": all(m.commitment_replaceable for m in ms),
            })
        return Response(s.BundleMaterialSerializer(rows, many=True).data)

    @extend_schema(
        summary="提交一件事申请", parameters=[IDEMPOTENCY_KEY],
        request={"multipart/form-data": s.BundleSubmitSerializer, "application/json": s.BundleSubmitSerializer},
        responses={201: s.BundleCaseSerializer,
                   200: OpenApiResponse(s.BundleCaseSerializer, description="同一幂等键的重试：返回已提交的申请"),
                   **ERRORS, 409: OpenApiResponse(s.CaseErrorSerializer, description="幂等键已用于另一申请")},
        description="一次申请、一套材料：`materials`（合并材料键）与 `files` 一一对应；每个事项生成一个办件，"
                    "并行送各部门办理。请求头 `Idempotency-Key` 必填。",
    )
    def create(self, request):
        user = request.user
        key = idempotency_key(request)
        data = valid(s.BundleSubmitSerializer, request.data)
        bundle = Bundle.objects.filter(pk=data["bundle"]).first()
        if bundle is None:
            raise DomainError("“一件事”不存在", field="bundle")
        applicant = _applicant_for(user, data.get("applicant"))
        hall, _ = _hall_and_window(data)
        bc, created = services.file_bundle(
            submitter=user, applicant=applicant, bundle=bundle, idempotency_key=key, files=paired_files(data),
            commitments=data["commitments"], commitment_signed=data["commitment_signed"],
            form_data=data["form_data"], hall=hall)
        return bundle_response(bc, code=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
                               headers={"Location": f"{request.path}{bc.pk}/"})

    @extend_schema(summary="统一出件", operation_id="bundle_cases_action_deliver", parameters=[IF_MATCH],
                   request=s.CaseDeliverInput, responses={200: s.BundleCaseSerializer, **ACTION_ERRORS},
                   description="全部事项办结后，窗口人员一次出件。需带 If-Match（一件事申请的 ETag）。")
    @action(detail=True, methods=["post"], url_path="actions/deliver", url_name="action-deliver")
    def deliver(self, request, pk=None):
        bc = self.get_object()
        body_version = request.data.get("version") if hasattr(request.data, "get") else None
        if not (request.headers.get("If-Match") or "").strip() and body_version in (None, ""):
            raise PreconditionRequired()
        data = valid(s.CaseDeliverInput, request.data)
        services.deliver_bundle(bc, actor=request.user, expected_version=expected_version(request, data.get("version")),
                                method=data["method"], tracking_number=data["tracking_number"],
                                address=data["address"])
        return bundle_response(bc)

    @extend_schema(summary="联合办理延期", operation_id="bundle_cases_action_extend", parameters=[IF_MATCH],
                   request=s.CaseExtendInput, responses={200: s.BundleCaseSerializer, **ACTION_ERRORS},
                   description="统一、联合或集中办理的“一件事”：经本级人民政府负责人批准，各正在计时的事项一次延期"
                               "（至多15个工作日，全部延期或全部不延期），由参与办理部门的单位负责人登记。需带 If-Match。")
    @action(detail=True, methods=["post"], url_path="actions/extend", url_name="action-extend")
    def extend(self, request, pk=None):
        bc = self.get_object()
        body_version = request.data.get("version") if hasattr(request.data, "get") else None
        if not (request.headers.get("If-Match") or "").strip() and body_version in (None, ""):
            raise PreconditionRequired()
        data = valid(s.CaseExtendInput, request.data)
        services.extend_bundle(bc, actor=request.user, expected_version=expected_version(request, data.get("version")),
                               days=data["days"], reason=data["reason"],
                               government_approval=data["government_approval"])
        return bundle_response(bc)
