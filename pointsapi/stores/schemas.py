"""Request and response bodies of stores and device credentials."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, StringConstraints

from pointsapi.core.schemas import Code32, LocalizedName, Name100, Strict, Text200


class StoreInfo(BaseModel):
    store_id: str
    name: LocalizedName
    timezone: str
    currency: str


class KioskMe(BaseModel):
    kiosk_id: str
    store: StoreInfo


class CredentialCreate(Strict):
    name: Name100


class CredentialCreated(BaseModel):
    id: str
    store_id: str
    token: str


class StoreCreate(Strict):
    code: Code32
    name_en: Text200
    name_zh: Text200
    timezone: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_+/-]{1,64}$")]
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class StoreCreated(BaseModel):
    store_id: str
    code: str
    name: LocalizedName
    timezone: str
    currency: str
