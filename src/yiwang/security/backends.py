"""Authentication and permission backends: django-axes first (refuses a locked-out user name or address before
any password is hashed), then Django's model backend, whose permissions come from the 三员分立 table
(roles.ADMIN_MODELS) instead of per-user grants."""
from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend

from .roles import admin_permissions


class RoleBackend(ModelBackend):
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_yiwang_role_perms"):
            user_obj._yiwang_role_perms = admin_permissions(user_obj)
        return user_obj._yiwang_role_perms


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check (AxesStandaloneBackend) for every sign-in that comes with an HTTP request — the
    login page, the admin login. A call without a request (a management command, a script on the server) has no
    remote party to lock out, and is let through to the password check."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
