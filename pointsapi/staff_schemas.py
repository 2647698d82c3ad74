"""Request and response bodies of member PINs, staff mode, kiosk events and alerts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    Field,
    RootModel,
    StringConstraints,
    model_validator,
)

from pointsapi.schemas import Id, LocalizedName, Strict, Text200, _plain_text

# [0-9], not \d: \d also matches other scripts' digits.
MemberPin = Annotated[str, StringConstraints(pattern=r"^[0-9]{4,6}$")]
StaffPin = Annotated[str, StringConstraints(pattern=r"^[0-9]{4,8}$")]
StaffNo = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,10}$")]
# A scanned staff credential: 1-128 printable ASCII characters.
StaffCardPayload = Annotated[str, StringConstraints(pattern=r"^[\x20-\x7e]{1,128}$")]
GiftCode = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
ShortText = Annotated[str, StringConstraints(max_length=200), AfterValidator(_plain_text)]
Word = Annotated[str, StringConstraints(max_length=40), AfterValidator(_plain_text)]
Note = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, strip_whitespace=True),
    AfterValidator(_plain_text),
]
Millimetres = Annotated[float, Field(ge=0, le=10**6, allow_inf_nan=False, strict=True)]


def _utc(value: datetime) -> datetime:
    """Any offset the database and arithmetic can hold (a year-9999 time with a negative offset
    is past the end of the calendar in UTC)."""
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("time out of range") from exc


Instant = Annotated[AwareDatetime, AfterValidator(_utc)]


# --- member PIN ---------------------------------------------------------------------------------


class PinVerifyRequest(Strict):
    pin: MemberPin


class PinSessionInfo(BaseModel):
    token: str
    expires_at: datetime
    can_spend: bool
    via: Literal["code", "card", "pin"]


class PinVerifyResponse(BaseModel):
    session: PinSessionInfo


class MemberPinSet(Strict):
    pin: MemberPin


class MemberPinView(BaseModel):
    pin_set: bool
    set_at: datetime


class PinPolicy(Strict):
    # True: a card visit may spend after the member's PIN; False: spending needs the phone code.
    member_pin_spend: bool = Field(strict=True)


class PinPolicyView(PinPolicy):
    store_id: str


# --- staff login --------------------------------------------------------------------------------


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


# --- staff actions ------------------------------------------------------------------------------


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


class NoDetails(Strict):
    pass


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


class StaffActionRecorded(BaseModel):
    audit_id: str
    recorded_at: datetime


# --- gift stock ---------------------------------------------------------------------------------


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


# --- kiosk events and alerts --------------------------------------------------------------------


class PaperLowDetail(Strict):
    reason: Literal["paper_low_switch", "paper_near_end", "paper_estimate_low"]


class PaperOutDetail(Strict):
    reason: Literal["paper_out", "printer_offline", "printer_not_responding"]


class GiftStockLowDetail(Strict):
    gift_code: GiftCode
    quantity: int = Field(ge=0, le=10**6, strict=True)


class _Event(Strict):
    state: Literal["raised", "cleared"]
    occurred_at: Instant


class PaperLowEvent(_Event):
    kind: Literal["paper_low"]
    detail: PaperLowDetail


class PaperOutEvent(_Event):
    kind: Literal["paper_out"]
    detail: PaperOutDetail


class DoorOpenEvent(_Event):
    kind: Literal["door_open"]
    detail: NoDetails = Field(default_factory=NoDetails)


class HelpPressedEvent(_Event):
    kind: Literal["help_pressed"]
    state: Literal["raised"]  # it closes when staff log in at the kiosk, or an admin closes it
    detail: NoDetails = Field(default_factory=NoDetails)


class GiftStockLowEvent(_Event):
    kind: Literal["gift_stock_low"]
    detail: GiftStockLowDetail


class KioskEventRequest(
    RootModel[
        Annotated[
            PaperLowEvent | PaperOutEvent | DoorOpenEvent | HelpPressedEvent | GiftStockLowEvent,
            Field(discriminator="kind"),
        ]
    ]
):
    pass


class AlertView(BaseModel):
    alert_id: str
    kiosk_id: str
    kind: str
    subject: str
    state: Literal["open", "closed"]
    opened_at: datetime
    last_seen_at: datetime
    count: int
    detail: dict[str, Any]
    closed_at: datetime | None
    closed_by: str | None


class EventAccepted(BaseModel):
    event_id: str
    alert: AlertView | None


class AlertList(BaseModel):
    store_id: str
    alerts: list[AlertView]


# --- audit and staff credentials ----------------------------------------------------------------


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
    display_name: Annotated[Text200, StringConstraints(max_length=100)]
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
    display_name: Annotated[Text200, StringConstraints(max_length=100)] | None = None
    role: Literal["staff", "manager"] | None = None
    store_ids: list[Id] | None = Field(default=None, min_length=1, max_length=50)


class Unlocked(BaseModel):
    unlocked: bool
