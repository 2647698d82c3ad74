"""Till endpoint of rewards: redeem a voucher at the till."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth.principals import TillDep
from pointsapi.core.http import problems
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.rewards import redemption
from pointsapi.rewards.schemas import TillRedeemRequest, VoucherView
from pointsapi.rewards.views import voucher_view
from pointsapi.stores.models import Till

router = APIRouter(prefix="/v1/till", tags=["till"])


@router.post(
    "/vouchers/redeem",
    response_model=VoucherView,
    responses=problems(400, 401, 403, 404, 409, 413, 422),
)
def redeem_voucher(
    body: TillRedeemRequest, till: TillDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Take a voucher at the till: once only (a second try names when and where)."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, VoucherView]:
        row = session.get(Till, till.till_id)
        assert row is not None
        voucher = redemption.redeem_at_till(session, code=body.code, till=row, now=now)
        return 200, voucher_view(session, voucher)

    return run_write(rt, till.principal, write, handler)
