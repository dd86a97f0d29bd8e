"""The pure outbox rules: channel choice, skip reasons, backoff."""
import pytest

from yiwang.notify.domain.planning import (
    SKIP_NO_EMAIL, SKIP_NO_PHONE, SKIP_NO_USER, SKIP_PREFERENCE, backoff_seconds, outcome_after_failure,
    plan_channels,
)


def _plan(**kw):
    args = {"channels": None, "preferred": None, "has_user": True, "email": "a@example.cn", "phone": "13800000001"}
    args.update(kw)
    return {p.channel: (p.address, p.skip_reason) for p in plan_channels(**args)}


def test_without_preference_every_channel_with_an_address():
    assert _plan() == {"site": ("", ""), "email": ("a@example.cn", ""), "sms": ("13800000001", "")}


def test_missing_addresses_are_skipped_with_the_reason():
    plan = _plan(has_user=False, email="", phone=" ")
    assert plan == {"site": ("", SKIP_NO_USER), "email": ("", SKIP_NO_EMAIL), "sms": ("", SKIP_NO_PHONE)}


def test_preference_switches_channels_off():
    plan = _plan(preferred=["site"])
    assert plan["site"] == ("", "") and plan["email"][1] == SKIP_PREFERENCE and plan["sms"][1] == SKIP_PREFERENCE


def test_explicit_channels_win_over_preference():
    assert set(_plan(channels=["sms"], preferred=["site"])) == {"sms"}
    with pytest.raises(ValueError, match="未知的通知渠道"):
        _plan(channels=["fax"])


def test_backoff_doubles_up_to_the_cap():
    assert [backoff_seconds(n, base=60, cap=600) for n in range(1, 7)] == [60, 120, 240, 480, 600, 600]


def test_outcome_after_failure():
    assert outcome_after_failure(1, 8, False) == "pending"
    assert outcome_after_failure(8, 8, False) == "dead"
    assert outcome_after_failure(1, 8, True) == "failed"
