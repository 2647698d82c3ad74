"""Request and response bodies of member PINs, staff mode, kiosk events and alerts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, RootModel, StringConstraints, model_validator

from pointsapi.core.schemas import (
    Id,
    Instant,
    LocalizedName,
    Millimetres,
    Name100,
    NoDetails,
    Note,
    ShortText,
    Strict,
    Word,
    _plain_text,
)

StaffPin = Annotated[str, StringConstraints(pattern=r"^[0-9]{4,8}$")]


StaffNo = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,10}$")]


# A scanned staff credential: 1-128 printable ASCII characters.
StaffCardPayload = Annotated[str, StringConstraints(pattern=r"^[\x20-\x7e]{1,128}$")]


class StaffLoginRequest(Strict):
    card: StaffCardPayload | None = None
    staff_no: StaffNo | None = None
    pin: StaffPin

    @model_validator(mode="after")
    def _one_credential(self) -> StaffLoginRequest:
        if (self.card is None) == (self.staff_no is None):
            raise ValueError("give exactly one of card and staff_no")
        return self


class StaffIdentity(BaseModel):
    staff_id: str
    display_name: str
    role: Literal["staff", "manager"]


class StaffLoginResponse(BaseModel):
    token: str
    expires_at: datetime
    idle_timeout_s: int
    staff: StaffIdentity
    store_id: str


class LogoutRequest(Strict):
    reason: Literal["done", "inactivity", "key_switch", "restart"]


class LogoutResponse(BaseModel):
    ended_at: datetime


class PaperReplacedDetails(Strict):
    roll_length_mm: Annotated[float, Field(gt=0, le=10**6, allow_inf_nan=False, strict=True)]
    remaining_mm_before: Millimetres | None = None
    sensor_before: Word = ""
    low_switch_before: bool | None = Field(default=None, strict=True)


class TestPrintDetails(Strict):
    printed: bool = Field(strict=True)
    reason: ShortText = ""


class ReprintDetails(Strict):
    job_id: int = Field(ge=0, le=2**53, strict=True)
    kind: Literal["voucher", "gift", "checkin"]
    code: Annotated[str, StringConstraints(max_length=2048), AfterValidator(_plain_text)] = ""
    printed: bool = Field(strict=True)
    reason: ShortText = ""


class PaperReplaced(Strict):
    action: Literal["paper_replaced"]
    details: PaperReplacedDetails


class TestPrint(Strict):
    action: Literal["test_print"]
    details: TestPrintDetails


class Reprint(Strict):
    action: Literal["reprint"]
    details: ReprintDetails


class RestartRequested(Strict):
    action: Literal["restart_requested"]
    details: NoDetails = Field(default_factory=NoDetails)


class StaffActionRequest(
    RootModel[
        Annotated[
            PaperReplaced | TestPrint | Reprint | RestartRequested,
            Field(discriminator="action"),
        ]
    ]
):
    pass


StaffActionRecord = Annotated[
    PaperReplaced | TestPrint | Reprint | RestartRequested, Field(discriminator="action")
]


class StaffAuditRecord(Strict):
    """A staff action the kiosk could not send while the staff session was open: sent later
    under the kiosk's credential with who made it and when (``POST /v1/kiosk/staff/audit``)."""

    staff_id: Id
    made_at: Instant
    record: StaffActionRecord


class StaffActionRecorded(BaseModel):
    audit_id: str
    recorded_at: datetime


class GiftStockView(BaseModel):
    code: str
    name: LocalizedName
    quantity: int
    low_threshold: int
    on_wheel: bool
    # The last staff adjustment of this count (null: never adjusted by staff).
    updated_at: datetime | None


class GiftStockList(BaseModel):
    store_id: str
    gifts: list[GiftStockView]


_ADD_REASONS = frozenset({"delivery", "returned"})


_SET_REASONS = frozenset({"count", "damaged", "lost", "correction"})


class GiftAdjustRequest(Strict):
    mode: Literal["add", "set"]
    quantity: int = Field(ge=0, le=99_999, strict=True)
    reason: Literal["delivery", "returned", "count", "damaged", "lost", "correction"]
    note: Note | None = None

    @model_validator(mode="after")
    def _mode_rules(self) -> GiftAdjustRequest:
        if self.mode == "add" and self.quantity < 1:
            raise ValueError("an 'add' adjustment adds at least 1")
        allowed = _ADD_REASONS if self.mode == "add" else _SET_REASONS
        if self.reason not in allowed:
            raise ValueError(f"reason must be one of {sorted(allowed)} for mode '{self.mode}'")
        return self


class AdjustmentView(BaseModel):
    adjustment_id: str
    mode: Literal["add", "set"]
    before: int
    after: int
    delta: int
    reason: str
    note: str | None
    recorded_at: datetime


class GiftAdjusted(BaseModel):
    gift: GiftStockView
    adjustment: AdjustmentView


class LowThresholdSet(Strict):
    low_threshold: int = Field(ge=0, le=99_999, strict=True)


class AuditEntryView(BaseModel):
    audit_id: str
    at: datetime
    store_id: str
    kiosk_id: str | None
    staff_id: str | None
    staff_no: str | None
    action: str
    details: dict[str, Any]


class AuditList(BaseModel):
    store_id: str
    entries: list[AuditEntryView]


class StaffCreate(Strict):
    staff_no: StaffNo
    display_name: Name100
    role: Literal["staff", "manager"] = "staff"
    store_ids: list[Id] = Field(min_length=1, max_length=50)
    cards: list[StaffCardPayload] = Field(default_factory=list, max_length=10)
    pin: StaffPin


class StaffView(BaseModel):
    staff_id: str
    staff_no: str
    display_name: str
    role: Literal["staff", "manager"]
    active: bool
    store_ids: list[str]
    cards: list[str]


class StaffPinSet(Strict):
    pin: StaffPin


class StaffPatch(Strict):
    active: bool | None = Field(default=None, strict=True)
    display_name: Name100 | None = None
    role: Literal["staff", "manager"] | None = None
    store_ids: list[Id] | None = Field(default=None, min_length=1, max_length=50)


class Unlocked(BaseModel):
    unlocked: bool
