"""One builder per member screen: state in, widget tree out. The words come from ``text``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.image import Image
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from kiosk.core.events import Problem
from kiosk.core.models import RewardItem
from kiosk.core.session import (
    ConfirmScreen,
    MemberScreen,
    Notice,
    PinScreen,
    RewardsScreen,
    SessionState,
    VoucherScreen,
)
from kiosk.i18n import Translator, localised
from kiosk.ui import theme
from kiosk.ui.keypad import keypad
from kiosk.ui.member.text import (
    format_money,
    format_points,
    notice_text,
    reward_blocker,
    reward_caption,
)
from kiosk.ui.widgets import (
    BusyRing,
    TapCard,
    TierProgressBar,
    WrappedLabel,
    filled,
    kiosk_button,
)

IMAGES = Path(__file__).resolve().parents[3] / "assets" / "images"


@dataclass(frozen=True)
class MemberActions:
    """What the member's buttons do (each posts one event to the session)."""

    done: Callable[[], None]
    back: Callable[[], None]
    check_in: Callable[[], None]
    rewards: Callable[[], None]
    choose: Callable[[str], None]
    confirm: Callable[[], None]
    pin_digit: Callable[[str], None]
    pin_erase: Callable[[], None]
    pin_submit: Callable[[], None]
    wheel: Callable[[], None]


def idle_screen(t: Translator, *, offline: bool) -> Widget:
    root = BoxLayout(orientation="horizontal", padding=(40, 20), spacing=30)
    hint = Image(source=str(IMAGES / "scan-hint.png"), size_hint=(0.38, 1), fit_mode="contain")
    text = BoxLayout(orientation="vertical", spacing=12)
    text.add_widget(WrappedLabel(text=t("idle.welcome"), font_size=theme.TITLE, bold=True))
    text.add_widget(WrappedLabel(text=t("idle.prompt"), font_size=theme.HEADLINE))
    text.add_widget(WrappedLabel(text=t("idle.hint"), font_size=theme.BODY, color=theme.MUTED))
    if offline:
        text.add_widget(
            WrappedLabel(text=t("idle.offline"), font_size=theme.BODY, color=theme.DANGER)
        )
    root.add_widget(hint)
    root.add_widget(text)
    return root


def identifying_screen(t: Translator) -> Widget:
    root = BoxLayout(orientation="vertical", padding=40, spacing=20)
    ring_holder = AnchorLayout(size_hint=(1, 0.5))
    ring_holder.add_widget(BusyRing(size_hint=(None, None), size=(120, 120)))
    root.add_widget(ring_holder)
    root.add_widget(WrappedLabel(text=t("identifying.title"), font_size=theme.HEADLINE))
    root.add_widget(
        WrappedLabel(text=t("identifying.hint"), font_size=theme.BODY, color=theme.MUTED)
    )
    return root


def notice_label(t: Translator, notice: Notice | None) -> Widget:
    """The result of the last action, or an empty line of the same height."""
    text = notice_text(t, notice)
    colour = theme.OK if notice is not None and notice.ok else theme.DANGER
    return WrappedLabel(
        text=text, font_size=theme.BODY, color=colour, size_hint=(1, None), height=32
    )


def member_screen(
    t: Translator, state: SessionState, screen: MemberScreen, actions: MemberActions
) -> Widget:
    assert state.visit is not None
    identified = state.visit.identified
    member = identified.member
    lang = t.lang
    root = BoxLayout(orientation="vertical", padding=(30, 10), spacing=8)

    header = BoxLayout(orientation="horizontal", size_hint=(1, None), height=52)
    header.add_widget(
        WrappedLabel(
            text=t("member.greeting", name=member.display_name),
            font_size=theme.HEADLINE,
            halign="left",
        )
    )
    header.add_widget(
        WrappedLabel(
            text=t("member.tier", tier=localised(member.tier.names, lang)),
            font_size=theme.BODY,
            color=theme.ACCENT,
            halign="right",
            bold=True,
        )
    )
    root.add_widget(header)

    balance = filled(BoxLayout(orientation="vertical", padding=8), theme.PANEL, radius=16)
    balance.add_widget(
        WrappedLabel(text=t("member.balance"), font_size=theme.BODY, color=theme.MUTED)
    )
    balance.add_widget(
        WrappedLabel(
            text=format_points(member.balance), font_size=theme.HUGE, bold=True, color=theme.ACCENT
        )
    )
    root.add_widget(balance)

    if member.next_tier is not None:
        progress_text = t(
            "member.next_tier",
            points=format_points(member.next_tier.points_needed),
            tier=localised(member.next_tier.tier.names, lang),
        )
    else:
        progress_text = t("member.top_tier")
    root.add_widget(
        WrappedLabel(text=progress_text, font_size=theme.BODY, size_hint=(1, None), height=28)
    )
    root.add_widget(TierProgressBar(value=member.tier_progress, size_hint=(1, None), height=14))

    if member.expiring is not None:
        expiry = t(
            "member.expiring",
            points=format_points(member.expiring.points),
            date=member.expiring.on.isoformat(),
        )
        expiry_colour = theme.DANGER
    else:
        expiry, expiry_colour = t("member.no_expiring"), theme.MUTED
    root.add_widget(
        WrappedLabel(
            text=expiry, font_size=theme.SMALL, color=expiry_colour, size_hint=(1, None), height=24
        )
    )
    if screen.busy is not None:
        root.add_widget(notice_label(t, Notice("member.working", ok=True)))
    elif screen.notice is None and not state.printer.can_print:
        root.add_widget(notice_label(t, Notice("member.printer_out", ok=False)))
    elif screen.notice is None and not identified.session.can_spend:
        root.add_widget(notice_label(t, Notice("member.view_only", ok=False)))
    else:
        root.add_widget(notice_label(t, screen.notice))

    root.add_widget(
        WrappedLabel(
            text=t("member.member_no", number=member.member_no_masked)
            + "   "
            + t("member.scan_receipt"),
            font_size=theme.SMALL,
            color=theme.MUTED,
            size_hint=(1, None),
            height=22,
        )
    )
    footer = BoxLayout(orientation="horizontal", size_hint=(1, None), height=60, spacing=12)
    check_in = kiosk_button(
        t("member.checked_in") if member.checked_in_today else t("member.check_in"),
        actions.check_in,
        action="check_in",
        size_hint=(1, 1),
    )
    check_in.disabled = member.checked_in_today or screen.busy is not None
    footer.add_widget(check_in)
    rewards = kiosk_button(
        t("member.rewards"),
        actions.rewards,
        action="rewards",
        size_hint=(1, 1),
        background_color=theme.ACCENT_BUTTON,
    )
    rewards.disabled = screen.busy is not None
    footer.add_widget(rewards)
    wheel = kiosk_button(
        t("member.wheel", count=member.spins_left), actions.wheel, action="wheel", size_hint=(1, 1)
    )
    wheel.disabled = screen.busy is not None
    footer.add_widget(wheel)
    footer.add_widget(kiosk_button(t("member.done"), actions.done, action="done", size_hint=(1, 1)))
    root.add_widget(footer)
    return root


def rewards_screen(t: Translator, screen: RewardsScreen, actions: MemberActions) -> Widget:
    root = BoxLayout(orientation="vertical", padding=(30, 10), spacing=8)
    top = BoxLayout(orientation="horizontal", size_hint=(1, None), height=52)
    top.add_widget(WrappedLabel(text=t("rewards.title"), font_size=theme.HEADLINE, halign="left"))
    top.add_widget(kiosk_button(t("rewards.back"), actions.back, action="back", size=(120, 48)))
    root.add_widget(top)
    root.add_widget(notice_label(t, screen.notice))
    if screen.items is None:
        root.add_widget(WrappedLabel(text=t("rewards.loading"), font_size=theme.BODY))
        return root
    if not screen.items:
        root.add_widget(WrappedLabel(text=t("rewards.empty"), font_size=theme.BODY))
        return root
    # Two columns for a short list, three from five rewards on: more cards fit without scrolling.
    grid = GridLayout(
        cols=3 if len(screen.items) >= 5 else 2, spacing=10, size_hint_y=None, padding=(0, 4)
    )
    grid.bind(minimum_height=grid.setter("height"))
    for item in screen.items:
        grid.add_widget(reward_card(t, item, actions))
    scroll = ScrollView(do_scroll_x=False)
    scroll.add_widget(grid)
    root.add_widget(scroll)
    return root


def reward_card(t: Translator, item: RewardItem, actions: MemberActions) -> Widget:
    """One reward: the whole card is the tap target. One the member cannot have is shown
    disabled, with the reason on it, rather than refused after the tap."""
    card = TapCard(
        partial(actions.choose, item.code),
        action=f"choose:{item.code}",
        colour=theme.PANEL,
        enabled=item.available,
        size_hint_y=None,
        height=120,
        padding=8,
    )
    blocker = reward_blocker(t, item)
    lines = (
        (localised(item.names, t.lang), theme.TEXT, True),
        (reward_caption(t, item), theme.ACCENT, False),
        (blocker, theme.MUTED if item.available else theme.DANGER, False),
    )
    for text, colour, bold in lines:
        # A disabled card keeps readable words: Kivy's default disabled colour is 30% white.
        card.add_widget(
            WrappedLabel(
                text=text, font_size=theme.BODY, color=colour, disabled_color=colour, bold=bold
            )
        )
    return card


def confirm_screen(
    t: Translator, state: SessionState, screen: ConfirmScreen, actions: MemberActions
) -> Widget:
    assert state.visit is not None
    item = screen.item
    balance = state.visit.member.balance
    root = BoxLayout(orientation="vertical", padding=(40, 16), spacing=10)
    root.add_widget(WrappedLabel(text=t("confirm.title"), font_size=theme.BODY, color=theme.MUTED))
    root.add_widget(
        WrappedLabel(text=localised(item.names, t.lang), font_size=theme.TITLE, bold=True)
    )
    root.add_widget(
        WrappedLabel(
            text=t("confirm.cost", points=format_points(item.points)),
            font_size=theme.HEADLINE,
            color=theme.ACCENT,
        )
    )
    if item.cash_minor:
        root.add_widget(
            WrappedLabel(
                text=t("confirm.cash", cash=format_money(item.cash_minor, item.currency)),
                font_size=theme.BODY,
            )
        )
    root.add_widget(
        WrappedLabel(
            text=t("confirm.balance_after", points=format_points(max(0, balance - item.points))),
            font_size=theme.BODY,
            color=theme.MUTED,
        )
    )
    if screen.busy is not None:
        root.add_widget(notice_label(t, Notice("confirm.working", ok=True)))
    else:
        root.add_widget(notice_label(t, screen.notice))
    buttons = BoxLayout(orientation="horizontal", size_hint=(1, None), height=64, spacing=20)
    back = kiosk_button(t("rewards.back"), actions.back, action="back", size_hint=(1, 1))
    confirm = kiosk_button(
        t("confirm.yes"),
        actions.confirm,
        action="confirm",
        size_hint=(1, 1),
        background_color=theme.ACCENT_BUTTON,
    )
    back.disabled = confirm.disabled = screen.busy is not None
    buttons.add_widget(back)
    buttons.add_widget(confirm)
    root.add_widget(buttons)
    return root


def pin_screen(t: Translator, screen: PinScreen, actions: MemberActions) -> Widget:
    root = BoxLayout(orientation="horizontal", padding=(30, 12), spacing=24)
    left = BoxLayout(orientation="vertical", spacing=10)
    left.add_widget(WrappedLabel(text=t("pin.title"), font_size=theme.HEADLINE, bold=True))
    left.add_widget(WrappedLabel(text=t("pin.hint"), font_size=theme.SMALL, color=theme.MUTED))
    # Dots, never digits: the screen faces the shop.
    dots = "●" * len(screen.digits) + "○" * (6 - len(screen.digits))
    left.add_widget(WrappedLabel(text=dots, font_size=theme.TITLE, color=theme.ACCENT))
    if screen.busy is not None:
        left.add_widget(notice_label(t, Notice("pin.checking", ok=True)))
    else:
        left.add_widget(notice_label(t, screen.notice))
    left.add_widget(kiosk_button(t("rewards.back"), actions.back, action="back", size=(140, 52)))
    root.add_widget(left)
    pad = keypad(
        digit=actions.pin_digit,
        erase=actions.pin_erase,
        ok=actions.pin_submit,
        erase_text=t("pin.erase"),
        ok_text=t("pin.ok"),
        enabled=screen.busy is None,
        width=300,
    )
    root.add_widget(pad)
    return root


def voucher_screen(t: Translator, screen: VoucherScreen, actions: MemberActions) -> Widget:
    voucher = screen.voucher
    root = BoxLayout(orientation="vertical", padding=(40, 16), spacing=10)
    if screen.printing is not None:
        holder = AnchorLayout(size_hint=(1, 0.4))
        holder.add_widget(BusyRing(size_hint=(None, None), size=(90, 90)))
        root.add_widget(holder)
        root.add_widget(WrappedLabel(text=t("voucher.printing"), font_size=theme.HEADLINE))
        return root
    if screen.printed:
        root.add_widget(
            WrappedLabel(text=t("voucher.printed"), font_size=theme.HEADLINE, color=theme.OK)
        )
    else:
        root.add_widget(
            WrappedLabel(text=t("voucher.saved"), font_size=theme.BODY, color=theme.DANGER)
        )
    root.add_widget(
        WrappedLabel(text=localised(voucher.names, t.lang), font_size=theme.HEADLINE, bold=True)
    )
    # The code in human-readable form: a member whose ticket is lost can still read it out.
    short = voucher.code if len(voucher.code) <= 24 else voucher.code[:10] + "…" + voucher.code[-8:]
    root.add_widget(
        WrappedLabel(text=t("voucher.code", code=short), font_size=theme.SMALL, color=theme.MUTED)
    )
    root.add_widget(
        WrappedLabel(
            text=t("voucher.expires", date=voucher.expires_at.date().isoformat()),
            font_size=theme.BODY,
        )
    )
    buttons = BoxLayout(orientation="horizontal", size_hint=(1, None), height=64, spacing=20)
    buttons.add_widget(
        kiosk_button(t("voucher.back"), actions.back, action="back", size_hint=(1, 1))
    )
    buttons.add_widget(
        kiosk_button(t("member.done"), actions.done, action="done", size_hint=(1, 1))
    )
    root.add_widget(buttons)
    return root


def error_screen(t: Translator, problem: Problem, on_ok: Callable[[], None]) -> Widget:
    root = BoxLayout(orientation="vertical", padding=40, spacing=20)
    root.add_widget(WrappedLabel(text=t("error.title"), font_size=theme.TITLE, color=theme.DANGER))
    root.add_widget(WrappedLabel(text=t(f"problem.{problem.value}"), font_size=theme.HEADLINE))
    holder = AnchorLayout(size_hint=(1, 0.35))
    holder.add_widget(kiosk_button(t("error.ok"), on_ok, action="done"))
    root.add_widget(holder)
    return root
