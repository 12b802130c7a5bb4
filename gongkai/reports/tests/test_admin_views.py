"""Admin views check scoping on the server: drill-down of another org's cell is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _cell_url(org, year, cell):
    return reverse("reports_admin:cell", args=[org.pk, year]) + f"?cell={cell}"


def test_an_org_sees_the_records_behind_its_own_cell(client, city):
    client.force_login(city["a_editor"])
    response = client.get(_cell_url(city["a"], 2024, "section3.rows.carried_in[6]"))
    assert response.status_code == 200
    body = response.content.decode()
    # carried_in total: A1, A2, A4 (see test_selectors).
    assert all(ref in body for ref in ("A1", "A2", "A4")) and "A5" not in body


def test_another_org_cannot_see_the_records_behind_a_cell(client, city):
    client.force_login(city["b_editor"])
    assert client.get(_cell_url(city["a"], 2024, "section3.rows.carried_in[6]")).status_code == 404
    assert client.get(reverse("reports_admin:report", args=[city["a"].pk, 2024])).status_code == 404


def test_another_org_cannot_post_to_a_report(client, city):
    client.force_login(city["b_editor"])
    url = reverse("reports_admin:report", args=[city["a"].pk, 2024])
    assert client.post(url, {"action": "draft"}).status_code == 404


def test_report_page_links_cells_to_their_records(client, city):
    client.force_login(city["a_editor"])
    response = client.get(reverse("reports_admin:report", args=[city["a"].pk, 2024]))
    assert response.status_code == 200
    assert "cell=section3.rows.new[6]" in response.content.decode()


def test_supervisor_board_and_comparison_render(client, city):
    client.force_login(city["supervisor"])
    board = client.get(reverse("reports_admin:index") + "?year=2024")
    assert board.status_code == 200 and "丰城市教育局" in board.content.decode()
    compare = client.get(reverse("reports_admin:compare", args=[city["a"].pk]) + "?a=2023&b=2024")
    assert compare.status_code == 200
    # new/总计 went from 2 (2023) to 5 (2024).
    assert "+3" in compare.content.decode()
