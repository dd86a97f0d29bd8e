"""一件事: one application → a child case per item, in parallel; concluded when every child is; delivered once."""
import pytest

from yiwang.api.errors import Conflict
from yiwang.cases import services
from yiwang.cases.models import Blob, BundleCase
from yiwang.catalog.domain.bundles import material_key
from yiwang.catalog.services import material_dict

from .factories import MON, make_bundle, mats, pdf


def _apply(org, items, key="b1", bundle=None):
    bundle = bundle or make_bundle(org, [items.one, items.health])
    files = {material_key(material_dict(m)): pdf(m.name) for v in (items.one, items.health) for m in mats(v)}
    return services.submit_bundle(submitter=org.person_user, applicant=org.person, bundle=bundle,
                                  idempotency_key=key, files=files, form_data={"店名": "好味道"}, today=MON)


def test_one_application_creates_a_child_case_per_department_sharing_one_set_of_files(org, items):
    bc = _apply(org, items)
    children = list(bc.children.order_by("pk"))
    assert [c.department for c in children] == [org.market, org.health]
    assert all(c.form_data == {"店名": "好味道"} and c.state == "received" for c in children)
    # 申请表 and 平面图 are asked by both items: the same two files serve both cases
    assert Blob.objects.count() == 2
    assert _apply(org, items, bundle=bc.bundle).pk == bc.pk  # retried: the same application
    with pytest.raises(Conflict, match="幂等键"):  # the same key for another bundle: not the old application
        _apply(org, items)


def _decide_all(org, bc, stop_before_last=False):
    one, health = bc.children.order_by("pk")
    one = services.accept(one, actor=org.clerk, expected_version=one.version, today=MON)
    services.approve(one, actor=org.clerk, expected_version=one.version, today=MON)
    health = services.accept(health, actor=org.clerk, expected_version=health.version, today=MON)
    bc.refresh_from_db()
    assert bc.status == "open"
    if stop_before_last:
        return health
    health = services.forward(health, actor=org.health_reviewer, expected_version=health.version, today=MON)
    from tests.factories import staff
    from yiwang.org.models import Role

    head = staff("health_head", Role.SECTION_HEAD, department=org.health)
    services.deny(health, actor=head, expected_version=health.version, reason="场所不符合卫生要求",
                  legal_basis="《公共场所卫生管理条例》", today=MON)
    bc.refresh_from_db()
    return bc


def test_concluded_only_when_every_child_is(org, items):
    bc = _apply(org, items)
    _decide_all(org, bc, stop_before_last=True)
    bc.refresh_from_db()
    assert bc.status == "open" and bc.concluded_on is None
    with pytest.raises(Conflict):
        services.deliver_bundle(bc, actor=org.clerk, expected_version=bc.version, method="window", today=MON)


def test_delivered_once_for_the_whole_bundle(org, items):
    bc = _decide_all(org, _apply(org, items))
    assert bc.status == "concluded" and bc.concluded_on == MON
    one = bc.children.order_by("pk").first()
    with pytest.raises(Conflict, match="统一出件"):
        services.deliver(one, actor=org.clerk, expected_version=one.version, method="window")
    bc = services.deliver_bundle(bc, actor=org.clerk, expected_version=bc.version, method="electronic", today=MON)
    assert bc.status == BundleCase.Status.DELIVERED
    assert set(bc.children.values_list("state", flat=True)) == {"delivered"}
    with pytest.raises(Conflict):
        services.deliver_bundle(bc, actor=org.clerk, expected_version=bc.version, method="window", today=MON)


def test_an_uploaded_file_object_serves_every_child_case(org, items):
    """Browsers and the API hand over file objects that can be read once; a material both items ask for must reach
    both child cases, not an empty file for the second."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    bundle = make_bundle(org, [items.one, items.health])
    files = {}
    for v in (items.one, items.health):
        for m in mats(v):
            name, content = pdf(m.name)[:2]
            files[material_key(material_dict(m))] = SimpleUploadedFile(name, content, content_type="application/pdf")
    bc = services.submit_bundle(submitter=org.person_user, applicant=org.person, bundle=bundle,
                                idempotency_key="file-objects", files=files, today=MON)
    for child in bc.children.all():
        assert all(cm.blob_id and cm.blob.size > 0 for cm in child.materials.all())
