"""``pointsapi demo-data``: a demo store, the five tiers, three members with history, a small
catalogue (voucher, gift with stock 5, service, points + cash deal, a Gold-and-up item) and a
member day (the 8th of every month, double points).

Running it again on the same database adds nothing: it reuses the demo store, kiosk, admin and
members and prints freshly issued tokens (tokens are stored only as hashes, so old ones cannot
be printed again). The kiosk and admin tokens printed before stop working; member tokens
printed before stay valid.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pointsapi.auth.models import Admin
from pointsapi.core.actor import Actor
from pointsapi.core.db import Database
from pointsapi.core.tokens import hash_token, new_id, new_token
from pointsapi.demo.lottery import ensure_demo_wheel
from pointsapi.demo.staff import demo_member_pin, demo_staff
from pointsapi.ledger import service as ledger
from pointsapi.ledger import tiers
from pointsapi.ledger.models import Promotion, Tier
from pointsapi.ledger.rules.expiry import expires_at
from pointsapi.members import codes
from pointsapi.members.models import Member, MemberCard, MemberToken
from pointsapi.members.summary import build_summary
from pointsapi.rewards.models import CatalogueItem, ItemStock
from pointsapi.stores.models import Kiosk, Store

DEMO_STORE_CODE = "demo"

# code, rank, en, zh, min qualifying points, earn multiplier %, daily spins
DEFAULT_TIERS: tuple[tuple[str, int, str, str, int, int, int], ...] = (
    ("bronze", 1, "Bronze", "铜卡", 0, 100, 1),
    ("silver", 2, "Silver", "银卡", 1000, 110, 1),
    ("gold", 3, "Gold", "金卡", 5000, 125, 2),
    ("platinum", 4, "Platinum", "白金卡", 20000, 150, 3),
    ("diamond", 5, "Diamond", "钻石卡", 50000, 200, 5),
)


@dataclass(frozen=True)
class DemoMember:
    member_no: str
    full_name: str
    language: str
    card_number: str
    # (days ago, points, reason, expiry override in days from earning or None for the policy)
    earnings: tuple[tuple[int, int, str, int | None], ...]
    # (days ago, points, reason)
    spendings: tuple[tuple[int, int, str], ...]


DEMO_MEMBERS = (
    # Close to the next tier: 4,800 qualifying points (purchases), 200 short of Gold.
    DemoMember(
        "100001",
        "Lei Wang",
        "en",
        "0004123456",
        (
            (200, 50, "registration_bonus", None),
            (150, 2200, "purchase", None),
            (60, 1600, "purchase", None),
            (10, 1000, "purchase", None),
        ),
        ((30, 1200, "redemption"),),
    ),
    # Gold, with a 90-day promotional lot of 300 points that expires in 12 days.
    DemoMember(
        "100002",
        "李小红",
        "zh",
        "0004123457",
        (
            (300, 50, "registration_bonus", None),
            (250, 4000, "purchase", None),
            (78, 300, "promotion", 90),
            (40, 2500, "purchase", None),
        ),
        # Spent before the promotion, so the soon-expiring promotional lot is still there.
        ((100, 3000, "redemption"),),
    ),
    # A new member: Bronze, a few points.
    DemoMember(
        "100003",
        "Anna Chen",
        "en",
        "0004123458",
        ((5, 50, "registration_bonus", None), (2, 70, "purchase", None)),
        (),
    ),
)


def ensure_tiers(session: Session) -> None:
    existing = {t.code for t in session.scalars(select(Tier))}
    for code, rank, en, zh, minimum, multiplier, spins in DEFAULT_TIERS:
        if code not in existing:
            session.add(
                Tier(
                    code=code,
                    rank=rank,
                    name_en=en,
                    name_zh=zh,
                    min_qualifying=minimum,
                    earn_multiplier_pct=multiplier,
                    daily_spins=spins,
                )
            )
    session.flush()


def _demo_store(session: Session, now: datetime) -> Store:
    store = session.scalar(select(Store).where(Store.code == DEMO_STORE_CODE))
    if store is None:
        store = Store(
            id=new_id("s"),
            code=DEMO_STORE_CODE,
            name_en="Demo Store",
            name_zh="示范店",
            timezone="Asia/Shanghai",
            currency="CNY",
            created_at=now,
            receipt_key=secrets.token_bytes(32),
        )
        session.add(store)
        session.flush()
    if store.receipt_key is None:
        store.receipt_key = secrets.token_bytes(32)
    return store


# code, kind, en, zh, points, cash_minor, value_minor, per-member limit, tiers, stock
DEMO_ITEMS: tuple[
    tuple[str, str, str, str, int, int, int, int | None, list[str] | None, int | None], ...
] = (
    ("cash-5", "voucher", "5 yuan voucher", "5元代金券", 500, 0, 500, None, None, None),
    ("tote-bag", "gift", "Tote bag", "环保袋", 800, 0, 0, None, None, 5),
    ("coffee", "service", "Free coffee", "免费咖啡", 300, 0, 0, 1, None, None),
    ("cake-deal", "deal", "Cake for 10 yuan", "10元蛋糕", 200, 1000, 0, None, None, None),
    (
        "vip-lounge",
        "service",
        "VIP lounge pass",
        "贵宾室通行证",
        1000,
        0,
        0,
        None,
        ["gold", "platinum", "diamond"],
        None,
    ),
)


def _demo_catalogue(session: Session, store: Store, now: datetime) -> None:
    for code, kind, en, zh, points, cash, value, limit, tier_codes, stock in DEMO_ITEMS:
        item = session.scalar(select(CatalogueItem).where(CatalogueItem.code == code))
        if item is not None:
            continue
        item = CatalogueItem(
            id=new_id("i"),
            code=code,
            kind=kind,
            name_en=en,
            name_zh=zh,
            points_cost=points,
            cash_minor=cash,
            value_minor=value,
            valid_from=now - timedelta(days=365),
            valid_until=None,
            per_member_limit=limit,
            tier_codes_json=json.dumps(tier_codes) if tier_codes else None,
            voucher_valid_days=30,
            active=True,
            created_at=now,
        )
        session.add(item)
        session.flush()
        if stock is not None:
            session.add(ItemStock(item_id=item.id, store_id=store.id, quantity=stock))
    if session.scalar(select(Promotion.id).where(Promotion.name == "Member day")) is None:
        session.add(
            Promotion(
                id=new_id("p"),
                store_id=None,
                name="Member day",
                schedule="month_day",
                schedule_value=8,
                multiplier_pct=200,
                tier_codes_json=None,
                starts_on=(now - timedelta(days=365)).date(),
                ends_on=None,
                active=True,
                created_at=now,
            )
        )
    session.flush()


def _demo_member(session: Session, spec: DemoMember, store: Store, now: datetime) -> Member:
    member = session.scalar(select(Member).where(Member.member_no == spec.member_no))
    if member is not None:
        return member
    member = Member(
        id=new_id("m"),
        member_no=spec.member_no,
        full_name=spec.full_name,
        preferred_language=spec.language,
        code_secret=secrets.token_bytes(32),
        status="active",
        tier_code="bronze",
        home_store_id=store.id,
        created_at=now - timedelta(days=max(d for d, *_ in spec.earnings)),
    )
    session.add(member)
    session.add(MemberCard(card_number=spec.card_number, member_id=member.id, created_at=now))
    session.flush()
    events: list[tuple[datetime, int, str, int | None]] = [
        (now - timedelta(days=d), p, r, x) for d, p, r, x in spec.earnings
    ] + [(now - timedelta(days=d), -p, r, None) for d, p, r in spec.spendings]
    events.sort(key=lambda e: e[0])
    admin = Actor("system", "demo-data")
    for n, (at, points, reason, override) in enumerate(events):
        key = f"demo:{spec.member_no}:{n}"
        if points > 0:
            expiry = (
                at + timedelta(days=override)
                if override is not None
                else expires_at(at, policy="end_of_following_year", days=0, timezone=store.timezone)
            )
            ledger.earn(
                session,
                member_id=member.id,
                store_id=store.id,
                points=points,
                reason=reason,
                actor=admin,
                idempotency_key=key,
                now=at,
                expires_at=expiry,
                # Only purchases count towards tiers; bonuses and promotions do not.
                qualifying=reason == "purchase",
            )
            tiers.apply_upgrade(session, member, now)
        else:
            ledger.spend(
                session,
                member_id=member.id,
                store_id=store.id,
                points=-points,
                reason=reason,
                actor=admin,
                idempotency_key=key,
                now=at,
            )
    return member


def load_demo(db: Database, now: datetime) -> dict[str, Any]:
    """Load (or reuse) the demo data and return what the demo and the e2e test need."""
    with db.write() as session:
        ensure_tiers(session)
        store = _demo_store(session, now)
        _demo_catalogue(session, store, now)
        ensure_demo_wheel(session, store, now)
        kiosk_token = new_token("kt")
        kiosk = session.scalar(
            select(Kiosk).where(Kiosk.store_id == store.id, Kiosk.name == "demo-kiosk")
        )
        if kiosk is None:
            kiosk = Kiosk(
                id=new_id("k"),
                store_id=store.id,
                name="demo-kiosk",
                token_hash=hash_token(kiosk_token),
                active=True,
                created_at=now,
            )
            session.add(kiosk)
        else:
            kiosk.token_hash = hash_token(kiosk_token)
        admin_token = new_token("at")
        admin = session.scalar(select(Admin).where(Admin.name == "demo-admin"))
        if admin is None:
            session.add(
                Admin(
                    id=new_id("a"),
                    name="demo-admin",
                    token_hash=hash_token(admin_token),
                    active=True,
                    created_at=now,
                )
            )
        else:
            admin.token_hash = hash_token(admin_token)
        members_out: list[dict[str, Any]] = []
        for spec in DEMO_MEMBERS:
            member = _demo_member(session, spec, store, now)
            member_token = new_token("mt")
            session.add(
                MemberToken(
                    member_id=member.id, token_hash=hash_token(member_token), created_at=now
                )
            )
            session.flush()
            summary = build_summary(session, member, store, now)
            members_out.append(
                {
                    "member_id": member.id,
                    "member_no": member.member_no,
                    "display_name": summary.display_name,
                    "card_number": spec.card_number,
                    "member_token": member_token,
                    "balance": summary.balance,
                    "tier": summary.tier.code,
                    # Demo only: the PIN a card visit spends with (never logged).
                    "pin": demo_member_pin(session, member, now),
                    "sample_payloads": {
                        "member_code": codes.member_code(member.member_no, member.code_secret, now),
                        "card": spec.card_number,
                    },
                }
            )
        session.flush()
        return {
            "store_id": store.id,
            "kiosk_id": kiosk.id,
            "kiosk_token": kiosk_token,
            "admin_token": admin_token,
            "members": members_out,
            "staff": demo_staff(session, store, now),
        }
