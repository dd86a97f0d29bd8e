"""Password rules beyond Django's (等保 2.0 level 3, 身份鉴别): three of four character classes, and none of the
last N passwords again. Length (≥ 8), similarity to the user's name and common passwords are Django's own."""
from __future__ import annotations

import string

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

from . import conf

CLASSES = (
    ("大写字母", lambda c: c in string.ascii_uppercase),
    ("小写字母", lambda c: c in string.ascii_lowercase),
    ("数字", lambda c: c.isdigit()),
    ("特殊符号", lambda c: not c.isalnum() and not c.isspace()),
)


class CharacterClassesValidator:
    """At least `min_classes` of upper case, lower case, digits and symbols (default 3, YIWANG_PASSWORD_MIN_CLASSES)."""

    def __init__(self, min_classes: int | None = None):
        self.min_classes = min_classes

    def _needed(self) -> int:
        return self.min_classes or conf.password_min_classes()

    def validate(self, password, user=None):
        present = sum(1 for _, test in CLASSES if any(test(c) for c in password))
        if present < self._needed():
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、特殊符号中的至少{self._needed()}类", code="password_classes")

    def get_help_text(self):
        return f"密码须包含大写字母、小写字母、数字、特殊符号中的至少{self._needed()}类。"


class PasswordHistoryValidator:
    """Not one of the user's last N passwords (default 5, YIWANG_PASSWORD_HISTORY); the current one included."""

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        from .models import PasswordHistory

        n = conf.password_history()
        if n <= 0:
            return
        hashes = list(PasswordHistory.objects.filter(user_id=user.pk).order_by("-created_at", "-id")
                      .values_list("password", flat=True)[:n])
        if user.password and user.password not in hashes:
            hashes = [user.password, *hashes][:n]
        if any(check_password(password, h) for h in hashes if h):
            raise ValidationError(f"不能使用最近{n}次用过的密码", code="password_reused")

    def password_changed(self, password, user=None):
        """Called by Django after set_password + save: remember the new hash."""
        if user is None or not getattr(user, "pk", None):
            return
        from .services import remember_password

        remember_password(user)

    def get_help_text(self):
        return f"不能使用最近{conf.password_history()}次用过的密码。"
