"""Page rich text is cleaned on the way in (gongkai.core.richtext); clean what is stored."""

from django.db import migrations

import gongkai.core.richtext
from gongkai.core.richtext import rich_text_clean

FIELDS = {
    "ContentPage": "body",
    "GuidePage": "body",
    "OrgIndexPage": "intro",
    "OrgInfoPage": "extra",
    "OrgSitePage": "intro",
    "PortalHomePage": "intro",
}


def clean_pages(apps, schema_editor):
    for model_name, field in FIELDS.items():
        model = apps.get_model("portal", model_name)
        for page in model.objects.only("pk", field):
            cleaned = rich_text_clean(getattr(page, field))
            if cleaned != getattr(page, field):
                model.objects.filter(pk=page.pk).update(**{field: cleaned})


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='contentpage',
            name='body',
            field=gongkai.core.richtext.CleanRichTextField(blank=True, verbose_name='正文'),
        ),
        migrations.AlterField(
            model_name='guidepage',
            name='body',
            field=gongkai.core.richtext.CleanRichTextField(blank=True, verbose_name='正文'),
        ),
        migrations.AlterField(
            model_name='orgindexpage',
            name='intro',
            field=gongkai.core.richtext.CleanRichTextField(blank=True, verbose_name='导语'),
        ),
        migrations.AlterField(
            model_name='orginfopage',
            name='extra',
            field=gongkai.core.richtext.CleanRichTextField(blank=True, verbose_name='补充内容'),
        ),
        migrations.AlterField(
            model_name='orgsitepage',
            name='intro',
            field=gongkai.core.richtext.CleanRichTextField(blank=True, verbose_name='导语'),
        ),
        migrations.AlterField(
            model_name='portalhomepage',
            name='intro',
            field=gongkai.core.richtext.CleanRichTextField(blank=True, verbose_name='导语'),
        ),
        migrations.RunPython(clean_pages, migrations.RunPython.noop),
    ]
