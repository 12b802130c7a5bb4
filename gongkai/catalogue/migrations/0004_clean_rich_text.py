"""Item bodies are cleaned on the way in (gongkai.core.richtext); clean what is stored already,
such as legacy imports that kept a CMS's <script> tags."""

from django.db import migrations

import gongkai.core.richtext
from gongkai.core.richtext import rich_text_clean


def clean_bodies(apps, schema_editor):
    CatalogueItem = apps.get_model("catalogue", "CatalogueItem")
    last = 0
    while True:
        batch = list(
            CatalogueItem.objects.filter(pk__gt=last).order_by("pk").only("pk", "body")[:2000]
        )
        if not batch:
            return
        last = batch[-1].pk
        changed = []
        for item in batch:
            cleaned = rich_text_clean(item.body)
            if cleaned != item.body:
                item.body = cleaned
                changed.append(item)
        CatalogueItem.objects.bulk_update(changed, ["body"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_default_classes_and_topics")]

    operations = [
        migrations.AlterField(
            model_name="catalogueitem",
            name="body",
            field=gongkai.core.richtext.CleanRichTextField(blank=True, verbose_name="正文"),
        ),
        migrations.RunPython(clean_bodies, migrations.RunPython.noop),
    ]
