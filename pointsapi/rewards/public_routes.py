"""Unauthenticated, non-secret data: the voucher verification keys."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from pointsapi.core import signing
from pointsapi.core.runtime import RuntimeDep
from pointsapi.rewards import vouchers
from pointsapi.rewards.schemas import PublicKey, PublicKeys

router = APIRouter(prefix="/v1/public", tags=["public"])


@router.get("/voucher-keys", response_model=PublicKeys)
def voucher_keys(rt: RuntimeDep) -> JSONResponse:
    """Ed25519 public keys (raw 32 bytes, base64url) that verify ``V1`` voucher codes offline."""
    with rt.db.read() as session:
        keys = [
            PublicKey(kid=k.kid, alg="Ed25519", public_key=signing.b64encode(k.public_key))
            for k in vouchers.signing_keys(session)
        ]
    return JSONResponse(PublicKeys(keys=keys).model_dump())
