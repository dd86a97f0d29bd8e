"""Catalogue test data."""
import datetime as dt

from yiwang.catalog import services
from yiwang.catalog.domain.codes import make_item_code
from yiwang.catalog.models import ItemType

TODAY = dt.date.today()


def code_for(dept, seq=1, basic="311A0138000000"):
    return make_item_code(basic, dept.region.code, dept.uscc, seq, "00")


def materials():
    return [
        {"name": "营业执照申请书", "is_key": True, "originals": 1},
        {"name": "法定代表人身份证明", "code": "ID", "exempt_by_sharing": True, "sharing_source": "电子证照：居民身份证"},
        {"name": "住所使用证明", "deferrable": True, "copies": 1},
        {"name": "章程", "requirement": "conditional", "condition": "有限责任公司提交"},
    ]


def item_fields(**over):
    fields = dict(name="企业设立登记", item_type=ItemType.LICENSING, legal_limit_days=20, promised_limit_days=3,
                  approval_tier="two_step", conditions="申请人具有完全民事行为能力", legal_basis="《中华人民共和国市场主体登记管理条例》",
                  steps="申请\n受理\n审核\n决定", form_fields="企业名称\n统一社会信用代码\n联系电话",
                  materials=materials(), max_visits=1)
    fields.update(over)
    return fields


def make_item(org, seq=1, actor=None, publish=True, **over):
    item = services.create_item(code=code_for(org.market, seq), department=org.market,
                                actor=actor or org.catalog_admin, **item_fields(**over))
    if publish:
        services.publish(item, TODAY, actor or org.catalog_admin)
        item.refresh_from_db()
    return item


class huey_immediate:
    """Run huey tasks in the calling thread (the consumer's job) for the duration of a block."""

    def __enter__(self):
        from huey.contrib.djhuey import HUEY

        self._was = HUEY.immediate
        HUEY.immediate = True
        return HUEY

    def __exit__(self, *exc):
        from huey.contrib.djhuey import HUEY

        HUEY.immediate = self._was
        return False
