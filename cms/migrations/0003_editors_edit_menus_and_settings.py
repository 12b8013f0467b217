from django.contrib.auth.management import create_permissions
from django.db import migrations

# Marketing editors run the header and footer menus, blog categories and the site-wide settings.
EDITOR_PERMISSIONS = [
    ("cms", "add_menu"),
    ("cms", "change_menu"),
    ("cms", "delete_menu"),
    ("cms", "add_blogcategory"),
    ("cms", "change_blogcategory"),
    ("cms", "delete_blogcategory"),
    ("cms", "change_sitesettings"),
    ("wagtailseo", "change_seosettings"),
]


def _permissions(apps):
    # Permissions are otherwise created after all migrations ran; the grant needs them now.
    for app_label in {app_label for app_label, _ in EDITOR_PERMISSIONS}:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in EDITOR_PERMISSIONS
    ]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    for app_label, codename in EDITOR_PERMISSIONS:
        editors.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_page_types_menus_settings"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailseo", "0004_seosettings_og_image_default"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
