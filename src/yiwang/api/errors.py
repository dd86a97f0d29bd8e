"""One error shape for the whole API: {"detail": "...", "code": "...", "errors": {field: [...]}}.

Domain errors raised by service functions (`yiwang.api.errors.DomainError` subclasses, or Django's
ValidationError) become 400/409 answers with Chinese messages; field-level errors stay field-level."""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class DomainError(Exception):
    """A rule of the domain refused an action. `status` 400 by default, 409 for conflicts, 403 for code
    "forbidden" (the actor's role may not do it)."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, extra: dict | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}
        if code:
            self.code = code
        if self.code == "forbidden" and self.status == 400:  # a refusal by role is a 403 at every door
            self.status = 403


class Conflict(DomainError):
    """The action does not fit the current state (wrong state, stale version, duplicate)."""

    status = 409
    code = "conflict"


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"detail": exc.message, "code": exc.code, **exc.extra}
        if exc.field:
            body["errors"] = {exc.field: [exc.message]}
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
            first = next(iter(errors.values()))[0] if errors else "输入有误"
            return Response({"detail": first, "code": "invalid", "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"detail": "；".join(exc.messages), "code": "invalid"}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("未找到，或您无权查看")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied("您无权执行此操作")
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError) and isinstance(response.data, dict):
        errors = response.data
        first = next((v[0] if isinstance(v, list) and v else v for v in errors.values()), "输入有误")
        response.data = {"detail": str(first), "code": "invalid", "errors": errors}
    elif response is not None and isinstance(response.data, dict) and "detail" in response.data:
        response.data.setdefault("code", getattr(exc, "default_code", "error"))
    return response
