"""Pure helpers: query-string parsing, download names, file sizes."""

from django.http import QueryDict

from gongkai.portal.filters import (
    CatalogueFilter,
    attachment_filename,
    human_size,
    parse_catalogue_filter,
)


def test_it_keeps_valid_filters():
    flt = parse_catalogue_filter(QueryDict("category=notices&topic=food-safety&year=2024"))
    assert flt == CatalogueFilter(category="notices", topic="food-safety", year=2024)


def test_it_drops_malformed_values_instead_of_failing():
    # "<script>" is not a slug, "24" is not a 4-digit year, 1800 predates the PRC.
    assert parse_catalogue_filter(QueryDict("category=<script>&year=24")) == CatalogueFilter()
    assert parse_catalogue_filter(QueryDict("year=1800")).year is None


def test_querystring_applies_changes_and_omits_empty_keys():
    flt = CatalogueFilter(category="notices", topic="", year=2023)
    assert flt.querystring() == "category=notices&year=2023"
    assert flt.querystring(category="") == "year=2023"


def test_download_name_is_the_title_with_the_files_extension():
    name = attachment_filename(title="预算表", kind="pdf", stored_name="attachments/2024/03/x1.pdf")
    assert name == "预算表.pdf"


def test_download_name_does_not_double_the_extension():
    assert attachment_filename(title="表.XLSX", kind="xlsx", stored_name="a/b.xlsx") == "表.XLSX"


def test_download_name_falls_back_to_the_stored_name():
    assert (
        attachment_filename(title="", kind="", stored_name="attachments/x/scan.ofd") == "scan.ofd"
    )


def test_sizes_read_like_people_write_them():
    assert human_size(512) == "512 B"
    assert human_size(2048) == "2.0 KB"  # 2048 / 1024
    assert human_size(5 * 1024 * 1024 + 512 * 1024) == "5.5 MB"  # 5.5 MiB
    assert human_size(3 * 1024**3) == "3.0 GB"
