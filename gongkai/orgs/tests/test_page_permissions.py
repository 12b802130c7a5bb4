"""Page permissions per org: staff edit their own org's portal pages, and nobody publishes
around the review workflow."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import nested_form_data, rich_text

from gongkai.orgs.models import Org
from gongkai.orgs.pages import (
    PAGE_PERMISSION_CODENAMES,
    page_group_name,
    page_group_wanted,
    staff_page_groups_sync,
)
from gongkai.orgs.roles import Role, group_name
from gongkai.orgs.services import staff_create
from gongkai.portal.models import GuidePage
from gongkai.portal.services import org_site_ensure
from gongkai.review.models import ReviewStep
from gongkai.review.services import review_act

# --- Pure logic -------------------------------------------------------------------------------


def test_an_editor_belongs_to_the_page_group_of_their_org():
    assert page_group_wanted(org_code="edu", group_names=["信息员"]) == "页面：edu"


def test_a_supervisor_alone_gets_no_page_group():
    # 办公室督查员 act for small orgs inside the workflow only; they edit no org's pages.
    assert page_group_wanted(org_code="office", group_names=["办公室督查员"]) is None


def test_a_user_without_an_org_gets_no_page_group():
    assert page_group_wanted(org_code=None, group_names=["信息员"]) is None


# --- With the database ------------------------------------------------------------------------


@pytest.fixture
def two_orgs(db):
    gov = Org.objects.create(code="gov", name="澜江市人民政府", kind=Org.Kind.GOVERNMENT)
    edu = Org.objects.create(code="edu", name="澜江市教育局", kind=Org.Kind.DEPARTMENT, parent=gov)
    env = Org.objects.create(
        code="env", name="澜江市生态环境局", kind=Org.Kind.DEPARTMENT, parent=gov
    )
    users = {}
    for org in (edu, env):
        for role in (Role.EDITOR, Role.REVIEWER, Role.SIGNER, Role.ORG_ADMIN):
            users[f"{org.code}-{role.value}"] = staff_create(
                org=org, username=f"{org.code}-{role.value}", password=None, roles=[role]
            )
    sites = {org.code: org_site_ensure(org=org) for org in (gov, edu, env)}
    guides = {
        code: site.get_children().type(GuidePage).first().specific for code, site in sites.items()
    }
    users["root"] = staff_create(org=gov, username="root", password=None, roles=[Role.SYSADMIN])
    return {"edu": edu, "env": env, "sites": sites, "guides": guides, **users}


def edit_url(page) -> str:
    return f"/admin/pages/{page.pk}/edit/"


def guide_post(page, title: str, **action) -> dict:
    """What the guide's edit form posts: content and promote fields, empty comments."""
    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "body": rich_text("<p>为了更好地提供政府信息公开服务，编制本指南。</p>"),
            "seo_title": "",
            "search_description": "",
            "comments": {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            },
            **action,
        }
    )


def refused(response) -> bool:
    """Wagtail answers a denied admin view with 403 or a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"].rstrip("/").endswith("/admin")
    )


def test_each_org_group_holds_add_and_change_on_its_site_root_only(two_orgs):
    rows = GroupPagePermission.objects.filter(group__name=page_group_name("edu"))
    # Two rows: add_page and change_page on the 教育局 site page, nothing on its children.
    assert sorted(rows.values_list("permission__codename", flat=True)) == sorted(
        PAGE_PERMISSION_CODENAMES
    )
    assert set(rows.values_list("page_id", flat=True)) == {two_orgs["sites"]["edu"].pk}


def test_role_holders_join_their_own_orgs_page_group_only(two_orgs):
    for key in ("edu-editor", "edu-reviewer", "edu-signer", "edu-org_admin"):
        names = set(two_orgs[key].groups.values_list("name", flat=True))
        assert "页面：edu" in names and "页面：env" not in names


def test_an_editor_can_open_the_edit_view_of_their_orgs_guide_only(two_orgs, client):
    client.force_login(two_orgs["edu-editor"])
    assert client.get(edit_url(two_orgs["guides"]["edu"])).status_code == 200
    assert refused(client.get(edit_url(two_orgs["guides"]["env"])))
    # Nor the portal-wide pages above every org site (the government's own site is gov's).
    assert refused(client.get(edit_url(two_orgs["guides"]["gov"])))


def test_moving_a_user_to_another_org_moves_their_page_group(two_orgs):
    user = two_orgs["edu-editor"]
    user.staff.org = two_orgs["env"]
    user.staff.save()
    staff_page_groups_sync(user=user)
    names = set(user.groups.values_list("name", flat=True))
    assert "页面：env" in names and "页面：edu" not in names


def test_losing_every_page_role_leaves_the_page_group(two_orgs):
    user = two_orgs["edu-reviewer"]
    user.groups.remove(Group.objects.get(name=group_name(Role.REVIEWER)))
    staff_page_groups_sync(user=user)
    assert not user.groups.filter(name__startswith="页面：").exists()


def test_no_staff_group_holds_the_publish_permission_on_pages(two_orgs):
    staff_groups = [group_name(r) for r in Role] + [
        page_group_name(c) for c in ("gov", "edu", "env")
    ]
    assert not GroupPagePermission.objects.filter(
        group__name__in=staff_groups, permission__codename="publish_page"
    ).exists()
    for key in ("edu-editor", "edu-reviewer", "edu-signer", "edu-org_admin"):
        assert not two_orgs["guides"]["edu"].permissions_for_user(two_orgs[key]).can_publish()


def test_the_publish_action_is_refused_but_submitting_to_the_workflow_works(two_orgs, client):
    guide = two_orgs["guides"]["edu"]
    client.force_login(two_orgs["edu-editor"])

    client.post(edit_url(guide), guide_post(guide, "改过的指南", **{"action-publish": "1"}))
    guide.refresh_from_db()
    # Without the publish permission the edit view only saves a draft: the live title stays.
    assert guide.title == "政府信息公开指南"
    assert guide.has_unpublished_changes
    assert guide.get_latest_revision().content["title"] == "改过的指南"

    response = client.post(
        edit_url(guide), guide_post(guide, "改过的指南", **{"action-submit": "1"})
    )
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.workflow_in_progress
    assert guide.current_workflow_task.specific.step == ReviewStep.REVIEW
    assert guide.title == "政府信息公开指南"


def test_a_superuser_may_publish_directly(two_orgs, client):
    # The counterpart of the refusal above: the same post from a superuser goes live.
    guide = two_orgs["guides"]["edu"]
    client.force_login(two_orgs["root"])
    client.post(edit_url(guide), guide_post(guide, "管理员改过的指南", **{"action-publish": "1"}))
    guide.refresh_from_db()
    assert guide.title == "管理员改过的指南"


def test_the_orgs_reviewer_and_signer_take_the_page_through_review_to_publication(two_orgs, client):
    guide = two_orgs["guides"]["edu"]
    client.force_login(two_orgs["edu-editor"])
    client.post(edit_url(guide), guide_post(guide, "新版指南", **{"action-submit": "1"}))
    guide.refresh_from_db()

    task = guide.current_workflow_task.specific
    # The task finds the page's org through its OrgSitePage ancestor: 教育局's reviewer may
    # act, 生态环境局's may not.
    assert "approve" in [a[0] for a in task.get_actions(guide, two_orgs["edu-reviewer"])]
    assert task.get_actions(guide, two_orgs["env-reviewer"]) == []
    client.force_login(two_orgs["env-reviewer"])
    assert refused(client.get(edit_url(guide)))
    client.force_login(two_orgs["edu-reviewer"])
    assert client.get(edit_url(guide)).status_code == 200

    review_act(
        task_state=guide.current_workflow_task_state.specific,
        user=two_orgs["edu-reviewer"],
        action="approve",
        opinion="不涉密",
        basis="",
    )
    guide.refresh_from_db()
    assert guide.current_workflow_task.specific.step == ReviewStep.SIGNOFF
    review_act(
        task_state=guide.current_workflow_task_state.specific,
        user=two_orgs["edu-signer"],
        action="approve",
        opinion="同意",
        basis="",
    )
    guide.refresh_from_db()
    assert guide.title == "新版指南"
    assert not guide.workflow_in_progress
