"""Tiers (upgrade at once, downgrade at review), lot expiry and reconciliation."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from pointsapi.jobs import expire, reconcile
from pointsapi.ledger.rules.expiry import expires_at
from tests.pointsapi.conftest import Api, admin_put, session_headers, summary, top_up


def test_upgrade_is_immediate_and_spending_never_lowers_the_tier(api: Api) -> None:
    headers = session_headers(api, 0)
    assert summary(api, headers, 0)["tier"]["code"] == "silver"
    # Silver x1.10: 200 yuan -> 220 points; 4,800 + 220 >= 5,000.
    assert top_up(api, 0, 20_000) == 220
    s = summary(api, headers, 0)
    assert s["tier"]["code"] == "gold"
    assert s["qualifying_points"] == 5020
    # The review on 2027-03-10 counts purchases from 2026-03-10: so far only today's 220.
    assert s["tier_review"] == {"on": "2027-03-10", "points_to_keep": 4780}
    # Spending everything leaves the tier and the qualifying points alone.
    cash = api.post("/v1/kiosk/points-cash", {"points": 3000}, headers=headers)
    assert cash.status_code == 200, cash.text
    s = summary(api, headers, 0)
    assert s["tier"]["code"] == "gold" and s["qualifying_points"] == 5020


def test_downgrade_only_at_review(api: Api) -> None:
    top_up(api, 0, 20_000)  # -> gold, review 2027-03-10
    # Almost a year later the old purchases have left the rolling window: still gold.
    api.clock.advance(timedelta(days=360))
    headers = session_headers(api, 0, by_card=True)
    s = summary(api, headers, 0)
    assert s["tier"]["code"] == "gold"
    assert s["qualifying_points"] == 220
    assert s["tier_review"]["points_to_keep"] == 5000 - 220
    assert expire(api.db, api.clock.now()).tier_reviews == 0
    # At the review date the tier follows the last 12 months: 220 points -> bronze.
    api.clock.set(datetime(2027, 3, 9, 16, 0, tzinfo=UTC))  # 00:00 on 10 March in Shanghai
    # Two reviews are due: this member and the demo's Gold member (upgraded on the same day).
    assert expire(api.db, api.clock.now()).tier_reviews == 2
    assert expire(api.db, api.clock.now()).tier_reviews == 0
    s = summary(api, session_headers(api, 0, by_card=True), 0)
    assert s["tier"]["code"] == "bronze"
    assert s["tier_review"] is None


def test_calendar_year_qualifying_period(api: Api) -> None:
    admin_put(
        api, "/v1/admin/program", {"tier_period": "calendar_year", "timezone": "Asia/Shanghai"}
    )
    s = summary(api, session_headers(api, 0, by_card=True), 0)
    # Only purchases since 1 January 2026 count: 1,600 (60 days ago) + 1,000 (10 days ago).
    assert s["qualifying_points"] == 2600
    top_up(api, 0, 300_000)  # silver x1.10 -> 3,300 points: 5,900 -> gold
    s = summary(api, session_headers(api, 0, by_card=True), 0)
    assert s["tier"]["code"] == "gold"
    assert s["tier_review"]["on"] == "2027-01-01"


def test_expiry_job_is_idempotent_and_never_touches_valid_points(api: Api) -> None:
    headers = session_headers(api, 1)
    # Spend 200 now: drawn from the soonest-expiring lot (the 300-point promotion lot).
    cash = api.post("/v1/kiosk/points-cash", {"points": 1000}, headers=headers)
    assert cash.status_code == 200
    s = summary(api, headers, 1)
    assert s["balance"] == 2850
    assert s["expiring"] is None  # the soon-expiring lot was spent first
    top_up(api, 2, 1000)
    api.clock.advance(timedelta(days=13))
    first = expire(api.db, api.clock.now())
    second = expire(api.db, api.clock.now())
    assert first.points_expired == 0 and second.points_expired == 0
    # Nothing of member 2 expired (the promotional lot was used up first).
    assert summary(api, session_headers(api, 1, by_card=True), 1)["balance"] == 2850


def test_expiry_writes_ledger_entries_once(api: Api) -> None:
    api.clock.advance(timedelta(days=13))  # the 300-point lot of member 2 is past its date
    before = summary(api, session_headers(api, 1, by_card=True), 1)["balance"]
    report = expire(api.db, api.clock.now())
    assert report.lots_expired == 1 and report.points_expired == 300
    assert expire(api.db, api.clock.now()).points_expired == 0
    assert summary(api, session_headers(api, 1, by_card=True), 1)["balance"] == before
    with api.db.read() as session:
        rows = session.execute(
            text("SELECT points, reason, actor_type FROM ledger_entries WHERE kind = 'expire'")
        ).all()
    assert [tuple(r) for r in rows] == [(-300, "expiry", "system")]
    assert reconcile(api.db).problems == []


def test_yearly_expiry_at_end_of_following_year(api: Api) -> None:
    # Everything earned in 2025 expires at the end of 2026 (store time).
    api.clock.set(datetime(2026, 12, 31, 15, 59, tzinfo=UTC))  # 23:59 on 31 Dec in Shanghai
    # Only the 90-day promotional lot has expired by then.
    assert expire(api.db, api.clock.now()).points_expired == 300
    assert expire(api.db, api.clock.now()).points_expired == 0
    api.clock.set(datetime(2026, 12, 31, 16, 0, tzinfo=UTC))  # 00:00 on 1 Jan 2027
    report = expire(api.db, api.clock.now())
    # What is left of the 2025 lots (spending drew on them first): member 1 had 50 + 2,200 and
    # spent 1,200 -> 1,050; member 2 had 50 + 4,000 and spent 3,000 -> 1,050.
    assert (report.lots_expired, report.points_expired) == (2, 1050 + 1050)
    assert summary(api, session_headers(api, 0, by_card=True), 0)["balance"] == 3650 - 1050
    assert reconcile(api.db).problems == []


def test_reconcile_reports_tampering_and_cli_exits_non_zero(api: Api) -> None:
    assert reconcile(api.db).problems == []
    with api.db.write() as session:
        session.execute(text("UPDATE point_lots SET remaining = remaining + 7 WHERE id = 1"))
    problems = reconcile(api.db).problems
    assert any("lot 1" in p for p in problems)
    assert any("ledger sum" in p for p in problems)
    done = subprocess.run(
        [sys.executable, "-m", "pointsapi.cli", "reconcile", "--db", api.db_url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["problems"]


def test_expire_cli_twice(api: Api) -> None:
    runs = [
        subprocess.run(
            [sys.executable, "-m", "pointsapi.cli", "expire", "--db", api.db_url],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0]
    # The CLI uses the system clock, whatever the test clock says: the first run expires what
    # is due by then, the second has nothing left to do.
    assert json.loads(runs[1].stdout) == {
        "lots_expired": 0,
        "points_expired": 0,
        "vouchers_expired": 0,
        "tier_reviews": 0,
        "records_purged": 0,
    }


@pytest.mark.parametrize(
    ("earned", "policy", "days", "expected"),
    [
        (
            datetime(2026, 3, 5, 4, tzinfo=UTC),
            "end_of_following_year",
            0,
            datetime(2027, 12, 31, 16, tzinfo=UTC),
        ),
        # 1 January 01:00 in Shanghai is still 31 December in UTC: the store's year counts.
        (
            datetime(2025, 12, 31, 17, tzinfo=UTC),
            "end_of_following_year",
            0,
            datetime(2027, 12, 31, 16, tzinfo=UTC),
        ),
        (datetime(2026, 3, 5, 4, tzinfo=UTC), "days", 90, datetime(2026, 6, 3, 4, tzinfo=UTC)),
        (datetime(2026, 3, 5, 4, tzinfo=UTC), "never", 0, None),
    ],
)
def test_expiry_policies(
    earned: datetime, policy: str, days: int, expected: datetime | None
) -> None:
    assert expires_at(earned, policy=policy, days=days, timezone="Asia/Shanghai") == expected  # type: ignore[arg-type]


def test_days_expiry_policy_via_rules(api: Api) -> None:
    admin_put(
        api,
        f"/v1/admin/stores/{api.demo['store_id']}/rules",
        {"expiry_policy": "days", "expiry_days": 10},
    )
    top_up(api, 2, 10_000)  # 100 points, expiring in 10 days
    s = summary(api, session_headers(api, 2, by_card=True), 2)
    assert s["expiring"] == {"points": 100, "on": "2026-03-20"}


def test_expire_purges_housekeeping_rows_only(api: Api) -> None:
    code = api.current_code(0)
    assert api.identify(code).status_code == 200
    api.clock.advance(timedelta(days=31))
    report = expire(api.db, api.clock.now())
    # One idempotency record, one used code step, one member session.
    assert report.records_purged == 3
    assert expire(api.db, api.clock.now()).records_purged == 0
    # The code cannot come back to life: it is long expired.
    assert api.identify(code).json()["code"] == "code_invalid"
    assert reconcile(api.db).problems == []
