"""Granting model permissions to the staff role groups from data migrations.

Data migrations import this module, so ``grant_role_permissions``'s name, signature and
behaviour must stay stable forever: changing them would change what old migrations do on a
fresh database. Add a new function rather than altering this one.
"""

from __future__ import annotations


def grant_role_permissions(apps, grants: dict[str, list[tuple[str, str]]]) -> None:
    """Add ``(app_label, codename)`` permissions to each named group, creating the group if needed.

    STABLE API: called from data migrations; never change its signature or behaviour.

    Permissions are normally created by ``post_migrate`` after *all* migrations have run, so a
    data migration would find none. We therefore create the permissions of every app named in
    ``grants`` first (from the historical models in ``apps``), as Django's ``migrate`` would.
    A permission that still does not exist (a model not yet in the historical state) is skipped
    silently, as the per-app migrations always did.
    """
    from django.contrib.auth.management import create_permissions

    labels = sorted({app_label for perms in grants.values() for app_label, _ in perms})
    for label in labels:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in grants.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                group.permissions.add(perm)
