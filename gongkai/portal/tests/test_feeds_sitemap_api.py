"""Machine-readable outputs: feeds, the sitemap and the JSON API."""

import pytest

pytestmark = pytest.mark.django_db

PUBLIC = ("budget", "interpretation", "food_check", "report")
NOT_PUBLIC = ("draft", "on_request", "withdrawn")


def test_sitemap_lists_every_public_item_and_no_drafts(client, city):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    for key in PUBLIC:
        assert f"/xxgk/items/{city.items[key].pk}/</loc>" in xml, key
    for key in NOT_PUBLIC:
        assert f"/xxgk/items/{city.items[key].pk}/</loc>" not in xml, key
    assert "/xxgk/fc-czj/</loc>" in xml and "/xxgk/fc-czj/catalogue/</loc>" in xml


def test_sitemap_sections_serve_the_index_parts(client, city):
    xml = client.get("/sitemap-items.xml").content.decode()
    assert xml.count("<url>") == len(PUBLIC)


def test_the_sitemap_is_written_once_and_then_served_from_the_cache(
    client, city, django_assert_num_queries
):
    first = client.get("/sitemap-items.xml")
    assert first["Content-Type"].startswith("application/xml")
    item = city.items["budget"]
    assert f"<loc>http://testserver/xxgk/items/{item.pk}/</loc>" in first.content.decode()
    with django_assert_num_queries(0):
        again = client.get("/sitemap-items.xml")
    assert again.content == first.content
    assert client.get("/sitemap-items.xml?p=2").status_code == 404
    assert client.get("/sitemap-nosuch.xml").status_code == 404


def test_org_rss_and_atom_feeds(client, city):
    rss = client.get("/xxgk/feeds/orgs/fc-czj/rss/")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    assert city.items["budget"].title in body and city.items["food_check"].title not in body
    assert city.items["draft"].title not in body
    atom = client.get("/xxgk/feeds/orgs/fc-czj/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert city.items["report"].title in atom.content.decode()


def test_feed_guids_are_absolute_permalinks(client, city):
    item = city.items["budget"]
    rss = client.get("/xxgk/feeds/orgs/fc-czj/rss/").content.decode()
    assert f'<guid isPermaLink="true">http://testserver/xxgk/items/{item.pk}/</guid>' in rss
    atom = client.get("/xxgk/feeds/orgs/fc-czj/atom/").content.decode()
    assert f"<id>http://testserver/xxgk/items/{item.pk}/</id>" in atom


def test_category_and_topic_feeds(client, city):
    body = client.get("/xxgk/feeds/orgs/fc-czj/annual-report/rss/").content.decode()
    assert city.items["report"].title in body and city.items["budget"].title not in body
    body = client.get("/xxgk/feeds/topics/food-safety/atom/").content.decode()
    assert city.items["food_check"].title in body
    assert client.get("/xxgk/feeds/orgs/fc-czj/no-such-class/rss/").status_code == 404


def test_api_lists_orgs_and_one_org(client, city):
    data = client.get("/api/v1/orgs/").json()
    assert [o["code"] for o in data] == ["fc-gov", "fc-czj", "fc-jianguang"]  # sort_order
    assert data[1]["parent"] == "fc-gov" and data[1]["url"] == "/xxgk/fc-czj/"
    detail = client.get("/api/v1/orgs/fc-czj/").json()
    assert detail["ogi_contact"] == "王五"
    assert client.get("/api/v1/orgs/nope/").status_code == 404


def test_api_lists_only_public_items_with_filters(client, city):
    data = client.get("/api/v1/items/").json()
    assert data["count"] == len(PUBLIC)
    assert {i["id"] for i in data["results"]} == {city.items[k].pk for k in PUBLIC}
    data = client.get("/api/v1/items/?org=fc-czj&category=policies&year=2024&page_size=1").json()
    # Two 2024 policy items, one per page; newest first (interpretation, 2024-03-06).
    assert data["count"] == 2 and data["pages"] == 2
    assert data["results"][0]["id"] == city.items["interpretation"].pk
    data = client.get("/api/v1/items/?topic=food-safety").json()
    assert [i["id"] for i in data["results"]] == [city.items["food_check"].pk]


def test_api_item_detail(client, city):
    item = city.items["budget"]
    data = client.get(f"/api/v1/items/{item.pk}/").json()
    assert data["index_number"] == "fc-czj/2024-00001"
    assert data["doc_number"] == "丰财预〔2024〕3号"
    assert data["attachments"][0]["filename"] == "2024年市级部门预算表.pdf"
    assert data["interpretations"] == [city.items["interpretation"].pk]
    assert client.get(f"/api/v1/items/{city.items['draft'].pk}/").status_code == 404


def test_openapi_document_and_docs_page(client, city):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert {"/api/v1/orgs/", "/api/v1/items/", "/api/v1/items/{pk}/"} <= set(spec["paths"])
    docs = client.get("/api/v1/docs/").content.decode()
    assert "GET /api/v1/items/" in docs
    assert "cdn" not in docs.lower() and '<script src="http' not in docs
