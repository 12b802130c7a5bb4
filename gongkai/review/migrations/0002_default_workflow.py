"""The one workflow every org uses: 保密审查 then 签发, for catalogue items and portal pages.

Nobody holds the publish permission on items: publication happens only when the sign-off
step approves, so no role can skip review by any route.
"""

from django.db import migrations

WORKFLOW_NAME = "保密审查与签发"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Page = apps.get_model("wagtailcore", "Page")
    ReviewStepTask = apps.get_model("review", "ReviewStepTask")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    task_ct, _ = ContentType.objects.get_or_create(app_label="review", model="reviewsteptask")
    review, _ = ReviewStepTask.objects.get_or_create(
        name="保密审查", defaults={"step": "review", "content_type": task_ct}
    )
    signoff, _ = ReviewStepTask.objects.get_or_create(
        name="签发", defaults={"step": "signoff", "content_type": task_ct}
    )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    Workflow.objects.exclude(pk=workflow.pk).update(active=False)
    for order, task in enumerate([review, signoff]):
        WorkflowTask.objects.get_or_create(
            workflow=workflow, task_id=task.pk, defaults={"sort_order": order}
        )
    item_ct, _ = ContentType.objects.get_or_create(app_label="catalogue", model="catalogueitem")
    WorkflowContentType.objects.update_or_create(
        content_type=item_ct, defaults={"workflow": workflow}
    )
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})

    # Wagtail's stock "Moderators"/"Editors" groups are not used here; the default workflow
    # that Wagtail created for pages is replaced by ours above.
    publish = Permission.objects.filter(
        content_type__app_label="catalogue", codename="publish_catalogueitem"
    ).first()
    if publish is not None:
        for group in Group.objects.all():
            group.permissions.remove(publish)


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("orgs", "0002_role_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
