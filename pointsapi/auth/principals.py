"""Bearer credentials: kiosk and till (each bound to a store), admin, member app.

None can act as another.

A token that is valid for another kind of credential gets 403 ``wrong_credential``; an unknown
token gets 401 ``invalid_token``. Only SHA-256 hashes are looked up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

from pointsapi.auth.models import Admin
from pointsapi.core.actor import Actor
from pointsapi.core.errors import ApiError
from pointsapi.core.runtime import RuntimeDep
from pointsapi.core.tokens import hash_token
from pointsapi.members.models import MemberToken
from pointsapi.stores.models import Kiosk, Store, Till

_bearer = HTTPBearer(auto_error=False, description="Kiosk, admin or member token")

_CHALLENGE = {"WWW-Authenticate": "Bearer"}
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)]


@dataclass(frozen=True)
class KioskPrincipal:
    kiosk_id: str
    store_id: str

    @property
    def principal(self) -> str:
        return f"kiosk:{self.kiosk_id}"

    @property
    def actor(self) -> Actor:
        return Actor("kiosk", self.kiosk_id)


@dataclass(frozen=True)
class TillPrincipal:
    till_id: str
    store_id: str

    @property
    def principal(self) -> str:
        return f"till:{self.till_id}"

    @property
    def actor(self) -> Actor:
        return Actor("till", self.till_id)


@dataclass(frozen=True)
class AdminPrincipal:
    admin_id: str

    @property
    def principal(self) -> str:
        return f"admin:{self.admin_id}"

    @property
    def actor(self) -> Actor:
        return Actor("admin", self.admin_id)


@dataclass(frozen=True)
class MemberPrincipal:
    member_id: str

    @property
    def principal(self) -> str:
        return f"member:{self.member_id}"


def _token(credentials: HTTPAuthorizationCredentials | None, request: Request) -> str:
    if credentials is None or not credentials.credentials:
        if request.headers.get("authorization"):
            raise ApiError(
                401, "unauthenticated", "Use 'Authorization: Bearer <token>'.", headers=_CHALLENGE
            )
        raise ApiError(401, "unauthenticated", "A bearer token is required.", headers=_CHALLENGE)
    return credentials.credentials


def _kind_of(session: Session, token_hash: str) -> str | None:
    if session.scalar(select(Kiosk.id).where(Kiosk.token_hash == token_hash)) is not None:
        return "kiosk"
    if session.scalar(select(Admin.id).where(Admin.token_hash == token_hash)) is not None:
        return "admin"
    if session.scalar(select(Till.id).where(Till.token_hash == token_hash)) is not None:
        return "till"
    found = select(MemberToken.id).where(MemberToken.token_hash == token_hash)
    if session.scalar(found) is not None:
        return "member"
    return None


def _refuse(session: Session, token_hash: str, wanted: str) -> ApiError:
    kind = _kind_of(session, token_hash)
    if kind is not None and kind != wanted:
        return ApiError(
            403,
            "wrong_credential",
            f"This endpoint needs a {wanted} credential, not a {kind} credential.",
        )
    return ApiError(401, "invalid_token", "The token is unknown or revoked.", headers=_CHALLENGE)


def kiosk_auth(
    request: Request,
    credentials: BearerDep,
    rt: RuntimeDep,
) -> KioskPrincipal:
    token_hash = hash_token(_token(credentials, request))
    with rt.db.read() as session:
        row = session.execute(
            select(Kiosk.id, Kiosk.store_id, Kiosk.active).where(Kiosk.token_hash == token_hash)
        ).one_or_none()
        if row is None or not row.active:
            raise _refuse(session, token_hash, "kiosk")
        return KioskPrincipal(kiosk_id=row.id, store_id=row.store_id)


def till_auth(request: Request, credentials: BearerDep, rt: RuntimeDep) -> TillPrincipal:
    token_hash = hash_token(_token(credentials, request))
    with rt.db.read() as session:
        row = session.execute(
            select(Till.id, Till.store_id, Till.active).where(Till.token_hash == token_hash)
        ).one_or_none()
        if row is None or not row.active:
            raise _refuse(session, token_hash, "till")
        return TillPrincipal(till_id=row.id, store_id=row.store_id)


def admin_auth(
    request: Request,
    credentials: BearerDep,
    rt: RuntimeDep,
) -> AdminPrincipal:
    token_hash = hash_token(_token(credentials, request))
    with rt.db.read() as session:
        row = session.execute(
            select(Admin.id, Admin.active).where(Admin.token_hash == token_hash)
        ).one_or_none()
        if row is None or not row.active:
            raise _refuse(session, token_hash, "admin")
        return AdminPrincipal(admin_id=row.id)


def member_auth(
    request: Request,
    credentials: BearerDep,
    rt: RuntimeDep,
) -> MemberPrincipal:
    token_hash = hash_token(_token(credentials, request))
    with rt.db.read() as session:
        row = session.execute(
            select(MemberToken.member_id, MemberToken.revoked_at).where(
                MemberToken.token_hash == token_hash
            )
        ).one_or_none()
        if row is None or row.revoked_at is not None:
            raise _refuse(session, token_hash, "member")
        return MemberPrincipal(member_id=row.member_id)


def store_of(session: Session, kiosk: KioskPrincipal) -> Store:
    store = session.get(Store, kiosk.store_id)
    if store is None:  # a kiosk row always references a store (foreign key)
        raise ApiError(403, "forbidden", "The kiosk's store no longer exists.")
    return store


KioskDep = Annotated[KioskPrincipal, Depends(kiosk_auth)]
TillDep = Annotated[TillPrincipal, Depends(till_auth)]
AdminDep = Annotated[AdminPrincipal, Depends(admin_auth)]
MemberDep = Annotated[MemberPrincipal, Depends(member_auth)]
