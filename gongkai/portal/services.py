"""Building the portal's page tree. Idempotent: demo, imports and tests may call them repeatedly.

Org sites sit *flat* under the 政府信息公开 index (``/xxgk/<org code>/``), whatever the org's
parent in the register: an org's public address must not change when the register is
reorganised, and a flat list keeps URLs short. The index page groups them by kind.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.html import escape, format_html
from wagtail.models import Page, Site

from gongkai.catalogue.models import Category
from gongkai.catalogue.services import categories_ensure_for_org
from gongkai.orgs.models import Org
from gongkai.orgs.pages import org_page_permissions_ensure

from .models import GuidePage, OrgIndexPage, OrgInfoPage, OrgSitePage, PortalHomePage

ORG_INDEX_SLUG = "xxgk"
GUIDE_SLUG = "guide"
INFO_SLUG = "info"


def _is_wagtail_welcome_page(page: Page) -> bool:
    """Wagtail's initial migration creates a bare ``Page`` at depth 2; we replace it."""
    return page.depth == 2 and page.specific_class is Page and not page.get_children().exists()


@transaction.atomic
def portal_ensure_site(*, home_title: str = "", hostname: str = "localhost") -> PortalHomePage:
    """The portal root and its 政府信息公开 index, made the default Wagtail Site's root."""
    home = PortalHomePage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        welcome = [p for p in root.get_children() if _is_wagtail_welcome_page(p)]
        taken = set(root.get_children().values_list("slug", flat=True))
        slug = "portal" if "portal" not in taken else "portal-home"
        home = root.add_child(
            instance=PortalHomePage(
                title=home_title or settings.WAGTAIL_SITE_NAME, slug=slug, live=True
            )
        )
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname=hostname,
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=home_title or settings.WAGTAIL_SITE_NAME,
            )
        else:
            site.root_page = home
            site.save(update_fields=["root_page"])
        for page in welcome:
            page.delete()
    elif home_title and home.title != home_title:
        home.title = home_title
        home.save(update_fields=["title", "draft_title"])
    if not OrgIndexPage.objects.exists():
        home.add_child(instance=OrgIndexPage(title="政府信息公开", slug=ORG_INDEX_SLUG, live=True))
    return home


def _default_guide_body(org: Org) -> str:
    """A starting guide with the sections the Regulation expects; the OGI office edits it."""
    office = escape(org.ogi_office or org.name)
    contact = "，".join(
        part
        for part in (
            f"办公地址：{escape(org.address)}" if org.address else "",
            f"办公时间：{escape(org.office_hours)}" if org.office_hours else "",
            f"联系电话：{escape(org.ogi_phone or org.phone)}"
            if (org.ogi_phone or org.phone)
            else "",
        )
        if part
    )
    return "".join(
        [
            format_html(
                "<p>为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，"
                "编制本指南。</p><h2>一、主动公开</h2><p>{}主动公开的政府信息，"
                "通过本平台“政府信息公开目录”发布，公众可以检索、查阅、下载。</p>",
                org.name,
            ),
            format_html(
                "<h2>二、依申请公开</h2><p>公民、法人或者其他组织可以通过本平台“依申请公开”栏目"
                "在线提交申请，也可以通过信函、当面等方式向{}提出申请。</p>",
                office,
            ),
            "<h2>三、监督和救济</h2><p>公民、法人或者其他组织认为行政机关在政府信息公开工作中"
            "侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，"
            "也可以依法申请行政复议或者提起行政诉讼。</p>",
            f"<h2>四、联系方式</h2><p>{contact}</p>" if contact else "",
        ]
    )


@transaction.atomic
def org_site_ensure(*, org: Org, guide_body: str | None = None) -> OrgSitePage:
    """The org's platform page with its 指南 and 机构信息 children; creates what is missing.

    ``guide_body`` (rich-text HTML) is used only when the guide is created: a guide the OGI
    office has since edited is never overwritten.
    """
    portal_ensure_site()
    index = OrgIndexPage.objects.first()
    site = OrgSitePage.objects.filter(org=org).first()
    if site is None:
        site = index.add_child(
            instance=OrgSitePage(title=org.name, slug=org.code, org=org, live=True)
        )
    children = site.get_children()
    if not children.type(GuidePage).exists():
        site.add_child(
            instance=GuidePage(
                title="政府信息公开指南",
                slug=GUIDE_SLUG,
                body=guide_body if guide_body is not None else _default_guide_body(org),
                live=True,
            )
        )
    if not children.type(OrgInfoPage).exists():
        site.add_child(instance=OrgInfoPage(title="机构信息", slug=INFO_SLUG, live=True))
    # The org's staff may edit this subtree (and no other org's); see gongkai.orgs.pages.
    org_page_permissions_ensure(org=org, site_page=site)
    return site


@transaction.atomic
def org_publishing_ensure(*, org: Org) -> OrgSitePage:
    """Give ``org`` what it needs to publish: its own copy of the default catalogue classes and
    its site on the portal (指南, 机构信息, the page permissions of its staff). Idempotent.

    Called for every org the register gains (``import_orgs``, the admin's 新增单位, through
    ``orgs.signals.org_registered``) and by the demo. The first top-level government to arrive
    names the portal (“<name>信息公开平台”) when there is no portal yet; an existing portal keeps
    its title.
    """
    if not Category.objects.filter(org=org).exists():  # an org's own choice is never undone
        categories_ensure_for_org(org=org)
    if (
        org.parent_id is None
        and org.kind == Org.Kind.GOVERNMENT
        and not PortalHomePage.objects.exists()
    ):
        portal_ensure_site(home_title=f"{org.name}信息公开平台")
    return org_site_ensure(org=org)
