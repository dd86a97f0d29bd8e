import datetime as dt

import pytest


@pytest.fixture(autouse=True)
def _licence_settings(settings):
    settings.YIWANG_KEY_ENCRYPTION_KEY = "test-master-key-0123456789abcdef0123456789abcdef"
    settings.YIWANG_PUBLIC_URL = "https://zwfw.example.gov.cn"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast fixtures


@pytest.fixture
def keyed_org(org):
    from yiwang.licences.keys import generate_key

    org.market_key = generate_key(org.market)
    org.health_key = generate_key(org.health)
    return org


@pytest.fixture
def issue(keyed_org):
    from yiwang.licences.services import issue_licence

    def _issue(**overrides):
        kwargs = dict(
            department=keyed_org.market, holder_name="张三", holder_id_number=keyed_org.person.id_number,
            holder_kind="natural", licence_type="食品经营许可证", scope="预包装食品（含冷藏冷冻食品）销售",
            valid_from=dt.date(2026, 1, 5), valid_until=dt.date(2031, 1, 4), case_ref=42,
            case_number="SCJ-2026-0001", actor=keyed_org.unit_leader,
        )
        kwargs.update(overrides)
        return issue_licence(**kwargs)

    return _issue
