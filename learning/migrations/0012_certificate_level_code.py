from django.db import migrations, models

CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")


def codes_from_labels(apps, schema_editor):
    # Every CEFR label, in every language, starts with its code ("B1 · Intermediate", "B1 · متوسط"); a custom
    # level's own words keep being shown as they were issued.
    Certificate = apps.get_model("learning", "Certificate")
    for code in CEFR:
        Certificate.objects.filter(level_code="", level__startswith=f"{code} ").update(level_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0011_hardening_course_content_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="level_code",
            field=models.CharField(blank=True, max_length=10, verbose_name="level code"),
        ),
        migrations.RunPython(codes_from_labels, migrations.RunPython.noop),
    ]
