"""访问量 is buffered: views cost no write until the buffer is due or flushed."""

import pytest

from gongkai.catalogue.models import CatalogueItem
from gongkai.portal.view_counts import ViewCountBuffer, flush_view_counts


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_buffer_holds_views_until_they_are_old_enough():
    clock = FakeClock()
    buffer = ViewCountBuffer(max_age=60, threshold=100, clock=clock)
    assert buffer.add(7) == {}
    clock.now += 30
    assert buffer.add(7) == {}
    assert buffer.pending(7) == 2
    clock.now += 30  # the first view is now 60 s old: due
    assert buffer.add(8) == {7: 2}
    assert buffer.pending(7) == 0
    assert buffer.pending(8) == 1


def test_buffer_releases_an_item_at_the_threshold():
    buffer = ViewCountBuffer(max_age=60, threshold=3, clock=FakeClock())
    assert buffer.add(1) == {}
    assert buffer.add(1) == {}
    assert buffer.add(1) == {1: 3}


def test_take_all_empties_the_buffer():
    buffer = ViewCountBuffer(max_age=60, clock=FakeClock())
    buffer.add(1)
    buffer.add(2, n=5)
    assert buffer.take_all() == {1: 1, 2: 5}
    assert buffer.take_all() == {}


@pytest.mark.django_db
def test_views_do_not_write_until_flushed(client, city):
    item = city.items["budget"]
    for _ in range(3):
        response = client.get(item.get_absolute_url())
        assert response.status_code == 200
    # Three views, nothing written yet, but the page counts them (stored 0 + buffered 3).
    assert CatalogueItem.objects.get(pk=item.pk).view_count == 0
    assert "访问量：<span>3</span>" in response.content.decode()

    assert flush_view_counts() == 3
    assert CatalogueItem.objects.get(pk=item.pk).view_count == 3
    # After the flush the page shows stored 3 + this view.
    assert "访问量：<span>4</span>" in client.get(item.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_warm_item_page_is_one_query_and_no_write(client, city, django_assert_num_queries):
    url = city.items["budget"].get_absolute_url()
    client.get(url)  # fills the fragment cache
    # Warm: the state/version row only (the footer org is cached by the first request too).
    with django_assert_num_queries(1):
        response = client.get(url)
    assert response.status_code == 200
