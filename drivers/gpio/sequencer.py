"""Timed patterns on their own threads: the sequencer behind the LED and buzzer patterns, and
a tone player for a passive (tonal) buzzer."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from drivers.gpio.settings import Note, Pattern

log = logging.getLogger(__name__)

#: How a sequencer waits between steps: ``wait(cancel_event, seconds) -> cancelled``.
Waiter = Callable[[threading.Event, float], bool]


def event_wait(cancel: threading.Event, seconds: float) -> bool:
    return cancel.wait(seconds)


Step = tuple[Callable[[], None], float]


class Sequencer:
    """Plays ``(action, seconds)`` steps on its own thread; ``loop_from`` repeats the tail.

    One sequence at a time per device: ``play`` cancels (and waits for) the one before, so two
    patterns never fight over a pin. Waiting is an ``Event.wait``: the thread sleeps, it does
    not poll, and ``cancel`` wakes it at once.
    """

    def __init__(
        self,
        name: str,
        wait: Waiter,
        finally_: Callable[[], None],
        *,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self._name = name
        self._wait = wait
        self._finally = finally_
        #: Told of a pin fault on the sequence's thread (the device shows it in its health).
        self._on_error = on_error
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()

    def play(self, steps: Sequence[Step], *, loop_from: int | None = None) -> None:
        self.cancel()
        self._cancel = cancel = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(list(steps), loop_from, cancel), name=self._name, daemon=True
        )
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def join(self) -> None:
        """Wait for a sequence that ends by itself (tests)."""
        thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self, steps: list[Step], loop_from: int | None, cancel: threading.Event) -> None:
        try:
            index = 0
            while index < len(steps) and not cancel.is_set():
                action, seconds = steps[index]
                action()
                if self._wait(cancel, seconds):
                    return
                index += 1
                if index == len(steps) and loop_from is not None:
                    index = loop_from
        except Exception as exc:  # the device was closed under us, or a pin fault
            if self._on_error is not None:
                self._on_error(exc)
            else:
                log.warning("GPIO %s pattern failed: %s", self._name, type(exc).__name__)
        finally:
            if not cancel.is_set():
                with contextlib.suppress(Exception):
                    self._finally()


def nothing() -> None:
    pass


class TonePlayer:
    """Plays beep patterns and jingles on a gpiozero ``TonalBuzzer``, on its own thread.

    gpiozero's TonalBuzzer has ``play``/``stop`` but no background ``beep`` like ``Buzzer``;
    this is that, with the same rule: a new pattern replaces the one playing.
    """

    def __init__(self, buzzer: Any) -> None:
        self._buzzer = buzzer
        self._seq = Sequencer("gpio-tone", event_wait, buzzer.stop)

    def _tone(self, hz: float) -> Callable[[], None]:
        from gpiozero.tones import Tone

        tone = Tone.from_frequency(hz)
        return lambda: self._buzzer.play(tone)

    def play(self, hz: float, pattern: Pattern) -> None:
        steps: list[Step] = []
        for _ in range(pattern.count):
            steps += [(self._tone(hz), pattern.on_s), (self._buzzer.stop, pattern.off_s)]
        self._seq.play(steps)

    def play_notes(self, notes: Sequence[Note]) -> None:
        steps: list[Step] = []
        for note in notes:
            steps.append((self._tone(note.hz), note.on_s))
            if note.off_s:
                steps.append((self._buzzer.stop, note.off_s))
        steps.append((self._buzzer.stop, 0.0))
        self._seq.play(steps)

    def cancel(self) -> None:
        self._seq.cancel()
        with contextlib.suppress(Exception):
            self._buzzer.stop()

    def join(self) -> None:
        """Wait for the pattern playing now to finish (tests)."""
        self._seq.join()
