"""The portal's own URLs. Include before Wagtail's catch-all: ``path("", include(...))``."""

from django.urls import path

from . import feeds, views
from .api import api

app_name = "portal"

urlpatterns = [
    path("xxgk/items/<int:pk>/", views.item_detail, name="item"),
    path(
        "xxgk/items/<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("xxgk/topics/<slug:slug>/", views.topic_column, name="topic"),
    path("xxgk/feeds/rss/", feeds.LatestFeed(), name="feed_latest_rss"),
    path("xxgk/feeds/atom/", feeds.LatestAtomFeed(), name="feed_latest_atom"),
    path("xxgk/feeds/topics/<slug:slug>/rss/", feeds.TopicFeed(), name="feed_topic_rss"),
    path("xxgk/feeds/topics/<slug:slug>/atom/", feeds.TopicAtomFeed(), name="feed_topic_atom"),
    path("xxgk/feeds/orgs/<str:code>/rss/", feeds.OrgFeed(), name="feed_org_rss"),
    path("xxgk/feeds/orgs/<str:code>/atom/", feeds.OrgAtomFeed(), name="feed_org_atom"),
    path(
        "xxgk/feeds/orgs/<str:code>/<slug:category>/rss/",
        feeds.OrgCategoryFeed(),
        name="feed_category_rss",
    ),
    path(
        "xxgk/feeds/orgs/<str:code>/<slug:category>/atom/",
        feeds.OrgCategoryAtomFeed(),
        name="feed_category_atom",
    ),
    path("sitemap/", views.site_map_page, name="site_map"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
    path("api/v1/docs/", views.api_docs, name="api_docs"),
    path("api/v1/", api.urls),
]
