"""The kiosk's own HTTP client (``kiosk.client.api.PointsClient``) against the real API: the
wheel and spin answers parse, a retried spin returns the same draw, and the member summary in
the answer parses too."""

from __future__ import annotations

from kiosk.client.api import PointsClient
from kiosk.core.wheel import SegmentKind, new_draw_id
from tests.pointsapi.conftest import Api, session_headers
from tests.pointsapi.lottery.test_lottery import GOLD, gift_only_wheel


def test_kiosk_client_spins_and_retries(api: Api) -> None:
    token = session_headers(api, GOLD)["X-Member-Session"]
    client = PointsClient(api.base_url, api.demo["kiosk_token"], timeout_s=30)
    try:
        wheel = client.wheel(token)
        assert wheel.offer is not None and wheel.offer.cost_points == 0
        draw_id = new_draw_id()
        first = client.spin(token, draw_id, wheel, wheel.offer.cost_points)
        again = client.spin(token, draw_id, wheel, wheel.offer.cost_points)
        assert again.result == first.result
        assert first.member is not None
        assert first.result.segment_id == wheel.segments[first.result.segment_index].id

        gift_only_wheel(api, stock=1)
        wheel = client.wheel(token)
        assert wheel.offer is not None
        won = client.spin(token, new_draw_id(), wheel, wheel.offer.cost_points)
        assert won.result.kind is SegmentKind.GIFT and won.result.voucher is not None
        assert client.wheel(token).segments[0].out_of_stock
    finally:
        client.close()
