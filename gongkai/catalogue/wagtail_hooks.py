"""Admin for the catalogue: items (snippets with review workflow), classes and topics."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PublishingPanel,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from gongkai.orgs.admin_scoping import (
    OrgScopedPermissionPolicy,
    OrgScopedViewSetMixin,
    check_bulk_action_scope,
)

from .forms import CatalogueItemForm
from .models import CatalogueItem, Category, Topic

hooks.register("before_bulk_action", check_bulk_action_scope)
# Registered before the viewsets below, which would otherwise create model-level policies.
register_permission_policy(CatalogueItem, OrgScopedPermissionPolicy(CatalogueItem))
register_permission_policy(Category, OrgScopedPermissionPolicy(Category))


class YesNoColumn(Column):
    """A boolean field shown as 是/否 (a bare field prints Python's True/False)."""

    def __init__(self, name: str, label: str, **kwargs):
        super().__init__(name, label=label, sort_key=kwargs.pop("sort_key", name), **kwargs)

    def get_value(self, instance):
        return _("是") if super().get_value(instance) else _("否")


class PublishedOnPanel(FieldPanel):
    """发布日期, read-only, and only once the item has been published."""

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            return getattr(self.instance, "published_on", None) is not None and super().is_shown()


class CatalogueItemFilterSet(WagtailFilterSet):
    published_on = django_filters.DateFromToRangeFilter(label=_("发布日期"))

    class Meta:
        model = CatalogueItem
        fields = ["org", "category", "topic", "doc_type", "validity", "live"]


class CatalogueItemViewSet(OrgScopedViewSetMixin, SnippetViewSet):
    model = CatalogueItem
    icon = "doc-full"
    menu_label = _("目录条目")
    menu_order = 100
    add_to_admin_menu = False
    list_display = [
        "title",
        "index_number",
        "org",
        "category",
        "formed_on",
        "published_on",
        YesNoColumn("live", label=_("已发布")),
    ]
    list_export = [
        "index_number",
        "title",
        "org",
        "doc_number",
        "formed_on",
        "published_on",
        "category",
        "topic",
        "genre",
        "doc_type",
        "validity",
        "view_count",
    ]
    export_filename = "catalogue-items"
    list_per_page = 50
    ordering = ["-id"]
    search_fields = ["title", "doc_number", "index_number"]
    search_backend_name = None  # plain ORM filtering; the Chinese search engine is separate
    filterset_class = CatalogueItemFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True

    panels_basic = [
        FieldPanel("title"),
        # Plain selects: the choices are few and already limited to the user's orgs.
        FieldRowPanel(
            [FieldPanel("org", widget=forms.Select), FieldPanel("category", widget=forms.Select)]
        ),
        FieldRowPanel([FieldPanel("doc_number"), FieldPanel("formed_on")]),
        FieldRowPanel([FieldPanel("topic", widget=forms.Select), FieldPanel("genre")]),
        FieldPanel("keywords"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("附件")),
    ]
    panels_disclosure = [
        FieldRowPanel([FieldPanel("disclosure_method"), FieldPanel("disclosure_scope")]),
        MultiFieldPanel(
            [
                FieldPanel("doc_type"),
                FieldPanel("validity"),
                FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
            ],
            heading=_("文件类型与有效性"),
        ),
        FieldPanel("interprets"),
        FieldPanel("related"),
        # Set by the system at the first publication: shown, never edited.
        PublishedOnPanel("published_on", read_only=True),
        # 定时发布/下线: the dates travel with the revision through review and sign-off;
        # `tick` publishes or unpublishes when the time comes.
        PublishingPanel(),
    ]

    def get_edit_handler(self):
        return TabbedInterface(
            [
                ObjectList(self.panels_basic, heading=_("基本信息")),
                ObjectList(self.panels_disclosure, heading=_("公开属性")),
            ],
            base_form_class=CatalogueItemForm,
        ).bind_to_model(self.model)


class CategoryViewSet(OrgScopedViewSetMixin, SnippetViewSet):
    """Each org manages its own classes; the shared defaults (no org) only the general office."""

    model = Category
    icon = "folder-open-inverse"
    menu_label = _("组配分类")
    list_display = [
        "name",
        "org",
        "slug",
        "freshness",
        YesNoColumn("must_not_be_empty", label=_("不得为空")),
        "sort_order",
    ]
    list_filter = ["org", "freshness"]
    ordering = ["org", "sort_order"]
    copy_view_enabled = False


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("主题分类")
    list_display = ["name", "slug", YesNoColumn("featured", label=_("重点领域栏目")), "sort_order"]
    ordering = ["sort_order"]
    copy_view_enabled = False


class CatalogueGroup(SnippetViewSetGroup):
    menu_label = _("公开目录")
    menu_icon = "folder-open-1"
    menu_order = 200
    items = (CatalogueItemViewSet, CategoryViewSet, TopicViewSet)


register_snippet(CatalogueGroup)
