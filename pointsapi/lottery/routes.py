"""Prize wheel endpoints: the kiosk's wheel and spins, the admin's wheel configuration and the
public fairness records (docs/lottery.md)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Path, Response
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth.principals import KioskDep, store_of
from pointsapi.core.errors import ApiError
from pointsapi.core.http import MemberSessionHeader, PathId, problems
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import Runtime, RuntimeDep
from pointsapi.ledger import service as ledger
from pointsapi.lottery import fairness, offer, spin, state
from pointsapi.lottery.audit import draws_of_day
from pointsapi.lottery.models import LotteryDay
from pointsapi.lottery.schemas import (
    DaySeed,
    LotteryDaysView,
    LotteryDayView,
    PrizeVoucherView,
    SpinRequest,
    SpinResponse,
    WheelView,
)
from pointsapi.lottery.views import draw_record, offer_view, wheel_view
from pointsapi.members import identify as identify_mod
from pointsapi.members.models import Member
from pointsapi.members.summary import build_summary
from pointsapi.rewards.views import voucher_view
from pointsapi.stores.models import Store
from pointsapi.stores.service import get_store

kiosk_router = APIRouter(prefix="/v1/kiosk", tags=["lottery"])


public_router = APIRouter(prefix="/v1/public/lottery", tags=["lottery"])


PathDay = Annotated[str, Path(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]


# Revealed days listed by GET /v1/public/lottery/{store_id}/days.
PUBLIC_DAYS_BACK = 7


# A fetch that races a stock change retries this often before answering what it has.
_FETCH_ATTEMPTS = 3


def _etag(body: dict[str, object]) -> str:
    raw = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


@kiosk_router.get(
    "/wheel",
    response_model=WheelView,
    responses={
        304: {"description": "Not modified (If-None-Match)"},
        **problems(401, 403, 404, 503),
    },
)
def get_wheel(
    kiosk: KioskDep,
    rt: RuntimeDep,
    member_session: MemberSessionHeader = None,
    if_none_match: Annotated[str | None, Header(alias="If-None-Match")] = None,
) -> Response:
    """The store's wheel as it stands now; with a member session also what they may do."""
    for _ in range(_FETCH_ATTEMPTS):
        state.prepare(rt.db, kiosk.store_id, rt.now())
        now = rt.now()
        with rt.db.read() as session:
            member: Member | None = None
            if member_session is not None:
                ms = identify_mod.session_for_action(
                    session, token=member_session, kiosk_id=kiosk.kiosk_id, now=now
                )
                member = session.get(Member, ms.member_id)
            store = store_of(session, kiosk)
            wheel = state.wheel_of(session, store.id)
            if wheel is None or not wheel.active:
                raise state.not_configured()
            today = state.day_row(session, store.id, state.store_day(store, now))
            current = state.compute(session, wheel, store, now, today)
            if current.state_key != wheel.state_key or today is None:
                continue  # changed between the refresh and this read: refresh again
            chances = offer.offer_for(session, wheel, member, store, now) if member else None
            body = wheel_view(current, chances).model_dump(mode="json")
        break
    else:
        raise ApiError(503, "wheel_busy", "The wheel is changing; try again.")
    etag = _etag(body)
    if if_none_match is not None and etag in {t.strip() for t in if_none_match.split(",")}:
        return Response(status_code=304, headers={"ETag": etag})
    return JSONResponse(body, headers={"ETag": etag})


@kiosk_router.post(
    "/spins",
    response_model=SpinResponse,
    responses=problems(400, 401, 403, 404, 409, 413, 422),
)
def post_spin(
    body: SpinRequest,
    kiosk: KioskDep,
    write: WriteDep,
    rt: RuntimeDep,
    member_session: MemberSessionHeader = None,
) -> JSONResponse:
    """Spin once: limits, cost, provably fair draw, prize, all in one transaction."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, SpinResponse]:
        member, store = identify_mod.visiting_member(
            session, token=member_session, kiosk=kiosk, now=now, spend=True
        )
        out = spin.spin(
            session,
            member=member,
            store=store,
            kiosk_id=kiosk.kiosk_id,
            draw_id=body.draw_id,
            wheel_version=body.wheel_version,
            cost_points=body.cost_points,
            actor=kiosk.actor,
            idempotency_key=write.key,
            now=now,
        )
        draw, day = out.draw, out.day
        slip = None
        if out.voucher is not None:
            slip = PrizeVoucherView(
                **voucher_view(session, out.voucher).model_dump(),
                draw_id=draw.id,
                store_day=draw.day,
                seed_hash=day.seed_hash,
                nonce=draw.nonce,
            )
        wheel = state.wheel_of(session, store.id)
        assert wheel is not None
        return 200, SpinResponse(
            draw_id=draw.id,
            wheel_version=draw.wheel_version,
            store_day=draw.day,
            segment_id=draw.segment_id,
            kind=draw.kind,  # type: ignore[arg-type]
            points_won=draw.points_won,
            voucher=slip,
            seed_hash=day.seed_hash,
            nonce=draw.nonce,
            paid_with=draw.paid_with,  # type: ignore[arg-type]
            cost_points=draw.cost_points,
            balance_after=ledger.balance(session, member.id, now),
            offer=offer_view(offer.offer_for(session, wheel, member, store, now)),
            member=build_summary(session, member, store, now),
            created_at=draw.created_at,
        )

    try:
        return run_write(rt, kiosk.principal, write, handler)
    except ApiError as exc:
        if exc.code != "draw_id_reused":
            raise
        # A retry racing its own first attempt (same key) waited on the member lock and found
        # the draw: run again, which now replays the first answer (another key stays refused).
        return run_write(rt, kiosk.principal, write, handler)


def _day_seed(store: Store, row: LotteryDay, rt: Runtime) -> DaySeed:
    revealed = state.is_revealed(store, row.day, rt.now())
    return DaySeed(
        store_day=row.day,
        seed_hash=row.seed_hash,
        revealed=revealed,
        seed=row.seed.hex() if revealed else None,
    )


@public_router.get("/{store_id}/days", response_model=LotteryDaysView, responses=problems(404))
def public_days(store_id: PathId, rt: RuntimeDep) -> JSONResponse:
    """Seed hashes of the last week, today and tomorrow (published before the day starts);
    seeds of days that have ended."""
    state.prepare(rt.db, store_id, rt.now())
    now = rt.now()
    with rt.db.read() as session:
        store = get_store(session, store_id)
        today = state.store_day(store, now)
        rows = state.days_around(session, store, today, PUBLIC_DAYS_BACK)
        body = LotteryDaysView(
            store_id=store.id,
            algorithm=fairness.ALGORITHM,
            days=[_day_seed(store, row, rt) for row in rows],
        )
    return JSONResponse(body.model_dump(mode="json"))


@public_router.get("/{store_id}/days/{day}", response_model=LotteryDayView, responses=problems(404))
def public_day(store_id: PathId, day: PathDay, rt: RuntimeDep) -> JSONResponse:
    """One store-day: its seed hash; once the day has ended, its seed and every draw (no
    member data) so anyone can recompute them."""
    try:
        wanted = date.fromisoformat(day)
    except ValueError as exc:
        raise ApiError(422, "validation_error", "The day must be a real YYYY-MM-DD date.") from exc
    with rt.db.read() as session:
        store = get_store(session, store_id)
        row = state.day_row(session, store.id, wanted)
        if row is None:
            raise ApiError(404, "lottery_day_not_found", "No seed was made for this store-day.")
        seed = _day_seed(store, row, rt)
        draws = [draw_record(d) for d in draws_of_day(session, store.id, wanted)]
        body = LotteryDayView(
            store_id=store.id,
            store_day=row.day,
            algorithm=fairness.ALGORITHM,
            seed_hash=row.seed_hash,
            revealed=seed.revealed,
            seed=seed.seed,
            draws=draws if seed.revealed else [],
        )
    return JSONResponse(body.model_dump(mode="json"))
