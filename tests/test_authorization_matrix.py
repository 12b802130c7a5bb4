"""Unit isolation, tested over every admin URL pattern rather than over a hand-kept list.

Org B's records are created with primary key FOREIGN_PK. Every admin URL pattern that takes an
identifier is requested with FOREIGN_PK in every identifier, by a user of org A (editor and org
administrator): none may answer with success. A view added later without a server-side check
therefore fails here. The general office must be able to read org B's records.

Every model that belongs to an org must be listed in FACTORIES (records to attack) or in
NOT_EXPOSED (with the reason), so a new org-owned model forces a decision here too.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from gongkai.catalogue.models import CatalogueItem, Category
from gongkai.orgs.models import Org
from gongkai.orgs.roles import Role
from gongkai.orgs.services import staff_create

FOREIGN_PK = 900_001

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Identifier-like URL parameters that name a record.
ID_PARAM = re.compile(r"^(pk|id|\w+_id|\w+_pk|object_id)$")
# Parameters that are not record identifiers, with a value that makes the route resolve.
OTHER_PARAMS = {
    "action": "mask",
    "action_name": "approve",
    "format": "pdf",
    "app_label": "catalogue",
    "model_name": "catalogueitem",
    "field": "body",
    "year": "2025",
}
# Routes whose identifier is not an org-owned record, or that are public by design.
EXEMPT_PREFIXES = (
    "/admin/pages/",  # Wagtail page permissions (per-org groups) govern pages
    "/admin/images/",
    "/admin/documents/",
    "/admin/collections/",
    "/admin/users/",  # superusers only
    "/admin/groups/",
    "/admin/sites/",
    "/admin/locales/",
    "/admin/redirects/",
    "/admin/workflows/",  # workflow definitions (superusers only)
    "/admin/settings/",
    "/admin/snippets/workcalendar/",
    "/admin/snippets/catalogue/topic/",
    "/admin/snippets/review/sensitiveword/",
    "/admin/embeds/",
    "/admin/formsubmissions/",
    "/admin/forms/",
    "/admin/reports/",
    "/admin/api/main/",  # Wagtail's admin API: pages, images, documents
    "/admin/choose-page/",
    "/admin/snippets/search/searchterm/",  # the office's dictionary, not org-owned
    "/admin/snippets/choose/search/",
    "/admin/snippets/choose/workcalendar/",
    "/admin/snippets/choose/review/",
    "/admin/snippets/choose/catalogue/topic/",
    "/admin/snippets/mailbox/lettercategory/",  # shared categories, general office only
    "/admin/snippets/choose/mailbox/lettercategory/",
    "/admin/snippets/supervision/scoringscheme/",  # the office's scheme, not org-owned
    "/admin/snippets/choose/supervision/",
    "/admin/editing-sessions/release/",  # deletes only the requesting user's own session
)

NOT_EXPOSED = {
    "orgs.org": "parent: the register itself, checked by visible orgs (see Org rows below)",
    "applications.referencecounter": "internal counter, no views",
    "applications.application.transferred_to": "second FK of Application (covered)",
    "mailbox.letterevent": "shown only inside its letter's page (covered by the letter)",
    "mailbox.letterreply": "shown only inside its letter's page (covered by the letter)",
    "supervision.dailyvisits": "aggregate counts, shown in the org-scoped dashboards",
    "supervision.scoresnapshot": "shown in the org-scoped dashboards (/admin/supervision/orgs/<id>/)",
    "supervision.stalenesswarning": "bookkeeping of sent warnings, no views",
}


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + _route(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def _route(pattern) -> str:
    text = str(pattern)
    if text.startswith("^"):  # re_path: turn named groups into <name>
        text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", text.lstrip("^").rstrip("$"))
        text = text.replace("\\", "")
    return text


def admin_routes_with_ids():
    routes = set()
    for route in _walk(get_resolver().url_patterns):
        if not route.startswith("admin/"):
            continue
        params = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if not any(ID_PARAM.match(p) for p in params):
            continue
        if any(not ID_PARAM.match(p) and p not in OTHER_PARAMS for p in params):
            continue
        url = "/" + re.sub(
            r"<(?:\w+:)?(\w+)>",
            lambda m: str(FOREIGN_PK) if ID_PARAM.match(m[1]) else OTHER_PARAMS[m[1]],
            route,
        )
        if "(" in url or "?" in url or url.startswith(EXEMPT_PREFIXES):
            continue
        routes.add(url)
    return sorted(routes)


def _application(org, pk):
    model = apps.get_model("applications", "Application")
    now = timezone.now()
    return model.objects.create(
        pk=pk,
        org=org,
        reference=f"{org.code}-2025-{pk}",
        tracking_code=f"T{pk}",
        channel="online",
        applicant_type="natural_person",
        applicant_name="王五",
        phone="13900001111",
        description="申请公开某项目的批复文件",
        received_at=now,
        receipt_date=now.date(),
    )


def _appeal(org, pk):
    model = apps.get_model("appeals", "Appeal")
    return model.objects.create(pk=pk, org=org, kind="review", filed_on=dt.date(2025, 3, 1))


def _letter_template(org, pk):
    model = apps.get_model("applications", "LetterTemplate")
    fields = {f.name for f in model._meta.get_fields()}
    data = {"pk": pk, "org": org}
    if "kind" in fields:
        data["kind"] = model._meta.get_field("kind").choices[0][0]
    if "body" in fields:
        data["body"] = "模板"
    return model.objects.create(**data)


def _model(label):
    return apps.get_model(*label.split("."))


def _mailbox(org, pk):
    return _model("mailbox.Mailbox").objects.create(pk=pk, org=org, name="乙局信箱")


def _letter(org, pk):
    mailbox = _model("mailbox.Mailbox").objects.filter(org=org).first() or _mailbox(org, pk)
    category = _model("mailbox.LetterCategory").objects.first()  # seeded by a migration
    now = timezone.now()
    return _model("mailbox.Letter").objects.create(
        pk=pk,
        mailbox=mailbox,
        category=category,
        assigned_org=org,
        subject="咨询补贴",
        content="请问补贴标准？",
        writer_name="赵六",
        writer_phone="13900002222",
        received_at=now,
        awaiting_since=now.date(),
    )


def _press(org, pk):
    return _model("press.PressConference").objects.create(
        pk=pk, title="新闻发布会", held_on=dt.date(2025, 6, 1), host_org=org
    )


def _year_row(label):
    def make(org, pk):
        extra = {"data": {}} if label == "reports.SubmittedReport" else {}
        return _model(label).objects.create(pk=pk, org=org, year=2025, **extra)

    return make


def _notice(org, pk):
    return _model("supervision.RectificationNotice").objects.create(
        pk=pk,
        org=org,
        number=f"整改〔2025〕{pk}号",
        title="栏目更新不及时",
        requirement="请于10个工作日内整改。",
        due_date=dt.date(2025, 7, 1),
    )


def _site_finding(org, pk):
    today = dt.date(2025, 6, 1)
    return _model("supervision.SiteCheckFinding").objects.create(
        pk=pk,
        org=org,
        kind="broken_link",
        detail="链接失效",
        fingerprint=f"fp{pk}",
        first_seen=today,
        last_seen=today,
    )


FACTORIES = {
    "orgs.staffprofile": lambda org, pk: (
        staff_create(org=org, username=f"b-staff-{pk}", password=None, roles=[Role.EDITOR]).staff
    ),
    "catalogue.category": lambda org, pk: Category.objects.create(
        pk=pk, org=org, name="工作动态类", slug=f"news-{pk}"
    ),
    "catalogue.catalogueitem": lambda org, pk: CatalogueItem.objects.create(
        pk=pk,
        org=org,
        category=Category.objects.filter(org=org).first(),
        title="乙单位的草稿",
        formed_on=dt.date(2025, 5, 6),
        body="<p>草稿正文</p>",
        live=False,
    ),
    "applications.application": _application,
    "applications.lettertemplate": _letter_template,
    "appeals.appeal": _appeal,
    "mailbox.mailbox": _mailbox,
    "mailbox.letter.assigned_org": _letter,
    "press.pressconference.host_org": _press,
    "reports.annualfigures": _year_row("reports.AnnualFigures"),
    "reports.annualreport": _year_row("reports.AnnualReport"),
    "reports.submittedreport": _year_row("reports.SubmittedReport"),
    "supervision.rectificationnotice": _notice,
    "supervision.sitecheckfinding": _site_finding,
}


def org_owned_models():
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.many_to_one and getattr(field, "related_model", None) is Org:
                label = model._meta.label_lower
                key = label if field.name == "org" else f"{label}.{field.name}"
                if label == "orgs.org":
                    key = "orgs.org"
                found.add(key)
    return found


def test_every_org_owned_model_is_covered():
    uncovered = {
        key for key in org_owned_models() if key not in FACTORIES and key not in NOT_EXPOSED
    }
    assert not uncovered, f"add a factory (or a reason in NOT_EXPOSED) for: {sorted(uncovered)}"


@pytest.fixture
def two_orgs():
    gov = Org.objects.create(code="gov", name="澜江市人民政府", kind=Org.Kind.GOVERNMENT)
    office = Org.objects.create(
        code="office", name="澜江市人民政府办公室", kind="department", parent=gov
    )
    org_a = Org.objects.create(code="a", name="甲局", kind="department", parent=gov)
    org_b = Org.objects.create(pk=FOREIGN_PK, code="b", name="乙局", kind="department", parent=gov)
    Category.objects.create(org=org_a, name="工作动态类", slug="news")
    for factory in FACTORIES.values():
        factory(org_b, FOREIGN_PK)
    users = {
        "editor": staff_create(org=org_a, username="a-editor", password=None, roles=[Role.EDITOR]),
        "org_admin": staff_create(
            org=org_a,
            username="a-admin",
            password=None,
            roles=[Role.ORG_ADMIN, Role.REVIEWER, Role.SIGNER],
        ),
        "supervisor": staff_create(
            org=office, username="office", password=None, roles=[Role.SUPERVISOR]
        ),
    }
    return org_a, org_b, users


def test_users_of_another_org_are_refused_on_every_admin_route(client, two_orgs):
    _org_a, _org_b, users = two_orgs
    routes = admin_routes_with_ids()
    assert len(routes) > 40, routes  # the walk really found the admin
    leaks = []
    for role in ("editor", "org_admin"):
        client.force_login(users[role])
        for url in routes:
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                # Wagtail answers a PermissionDenied with a redirect to the dashboard.
                refused_redirect = response.status_code in (301, 302, 303) and (
                    response["Location"] in ("/admin/", "/admin")
                    or response["Location"].startswith("/admin/login/")
                )
                if response.status_code < 300 or (
                    300 <= response.status_code < 400 and not refused_redirect
                ):
                    leaks.append(f"{role} {method.upper()} {url} -> {response.status_code}")
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize(
    "url",
    [
        f"/admin/snippets/catalogue/catalogueitem/inspect/{FOREIGN_PK}/",
        f"/admin/review/items/{FOREIGN_PK}/",
        f"/admin/review/items/{FOREIGN_PK}/record/",
        f"/admin/orgs/inspect/{FOREIGN_PK}/",
    ],
)
def test_the_general_office_reads_other_orgs_records(client, two_orgs, url):
    client.force_login(two_orgs[2]["supervisor"])
    assert client.get(url).status_code == 200


def test_listings_hold_only_the_users_own_org(client, two_orgs):
    client.force_login(two_orgs[2]["editor"])
    response = client.get("/admin/snippets/catalogue/catalogueitem/")
    assert response.status_code == 200
    assert "乙单位的草稿" not in response.content.decode()
    client.force_login(two_orgs[2]["supervisor"])
    assert "乙单位的草稿" in client.get("/admin/snippets/catalogue/catalogueitem/").content.decode()


def test_staff_lists_hold_only_the_managed_org(client, two_orgs):
    client.force_login(two_orgs[2]["org_admin"])
    page = client.get("/admin/staff/").content.decode()
    assert "a-editor" in page and "b-staff" not in page


def test_the_public_api_never_shows_a_draft(client, two_orgs):
    assert client.get(f"/api/v1/items/{FOREIGN_PK}/").status_code == 404
