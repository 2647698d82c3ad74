"""Idempotent writes: the first answer to (credential, Idempotency-Key) is stored and replayed.

The stored answer is written in the same transaction as the change it describes, so either
both exist or neither does. Refusals (4xx) are not stored: they changed nothing, and a retry
with the same key evaluates the request again. Same key with a different request (method,
path, query or body) is refused with 409 ``idempotency_key_reused``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pointsapi.core.errors import ApiError
from pointsapi.core.models import IdempotencyRecord
from pointsapi.core.runtime import Runtime

_KEY = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
REPLAY_HEADER = "Idempotent-Replayed"


@dataclass(frozen=True)
class WriteRequest:
    key: str
    fingerprint: str


async def write_request(
    request: Request,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            description="8-128 characters of [A-Za-z0-9._:-], chosen by the client per action",
        ),
    ] = None,
) -> WriteRequest:
    if idempotency_key is None:
        raise ApiError(400, "idempotency_key_missing", "Writes need an Idempotency-Key header.")
    if not _KEY.match(idempotency_key):
        raise ApiError(
            400,
            "idempotency_key_invalid",
            "Idempotency-Key must be 8-128 characters of A-Z a-z 0-9 . _ : -",
        )
    body = await request.body()
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.url.path.encode(), request.url.query.encode()):
        digest.update(part + b"\n")
    # The member session is part of the request: the same key for another member is a new one.
    digest.update(request.headers.get("x-member-session", "").encode() + b"\n")
    digest.update(body)
    return WriteRequest(key=idempotency_key, fingerprint=digest.hexdigest())


def _replay(record: IdempotencyRecord, fingerprint: str) -> JSONResponse:
    if record.fingerprint != fingerprint:
        raise ApiError(
            409,
            "idempotency_key_reused",
            "This Idempotency-Key was already used for a different request.",
        )
    return JSONResponse(
        json.loads(record.response_body),
        status_code=record.status_code,
        headers={REPLAY_HEADER: "true"},
    )


def _find(session: Session, principal: str, key: str) -> IdempotencyRecord | None:
    return session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.principal == principal, IdempotencyRecord.key == key
        )
    )


def run_write(
    rt: Runtime,
    principal: str,
    write: WriteRequest,
    handler: Callable[[Session], tuple[int, BaseModel | dict[str, Any]]],
) -> JSONResponse:
    """Run ``handler`` in one write transaction unless this key was answered before."""
    try:
        with rt.db.write() as session:
            previous = _find(session, principal, write.key)
            if previous is not None:
                return _replay(previous, write.fingerprint)
            status, result = handler(session)
            body = result.model_dump(mode="json") if isinstance(result, BaseModel) else result
            session.add(
                IdempotencyRecord(
                    principal=principal,
                    key=write.key,
                    fingerprint=write.fingerprint,
                    status_code=status,
                    response_body=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
                    created_at=rt.now(),
                )
            )
            session.flush()
    except IntegrityError:
        # A concurrent request with the same key committed first (PostgreSQL): answer as it did.
        with rt.db.read() as session:
            previous = _find(session, principal, write.key)
            if previous is None:
                raise
            return _replay(previous, write.fingerprint)
    return JSONResponse(body, status_code=status)


WriteDep = Annotated[WriteRequest, Depends(write_request)]
