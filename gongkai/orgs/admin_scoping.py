"""Unit isolation for the Wagtail admin.

Wagtail's snippets, choosers and bulk actions are not site-scoped and check permissions per
model, not per row. These pieces add the row check — "does this row belong to an org the user
may see?" — on the server, for every view a viewset builds, so a view added later inherits it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from wagtail.permission_policies import ModelPermissionPolicy

from gongkai.core.exports import safe_export_view_class

from .scoping import visible_org_ids

OrgIdsFor = Callable[[object], "set[int] | None"]


def restrict(queryset: QuerySet, ids: set[int] | None, org_field: str) -> QuerySet:
    return queryset if ids is None else queryset.filter(**{f"{org_field}__in": ids})


def guard_view(view, model: type[Model], org_field: str, ids_for: OrgIdsFor):
    """Wrap a view function: refuse any request naming a row of an org the user may not see.

    A missing row is left to the view (which answers 404); only a foreign row is refused.
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            ids = ids_for(request.user)
            if ids is not None:
                rows = model._default_manager.filter(pk=unquote(str(pk)))
                org_ids = list(rows.values_list(org_field, flat=True)[:1])
                if org_ids and org_ids[0] not in ids:
                    raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def scope_view_class(view_class, org_field: str, ids_for: OrgIdsFor):
    """Subclass list and chooser views so their object lists hold only permitted rows."""
    overrides = {}
    for method in ("get_object_list", "get_base_queryset"):
        if hasattr(view_class, method):

            def scoped_method(self, _method=method):
                queryset = getattr(super(scoped, self), _method)()
                return restrict(queryset, ids_for(self.request.user), org_field)

            overrides[method] = scoped_method
    if not overrides:
        return view_class
    scoped = type(f"OrgScoped{view_class.__name__}", (view_class,), overrides)
    return scoped


class OrgScopedViewSetMixin:
    """Mix into a Wagtail ModelViewSet/SnippetViewSet/ChooserViewSet of an org-owned model.

    ``org_field`` is the lookup from the model to its org id (``"org"``, ``"item__org"``,
    ``"id"`` for the Org model itself). ``org_ids_for`` says which orgs a user may act on.
    """

    org_field = "org"

    def org_ids_for(self, user) -> set[int] | None:
        return visible_org_ids(user)

    def construct_view(self, view_class, **kwargs):
        # Exports of org-owned rows carry citizens' and staff's text: keep them inert.
        view_class = safe_export_view_class(view_class)
        scoped = scope_view_class(view_class, self.org_field, self.org_ids_for)
        view = super().construct_view(scoped, **kwargs)
        return guard_view(view, self.model, self.org_field, self.org_ids_for)

    def get_queryset(self, request) -> QuerySet:
        return restrict(
            self.model._default_manager.all(), self.org_ids_for(request.user), self.org_field
        )

    @property
    def chooser_viewset_class(self):
        """A snippet's chooser is scoped like the snippet itself (same field, same orgs)."""
        base = super().chooser_viewset_class
        viewset = self
        return type(
            f"OrgScoped{base.__name__}",
            (OrgScopedViewSetMixin, base),
            {
                "org_field": self.org_field,
                "org_ids_for": lambda chooser, user: viewset.org_ids_for(user),
            },
        )


def check_bulk_action_scope(request, action_type, objects, action_class_instance):
    """``before_bulk_action`` hook: a bulk action may only touch rows the user may see."""
    ids = visible_org_ids(request.user)
    if ids is None:
        return None
    for obj in objects:
        org_id = getattr(obj, "org_id", None)
        if org_id is not None and org_id not in ids:
            raise PermissionDenied
    return None


class OrgScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed per row to the orgs the user may act on.

    Wagtail asks the policy about single rows in places our view wrappers do not reach
    (editing sessions, previews, bulk actions); registering this policy for an org-owned
    model makes those answers org-aware as well.
    """

    def __init__(self, model, org_field: str = "org", ids_for: OrgIdsFor = visible_org_ids):
        super().__init__(model)
        self.org_field = org_field
        self.ids_for = ids_for

    def _row_org_id(self, instance):
        if self.org_field in ("id", "pk"):
            return instance.pk
        *path, last = self.org_field.split("__")
        value = instance
        for part in path:
            value = getattr(value, part, None)
            if value is None:
                return None
        return getattr(value, f"{last}_id", getattr(value, last, None))

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        ids = self.ids_for(user)
        return ids is None or self._row_org_id(instance) in ids

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return restrict(self.model._default_manager.all(), self.ids_for(user), self.org_field)
