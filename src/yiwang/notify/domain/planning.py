"""Pure rules of the outbox: which channels a message goes to (and why one is skipped), and when a failed
delivery is tried again. No Django import."""
from __future__ import annotations

from dataclasses import dataclass

CHANNELS = ("site", "email", "sms")

SKIP_NO_USER = "站内消息需要收件用户，未指定用户"
SKIP_NO_EMAIL = "未登记电子邮箱"
SKIP_NO_PHONE = "未登记手机号码"
SKIP_PREFERENCE = "用户已在通知偏好中关闭该渠道"


@dataclass(frozen=True)
class PlannedDelivery:
    channel: str
    address: str = ""
    skip_reason: str = ""

    @property
    def skipped(self) -> bool:
        return bool(self.skip_reason)


def plan_channels(*, channels: list[str] | None, preferred: list[str] | None, has_user: bool,
                  email: str, phone: str) -> list[PlannedDelivery]:
    """One planned delivery per channel considered.

    `channels` given by the caller wins; otherwise the user's `preferred` channels (None: no saved preference,
    i.e. every channel). A channel without an address is skipped with the reason recorded; so is a channel the
    user has switched off."""
    if channels is not None:
        unknown = [c for c in channels if c not in CHANNELS]
        if unknown:
            raise ValueError(f"未知的通知渠道：{', '.join(map(str, unknown))}（可用：{', '.join(CHANNELS)}）")
        wanted, considered = list(dict.fromkeys(channels)), list(dict.fromkeys(channels))
    else:
        wanted = list(CHANNELS) if preferred is None else [c for c in CHANNELS if c in preferred]
        considered = list(CHANNELS)
    email, phone = (email or "").strip(), (phone or "").strip()
    out = []
    for channel in considered:
        if channel not in wanted:
            out.append(PlannedDelivery(channel, skip_reason=SKIP_PREFERENCE))
        elif channel == "site":
            out.append(PlannedDelivery(channel) if has_user else PlannedDelivery(channel, skip_reason=SKIP_NO_USER))
        elif channel == "email":
            out.append(PlannedDelivery(channel, email) if email else PlannedDelivery(channel, skip_reason=SKIP_NO_EMAIL))
        else:
            out.append(PlannedDelivery(channel, phone) if phone else PlannedDelivery(channel, skip_reason=SKIP_NO_PHONE))
    return out


def backoff_seconds(attempts: int, *, base: int = 60, cap: int = 6 * 3600) -> int:
    """Wait before the next try after `attempts` failures: base, 2·base, 4·base, … never more than cap."""
    if attempts < 1:
        return 0
    return int(min(cap, base * 2 ** min(attempts - 1, 32)))


def outcome_after_failure(attempts: int, max_attempts: int, permanent: bool) -> str:
    """The status after a failed attempt: failed (permanent refusal), dead (out of attempts) or pending."""
    if permanent:
        return "failed"
    if attempts >= max_attempts:
        return "dead"
    return "pending"
