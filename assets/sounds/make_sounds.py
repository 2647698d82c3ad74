"""Synthesise the wheel's celebration sound (standard library only).

Run ``python assets/sounds/make_sounds.py`` to rebuild ``win.wav``.

A short rising arpeggio (C6 E6 G6 C7) of soft bell tones, 0.9 s, 22.05 kHz mono 16-bit. It is
generated rather than downloaded so its licence is ours and it can be rebuilt byte for byte.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22_050
NOTES_HZ = (1046.50, 1318.51, 1567.98, 2093.00)
STEP_S = 0.11
LENGTH_S = 0.9
VOLUME = 0.35


def samples() -> list[int]:
    out = []
    for n in range(int(RATE * LENGTH_S)):
        t = n / RATE
        value = 0.0
        for k, freq in enumerate(NOTES_HZ):
            start = k * STEP_S
            if t < start:
                continue
            age = t - start
            attack = min(1.0, age / 0.005)  # 5 ms attack: no click
            envelope = attack * math.exp(-age * 5.0)
            # A bell-ish tone: the note plus a quiet octave above.
            value += envelope * (
                math.sin(2 * math.pi * freq * age) + 0.25 * math.sin(4 * math.pi * freq * age)
            )
        fade = min(1.0, (LENGTH_S - t) / 0.05)  # end at silence
        out.append(int(max(-1.0, min(1.0, value * VOLUME / 1.25 * fade)) * 32767))
    return out


def write(path: Path) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(b"".join(struct.pack("<h", s) for s in samples()))


if __name__ == "__main__":
    write(Path(__file__).with_name("win.wav"))
