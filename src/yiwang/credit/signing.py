"""Signing for credit reports, provided by the e-licence key service.

Credit (floor 4) signs with the platform's department SM2 keys, which the licences app (floor 6) keeps. As with
signals, the lower app defines the interface and the higher app fills it: `yiwang.licences` registers a provider
in its AppConfig.ready() (decision 0011). Without one, reports cannot be issued (a clear error)."""
from __future__ import annotations

from typing import Protocol


class Provider(Protocol):
    def key_id(self, department_code: str) -> str:
        """The id of the department's active signing key (it is part of what is signed)."""

    def sign(self, department_code: str, message: bytes) -> tuple[str, bytes]:
        """(key id, 64-byte SM2 signature r||s) by the department's active key."""

    def verify(self, key_id: str, department_code: str, message: bytes, signature: bytes) -> tuple[bool, str]:
        """(valid, department name or the reason it is not)."""


_provider: Provider | None = None


def register(provider: Provider) -> None:
    global _provider
    _provider = provider


def provider() -> Provider:
    if _provider is None:
        from yiwang.api.errors import DomainError

        raise DomainError("平台未配置电子签名服务，无法出具信用报告")
    return _provider
