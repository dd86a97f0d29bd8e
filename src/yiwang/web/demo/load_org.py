"""Write the demo organisation with the org models (get-or-create by natural keys, full_clean() before save).
Existing rows are left as they are, so a second run changes nothing."""
from __future__ import annotations

from collections import Counter

from django.contrib.auth.hashers import make_password

from yiwang.org.identifiers import make_ric, make_uscc
from yiwang.org.models import Applicant, Department, Hall, Region, Role, StaffRole, User, Window

from . import DEMO_PASSWORD
from . import org_data as D

GIVEN_NAMES = ["建华", "丽萍", "志刚", "海燕", "文杰", "秀英", "国强", "晓东", "红霞", "永明", "佳怡", "子轩"]


def department_uscc(prefix: str, org: str) -> str:
    return make_uscc(f"{prefix}{D.AREA}{org}")


def company_uscc(template: str) -> str:
    return make_uscc(template.format(a=D.AREA))


def person_ric(birth_and_seq: str) -> str:
    return make_ric(f"{D.AREA}{birth_and_seq}")


class OrgLoader:
    def __init__(self, item_departments: set[str]):
        self.created: Counter = Counter()
        self.item_departments = item_departments
        self._password_hash = None
        self.regions: dict[str, Region] = {}
        self.departments: dict[str, Department] = {}
        self.halls: dict[str, Hall] = {}
        self.windows: dict[tuple[str, str], Window] = {}
        self.users: dict[str, User] = {}

    # ----------------------------------------------------------------------------------------- helpers
    def _save(self, obj, label: str, **clean_kw):
        obj.full_clean(**clean_kw)
        obj.save()
        self.created[label] += 1
        return obj

    def _password(self) -> str:
        if self._password_hash is None:  # hash once: every demo account shares the documented password
            self._password_hash = make_password(DEMO_PASSWORD)
        return self._password_hash

    def _user(self, username: str, display_name: str, kind: str, phone: str = "", superuser: bool = False) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, display_name=display_name, kind=kind, phone=phone,
                        is_staff=superuser, is_superuser=superuser, password=self._password())
            self._save(user, "users")
        self.users[username] = user
        return user

    def _role(self, user: User, role: str, department=None, hall=None, window=None, officer=False) -> None:
        if StaffRole.objects.filter(user=user, role=role, department=department, hall=hall).exists():
            return
        self._save(StaffRole(user=user, role=role, department=department, hall=hall, window=window,
                             is_window_officer=officer), "staff_roles")

    # ----------------------------------------------------------------------------------------- steps
    def load(self) -> None:
        self.load_regions()
        self.load_departments()
        self.load_halls()
        self.load_staff()
        self.load_applicants()
        # The demo accounts share the documented demo password: not forced to change it, not aged out.
        from yiwang.security.services import mark_demo_accounts

        mark_demo_accounts(self.users.values())

    def load_regions(self) -> None:
        existing = {r.code: r for r in Region.objects.filter(code__in=[c for c, *_ in D.REGIONS])}
        for code, name, level, parent in D.REGIONS:
            region = existing.get(code)
            if region is None:
                region = self._save(Region(code=code, name=name, level=level,
                                           parent=self.regions[parent] if parent else None), "regions")
            self.regions[code] = region

    def load_departments(self) -> None:
        existing = {d.code: d for d in Department.objects.filter(code__in=[row[0] for row in D.DEPARTMENTS])}
        for i, (code, name, short, kind, prefix, org) in enumerate(D.DEPARTMENTS, 1):
            dept = existing.get(code)
            if dept is None:
                region = self.regions[D.DEPARTMENT_REGION.get(code, D.DISTRICT_CODE)]
                dept = self._save(Department(
                    code=code, name=name, short_name=short, kind=kind, uscc=department_uscc(prefix, org),
                    region=region, phone=f"0571-{D.DEPARTMENT_PHONE_BASE + i}",
                    address=D.HALLS[0][4] if kind != "township" else f"江澄市明湖区{region.name}政府路1号",
                ), "departments")
            self.departments[code] = dept

    def load_halls(self) -> None:
        for code, name, kind, region, address, holidays, holiday_hours in D.HALLS:
            hall = Hall.objects.filter(code=code).first()
            if hall is None:
                hall = self._save(Hall(code=code, name=name, kind=kind, region=self.regions[region], address=address,
                                       phone="12345", open_on_holidays=holidays, holiday_hours=holiday_hours),
                                  "halls")
            self.halls[code] = hall
        existing = {(w.hall.code, w.number): w for w in Window.objects.filter(hall__in=self.halls.values())
                    .select_related("hall")}
        for hall_code, number, name, kind, departments in D.WINDOWS:
            window = existing.get((hall_code, number))
            if window is None:
                window = self._save(Window(hall=self.halls[hall_code], number=number, name=name, kind=kind),
                                    "windows")
                if departments:
                    window.departments.set([self.departments[c] for c in departments])
            self.windows[(hall_code, number)] = window

    def load_staff(self) -> None:
        for username, name, role, dept, hall, window, officer in D.STAFF:
            user = self._user(username, name, User.Kind.STAFF, superuser=username in D.SUPERUSERS)
            hall_obj = self.halls[hall] if hall else None
            self._role(user, role, department=self.departments[dept] if dept else None, hall=hall_obj,
                       window=self.windows[(hall, window)] if window else None, officer=officer)
        # The window officers (窗口事务官) are entrusted by every department that owns items to decide its one-step
        # items on the spot, e-licence included: a window-officer role bound to the department as well as the hall.
        for username, _name, role, _dept, hall, window, officer in D.STAFF:
            if officer:
                for code in sorted(self.item_departments):
                    self._role(self.users[username], role, department=self.departments[code], hall=self.halls[hall],
                               window=self.windows[(hall, window)], officer=True)
        # A reviewer, a section head and a unit leader in every other department that owns items, so every item of
        # every tier has the people to decide it (two-step: reviewer → section head; three-step: … → unit leader).
        main = {row[0] for row in D.MAIN_DEPARTMENTS}
        others = [code for code, *_ in D.DEPARTMENTS if code in self.item_departments and code not in main]
        surnames = D.OTHER_REVIEWER_NAMES
        for i, code in enumerate(others):
            for j, (suffix, role) in enumerate((("reviewer", Role.REVIEWER), ("head", Role.SECTION_HEAD),
                                                ("leader", Role.UNIT_LEADER))):
                k = i * 3 + j
                name = surnames[k % len(surnames)] + GIVEN_NAMES[(k * 7 + j) % len(GIVEN_NAMES)]
                user = self._user(f"{code.lower()}_{suffix}", name, User.Kind.STAFF)
                self._role(user, role, department=self.departments[code])
        # The district catalogue administrator maintains every department's items; one more for 市场监管 only.
        admin = self.users["catalog_admin"]
        for code in sorted(self.item_departments):
            self._role(admin, Role.CATALOG_ADMIN, department=self.departments[code])
        scj_admin = self._user("scj_catalog", "孙雅琴", User.Kind.STAFF)
        self._role(scj_admin, Role.CATALOG_ADMIN, department=self.departments["SCJ"])

    def load_applicants(self) -> None:
        for username, name, birth_seq, phone in D.PERSONS:
            user = self._user(username, name, User.Kind.APPLICANT, phone=phone)
            ric = person_ric(birth_seq)
            if not Applicant.objects.by_identifier(ric, Applicant.Kind.NATURAL).exists():
                self._save(Applicant(kind=Applicant.Kind.NATURAL, name=name, id_number=ric, phone=phone,
                                     email=f"{username}@example.cn", user=user,
                                     address="江澄市明湖区湖滨路88弄", region=self.regions["329901001001"]),
                           "applicants")
        for username, name, template, rep, agents, region, scope in D.COMPANIES:
            user = self._user(username, name, User.Kind.APPLICANT)
            uscc = company_uscc(template)
            if Applicant.objects.by_identifier(uscc, Applicant.Kind.LEGAL).exists():
                continue
            company = self._save(Applicant(kind=Applicant.Kind.LEGAL, name=name, id_number=uscc,
                                           legal_representative=rep, business_scope=scope, user=user,
                                           region=self.regions[region], address=f"江澄市明湖区{self.regions[region]}",
                                           phone="0571-56000000", email=f"{username}@example.cn"), "applicants")
            company.agents.set([self.users[a] for a in agents])
