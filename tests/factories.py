"""Factories shared by every app's tests. Each app may add its own in tests/<app>/factories.py."""
from types import SimpleNamespace

import factory

from yiwang.org.identifiers import make_ric, make_uscc
from yiwang.org.models import Applicant, Department, Hall, Region, Role, StaffRole, User, Window


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"31011{n:07d}")
    name = factory.Sequence(lambda n: f"测试区划{n}")
    level = Region.Level.DISTRICT


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"D{n:03d}")
    name = factory.Sequence(lambda n: f"测试局{n}")
    uscc = factory.Sequence(lambda n: make_uscc(f"11310114MB{n:07d}"))
    region = factory.SubFactory(RegionFactory)


class HallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hall

    code = factory.Sequence(lambda n: f"H{n:02d}")
    name = factory.Sequence(lambda n: f"测试行政服务中心{n}")
    kind = Hall.Kind.ADMIN_CENTRE
    region = factory.SubFactory(RegionFactory)
    address = "测试路1号"


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Window

    hall = factory.SubFactory(HallFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    name = "综合受理"
    kind = Window.Kind.COMPREHENSIVE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    kind = User.Kind.APPLICANT
    password = factory.PostGenerationMethodCall("set_password", "pass-1234")

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def staff(username, role, department=None, hall=None, window=None, officer=False):
    user = UserFactory(username=username, kind=User.Kind.STAFF, display_name=username)
    StaffRole.objects.create(user=user, role=role, department=department, hall=hall, window=window,
                             is_window_officer=officer)
    return user


def build_org():
    district = RegionFactory(code="310114000000", name="示范区", level=Region.Level.DISTRICT)
    town = RegionFactory(code="310114101000", name="示范街道", level=Region.Level.TOWNSHIP, parent=district)
    market = DepartmentFactory(code="SCJ", name="区市场监督管理局", region=district)
    health = DepartmentFactory(code="WJW", name="区卫生健康委员会", region=district)
    hall = HallFactory(code="ZX", name="区行政服务中心", region=district)
    window = WindowFactory(hall=hall, number="1")
    person_user = UserFactory(username="zhangsan", display_name="张三")
    person = Applicant.objects.create(kind=Applicant.Kind.NATURAL, name="张三",
                                      id_number=make_ric("31011419800101001"), user=person_user,
                                      phone="13800000001", email="zhangsan@example.cn")
    other_user = UserFactory(username="lisi", display_name="李四")
    other = Applicant.objects.create(kind=Applicant.Kind.NATURAL, name="李四",
                                     id_number=make_ric("31011419850202002"), user=other_user)
    agent = UserFactory(username="agent", display_name="王经办")
    company = Applicant.objects.create(kind=Applicant.Kind.LEGAL, name="示范科技有限公司",
                                       id_number=make_uscc("91310114MA1000001"), legal_representative="王五")
    company.agents.add(agent)
    return SimpleNamespace(
        district=district, town=town, market=market, health=health, hall=hall, window=window,
        person=person, person_user=person_user, other=other, other_user=other_user,
        company=company, agent=agent,
        clerk=staff("clerk", Role.CLERK, hall=hall, window=window, officer=True),
        clerk2=staff("clerk2", Role.CLERK, hall=hall, window=window),
        reviewer=staff("reviewer", Role.REVIEWER, department=market),
        reviewer2=staff("reviewer2", Role.REVIEWER, department=market),
        section_head=staff("section_head", Role.SECTION_HEAD, department=market),
        unit_leader=staff("unit_leader", Role.UNIT_LEADER, department=market),
        health_reviewer=staff("health_reviewer", Role.REVIEWER, department=health),
        supervisor=staff("supervisor", Role.SUPERVISOR),
        catalog_admin=staff("catalog_admin", Role.CATALOG_ADMIN, department=market),
        sysadmin=staff("sysadmin", Role.SYSADMIN),
        security_admin=staff("security_admin", Role.SECURITY_ADMIN),
        audit_admin=staff("audit_admin", Role.AUDIT_ADMIN),
    )
