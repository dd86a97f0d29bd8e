"""SMS backends. Choose one with YIWANG_SMS_BACKEND (dotted path):

- `yiwang.notify.sms.LogBackend` (default): logs the message and keeps it in `LogBackend.outbox` (development,
  tests, or sites without an SMS contract — the in-site and email channels still work);
- `yiwang.notify.sms.HttpGatewayBackend`: POSTs JSON {"phone", "text", "ref"} to YIWANG_SMS_GATEWAY_URL with
  `Authorization: Bearer <YIWANG_SMS_GATEWAY_TOKEN>`; a 2xx answer is success (its JSON "id", if any, is kept
  as the receipt), 4xx other than 408/429 a permanent refusal, anything else a temporary failure to retry.

A backend is a class with `send(phone, text, *, ref="") -> str` (a receipt id) that raises SmsError to retry or
PermanentSmsError for a refusal that will not change."""
from __future__ import annotations

import itertools
import json
import logging
import urllib.error
import urllib.request
from collections import deque

from django.utils.module_loading import import_string

from . import conf

log = logging.getLogger(__name__)


class SmsError(Exception):
    """A temporary failure: the delivery is tried again later."""


class PermanentSmsError(SmsError):
    """The gateway refused the message for good (bad number, blocked content)."""


class BaseBackend:
    def send(self, phone: str, text: str, *, ref: str = "") -> str:  # pragma: no cover - interface
        raise NotImplementedError


class LogBackend(BaseBackend):
    """Logs each SMS and stores it in memory (the newest 1000), like Django's locmem email backend."""

    outbox: deque = deque(maxlen=1000)
    _ids = itertools.count(1)

    def send(self, phone: str, text: str, *, ref: str = "") -> str:
        receipt = f"log-{next(self._ids)}"
        self.outbox.append({"phone": phone, "text": text, "ref": ref, "id": receipt})
        log.info("SMS to %s (%s): %s", phone, ref or "-", text)
        return receipt


class HttpGatewayBackend(BaseBackend):
    def __init__(self, url: str | None = None, token: str | None = None, timeout: float | None = None):
        self.url = url if url is not None else conf.sms_gateway_url()
        self.token = token if token is not None else conf.sms_gateway_token()
        self.timeout = timeout if timeout is not None else conf.sms_gateway_timeout()

    def send(self, phone: str, text: str, *, ref: str = "") -> str:
        if not self.url:
            raise SmsError("短信网关地址未配置（YIWANG_SMS_GATEWAY_URL）")
        payload = json.dumps({"phone": phone, "text": text, "ref": ref}, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=payload, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read(65536)
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace")
            message = f"短信网关返回 HTTP {exc.code}：{detail}".strip()
            if 400 <= exc.code < 500 and exc.code not in (408, 429):
                raise PermanentSmsError(message) from None
            raise SmsError(message) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"无法连接短信网关：{getattr(exc, 'reason', exc)}") from None
        try:
            answer = json.loads(raw.decode("utf-8") or "{}")
        except ValueError:
            return ""
        return str(answer.get("id", "")) if isinstance(answer, dict) else ""


def get_backend() -> BaseBackend:
    return import_string(conf.sms_backend())()
