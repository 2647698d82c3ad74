"""The staff desk: tabs for the printer, reprints, gifts and health."""

from __future__ import annotations

from functools import partial

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from kiosk.core.staff import (
    TABS,
    Desk,
    HealthPanel,
    Notice,
    PrinterPanel,
    ReprintPanel,
)
from kiosk.i18n import Translator
from kiosk.ui import theme
from kiosk.ui.staff.actions import StaffActions
from kiosk.ui.staff.gifts import gifts_panel
from kiosk.ui.staff.parts import ROW, TAB_ACTIVE, facts, list_row, notice_line, scrolled_rows
from kiosk.ui.staff.text import (
    health_facts,
    local_time,
    printer_facts,
    reason_text,
    verdict_colour,
    verdict_text,
)
from kiosk.ui.widgets import WrappedLabel, button


def desk_screen(t: Translator, desk: Desk, actions: StaffActions) -> Widget:
    root = BoxLayout(orientation="vertical", padding=(16, 8), spacing=8)
    bar = BoxLayout(orientation="horizontal", size_hint=(1, None), height=56, spacing=6)
    for tab in TABS:
        bar.add_widget(
            button(
                t(f"staff.tab.{tab}"),
                partial(actions.tab, tab),
                action=f"tab:{tab}",
                size=(118, 56),
                background_color=TAB_ACTIVE if tab == desk.tab else theme.BUTTON,
            )
        )
    bar.add_widget(
        WrappedLabel(
            text=t("staff.signed_in", name=desk.identity.display_name),
            font_size=theme.SMALL,
            color=theme.MUTED,
        )
    )
    bar.add_widget(
        button(
            t("staff.done"),
            actions.done,
            action="done",
            enabled=not desk.health.restarting,
            size=(100, 56),
        )
    )
    root.add_widget(bar)
    if desk.tab == "printer":
        root.add_widget(printer_panel(t, desk.printer, actions))
    elif desk.tab == "reprint":
        root.add_widget(reprint_panel(t, desk.reprint, actions))
    elif desk.tab == "gifts":
        root.add_widget(gifts_panel(t, desk.gifts, actions))
    else:
        root.add_widget(health_panel(t, desk.health, actions))
    return root


def printer_panel(t: Translator, panel: PrinterPanel, actions: StaffActions) -> Widget:
    root = BoxLayout(orientation="vertical", spacing=8)
    info = panel.info
    if info is None:
        root.add_widget(WrappedLabel(text=t("staff.loading"), font_size=theme.BODY))
        root.add_widget(notice_line(t, panel.notice))
        return root
    root.add_widget(
        WrappedLabel(
            text=verdict_text(t, info),
            font_size=theme.HEADLINE,
            color=verdict_colour(info),
            halign="left",
            size_hint=(1, None),
            height=48,
        )
    )
    root.add_widget(facts(printer_facts(t, info)))
    if panel.busy is not None:
        root.add_widget(notice_line(t, Notice("staff.working", ok=True)))
    else:
        root.add_widget(notice_line(t, panel.notice))
    root.add_widget(Widget())
    buttons = BoxLayout(orientation="horizontal", size_hint=(1, None), height=64, spacing=16)
    idle = panel.busy is None
    buttons.add_widget(
        button(
            t("staff.printer.paper_replaced"),
            actions.paper_replaced,
            action="paper_replaced",
            enabled=idle,
            size_hint=(1, 1),
            background_color=theme.ACCENT_BUTTON,
        )
    )
    buttons.add_widget(
        button(
            t("staff.printer.test_print"),
            actions.test_print,
            action="test_print",
            enabled=idle,
            size_hint=(1, 1),
        )
    )
    buttons.add_widget(
        button(
            t("staff.refresh"),
            actions.refresh,
            action="refresh",
            enabled=idle and panel.loading is None,
            size_hint=(0.6, 1),
        )
    )
    root.add_widget(buttons)
    return root


def reprint_panel(t: Translator, panel: ReprintPanel, actions: StaffActions) -> Widget:
    root = BoxLayout(orientation="vertical", spacing=6)
    jobs = panel.jobs
    if jobs is None:
        root.add_widget(WrappedLabel(text=t("staff.loading"), font_size=theme.BODY))
        root.add_widget(notice_line(t, panel.notice))
        return root
    root.add_widget(
        WrappedLabel(
            text=t("staff.reprint.title", count=len(jobs)),
            font_size=theme.BODY,
            bold=True,
            halign="left",
            size_hint=(1, None),
            height=32,
        )
    )
    idle = panel.busy is None
    if not jobs:
        root.add_widget(
            WrappedLabel(text=t("staff.reprint.empty"), font_size=theme.BODY, color=theme.OK)
        )
    else:
        rows: list[Widget] = []
        for job in jobs:
            row = list_row()
            row.add_widget(
                WrappedLabel(
                    text=t(
                        "staff.reprint.row",
                        job=job.job_id,
                        kind=t(f"staff.kind.{job.kind}"),
                        time=local_time(job.created_at),
                    ),
                    font_size=theme.BODY,
                    halign="left",
                )
            )
            why = t(
                "staff.reprint.why",
                status=t(f"staff.status.{job.status}"),
                error=reason_text(t, job.last_error) if job.last_error else "—",
            )
            row.add_widget(
                WrappedLabel(text=why, font_size=theme.SMALL, color=theme.DANGER, halign="left")
            )
            printing = job.job_id in panel.printing
            row.add_widget(
                button(
                    t("staff.reprint.printing") if printing else t("staff.reprint.one"),
                    partial(actions.reprint, job.job_id),
                    action=f"reprint:{job.job_id}",
                    enabled=idle,
                    size=(140, ROW - 10),
                )
            )
            rows.append(row)
        root.add_widget(scrolled_rows(rows))
    if panel.busy is not None:
        root.add_widget(notice_line(t, Notice("staff.reprint.printing", ok=True)))
    else:
        root.add_widget(notice_line(t, panel.notice))
    bottom = BoxLayout(orientation="horizontal", size_hint=(1, None), height=60, spacing=16)
    bottom.add_widget(
        button(
            t("staff.reprint.all", count=len(jobs)),
            actions.reprint_all,
            action="reprint_all",
            enabled=idle and bool(jobs),
            size_hint=(1, 1),
            background_color=theme.ACCENT_BUTTON,
        )
    )
    bottom.add_widget(
        button(
            t("staff.refresh"),
            actions.refresh,
            action="refresh",
            enabled=idle and panel.loading is None,
            size_hint=(0.5, 1),
        )
    )
    root.add_widget(bottom)
    return root


def health_panel(t: Translator, panel: HealthPanel, actions: StaffActions) -> Widget:
    root = BoxLayout(orientation="vertical", spacing=6)
    if panel.restarting:
        root.add_widget(WrappedLabel(text=t("staff.health.restarting"), font_size=theme.HEADLINE))
        return root
    if panel.report is None:
        root.add_widget(WrappedLabel(text=t("staff.loading"), font_size=theme.BODY))
    else:
        scroll = ScrollView(do_scroll_x=False)
        grid = facts(health_facts(t, panel.report), pairs_per_row=2, value_font=theme.SMALL)
        scroll.add_widget(grid)
        root.add_widget(scroll)
    bottom = BoxLayout(orientation="horizontal", size_hint=(1, None), height=60, spacing=16)
    if panel.confirm_restart:
        bottom.add_widget(
            WrappedLabel(
                text=t("staff.health.restart_confirm"),
                font_size=theme.SMALL,
                color=theme.DANGER,
                halign="left",
            )
        )
        bottom.add_widget(
            button(
                t("staff.health.restart_yes"),
                actions.restart_confirm,
                action="restart_confirm",
                size=(170, 56),
                background_color=theme.ACCENT_BUTTON,
            )
        )
        bottom.add_widget(
            button(t("staff.cancel"), actions.cancel, action="cancel", size=(130, 56))
        )
    else:
        bottom.add_widget(
            button(
                t("staff.refresh"),
                actions.refresh,
                action="refresh",
                enabled=panel.loading is None,
                size_hint=(1, 1),
            )
        )
        bottom.add_widget(
            button(
                t("staff.health.restart"),
                actions.restart,
                action="restart",
                size_hint=(1, 1),
                background_color=theme.ACCENT_BUTTON,
            )
        )
    root.add_widget(bottom)
    return root
