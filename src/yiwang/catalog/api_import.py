"""Catalogue import over the API: a background job (no web worker timeout can kill it). POST a file → 202 with
the job; GET the job for its state, progress and report (the dry run first); POST confirm to import."""
from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from .importing import jobs
from .models import ImportJob
from .permissions import NotAllowed, manageable_departments


class ImportInput(serializers.Serializer):
    file = serializers.FileField()
    effective_date = serializers.DateField(required=False)
    create_departments = serializers.BooleanField(required=False, default=False)


def _body(job: ImportJob) -> dict:
    return {"job": job.pk, "state": job.state, "state_display": job.get_state_display(), "message": job.message,
            "progress": jobs.progress(job), "report": job.report, "filename": job.filename,
            "status_url": f"/api/v1/catalog/import/{job.pk}/"}


def _job(request, pk) -> ImportJob:
    if not manageable_departments(request.user).exists():
        raise NotAllowed("只有事项管理员可以导入事项")
    return get_object_or_404(ImportJob, pk=pk)


@extend_schema(request={"multipart/form-data": ImportInput}, responses={202: dict})
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
@parser_classes([MultiPartParser, FormParser])
def start(request):
    """Upload a catalogue workbook: 202 with a job that first checks the file (nothing written). 409 while
    another import runs."""
    if not manageable_departments(request.user).exists():
        raise NotAllowed("只有事项管理员可以导入事项")
    s = ImportInput(data=request.data)
    if not s.is_valid():
        return Response({"detail": "请求参数有误", "code": "invalid", "errors": s.errors}, status=400)
    f = s.validated_data["file"]
    job = jobs.start(fileobj=f, filename=f.name, actor=request.user,
                     effective_date=s.validated_data.get("effective_date"),
                     create_departments=s.validated_data["create_departments"])
    return Response(_body(job), status=202)


@extend_schema(responses=dict)
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def job(request, pk):
    """An import job: state, progress, and its report (the dry run's, then the import's)."""
    return Response(_body(_job(request, pk)))


@extend_schema(request=None, responses={202: dict})
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def confirm(request, pk):
    """Import a checked job (its dry run had no errors)."""
    return Response(_body(jobs.confirm(_job(request, pk), actor=request.user)), status=202)
