"""Till (point of sale) endpoints: report purchases, redeem vouchers, fetch the receipt key."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth.principals import TillDep
from pointsapi.core import signing
from pointsapi.core.errors import ApiError
from pointsapi.core.http import problems
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.core.schemas import LocalizedName
from pointsapi.ledger import earning
from pointsapi.ledger import service as ledger
from pointsapi.ledger.models import Tier
from pointsapi.ledger.schemas import PurchaseRequest, PurchaseResponse, ReceiptKey
from pointsapi.members import identify
from pointsapi.members.schemas import TierRef
from pointsapi.stores.models import Store

router = APIRouter(prefix="/v1/till", tags=["till"])


@router.post(
    "/purchases",
    response_model=PurchaseResponse,
    responses=problems(400, 401, 403, 404, 409, 413, 422),
)
def report_purchase(
    body: PurchaseRequest, till: TillDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """A till reports a purchase by an identified member; the receipt earns once."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, PurchaseResponse]:
        member = earning.locked_member(session, identify.member_at_till(session, body.member, now))
        store = session.get(Store, till.store_id)
        assert store is not None
        purchased_at = body.purchased_at or now
        if purchased_at.tzinfo is None:
            raise ApiError(422, "purchased_at_needs_offset", "purchased_at needs a UTC offset.")
        if purchased_at > now + earning.RECEIPT_CLOCK_SKEW:
            raise ApiError(422, "purchased_at_in_future", "purchased_at is in the future.")
        max_age = rt.settings.till_purchase_max_age
        if purchased_at < now - max_age:
            raise ApiError(
                422,
                "purchased_at_too_old",
                f"A till reports purchases up to {max_age.days} days old.",
                extra={"max_age_days": max_age.days},
            )
        receipt = earning.record_purchase(
            session,
            store=store,
            member=member,
            receipt_no=body.receipt_no,
            amount_minor=body.amount_minor,
            payment_method=body.payment_method,
            purchased_at=purchased_at,
            source="till",
            actor=till.actor,
            idempotency_key=write.key,
            now=now,
        )
        tier = session.get(Tier, member.tier_code)
        assert tier is not None
        return 200, PurchaseResponse(
            receipt_no=receipt.receipt_no,
            member_id=member.id,
            points=receipt.points,
            balance=ledger.balance(session, member.id, now),
            tier=TierRef(code=tier.code, name=LocalizedName(en=tier.name_en, zh=tier.name_zh)),
        )

    return run_write(rt, till.principal, write, handler)


@router.get("/receipt-key", response_model=ReceiptKey, responses=problems(401, 403))
def receipt_key(till: TillDep, rt: RuntimeDep) -> JSONResponse:
    """The store's HMAC key for signing receipt QR codes (see docs/api.md, receipts)."""
    with rt.db.read() as session:
        store = session.get(Store, till.store_id)
        assert store is not None
        if store.receipt_key is None:
            raise ApiError(409, "receipt_key_missing", "This store has no receipt key.")
        body = ReceiptKey(
            store_id=store.id, alg="HMAC-SHA256", key=signing.b64encode(store.receipt_key)
        )
    return JSONResponse(body.model_dump())
