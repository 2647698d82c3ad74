"""One builder per core screen: state in, widget tree out. No logic beyond formatting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image
from kivy.uix.widget import Widget

from kiosk.core.events import Problem
from kiosk.core.models import Identified
from kiosk.i18n import Translator, localised
from kiosk.ui import theme
from kiosk.ui.widgets import BusyRing, TierProgressBar, WrappedLabel, filled, kiosk_button

IMAGES = Path(__file__).resolve().parents[2] / "assets" / "images"


def format_points(points: int) -> str:
    return f"{points:,}"


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


def member_screen(t: Translator, identified: Identified, on_done: Callable[[], None]) -> Widget:
    member = identified.member
    lang = t.lang
    root = BoxLayout(orientation="vertical", padding=(30, 16), spacing=10)

    header = BoxLayout(orientation="horizontal", size_hint=(1, None), height=60)
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

    balance = filled(BoxLayout(orientation="vertical", padding=12), theme.PANEL, radius=16)
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
        WrappedLabel(text=progress_text, font_size=theme.BODY, size_hint=(1, None), height=30)
    )
    root.add_widget(TierProgressBar(value=member.tier_progress, size_hint=(1, None), height=16))

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
            text=expiry, font_size=theme.BODY, color=expiry_colour, size_hint=(1, None), height=30
        )
    )

    footer = BoxLayout(orientation="horizontal", size_hint=(1, None), height=64, spacing=16)
    notes = [t("member.member_no", number=member.member_no_masked)]
    if member.checked_in_today:
        notes.append(t("member.checked_in"))
    if not identified.session.can_spend:
        notes.append(t("member.view_only"))
    footer.add_widget(
        WrappedLabel(text="\n".join(notes), font_size=theme.SMALL, color=theme.MUTED, halign="left")
    )
    footer.add_widget(kiosk_button(t("member.done"), on_done))
    root.add_widget(footer)
    return root


def error_screen(t: Translator, problem: Problem, on_ok: Callable[[], None]) -> Widget:
    root = BoxLayout(orientation="vertical", padding=40, spacing=20)
    root.add_widget(WrappedLabel(text=t("error.title"), font_size=theme.TITLE, color=theme.DANGER))
    root.add_widget(WrappedLabel(text=t(f"error.{problem.value}"), font_size=theme.HEADLINE))
    holder = AnchorLayout(size_hint=(1, 0.35))
    holder.add_widget(kiosk_button(t("error.ok"), on_ok))
    root.add_widget(holder)
    return root
