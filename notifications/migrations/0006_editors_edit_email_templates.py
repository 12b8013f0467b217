from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTED = ["add_emailtemplate", "change_emailtemplate", "view_emailtemplate"]


def grant_editors(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the group can be given them.
    app_config = apps.get_app_config("notifications")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _created = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="notifications", codename__in=GRANTED)
    )


def revoke_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="notifications", codename__in=GRANTED)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
        ("notifications", "0005_email_templates"),
    ]

    operations = [migrations.RunPython(grant_editors, revoke_editors)]
