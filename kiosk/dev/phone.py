"""Developer aids for simulated hardware: make the picture a member's phone would hold up.

Used by the dev panel, the demo walkthrough and the end-to-end tests. Never used on a store's
kiosk (the app registers these only when ``[dev] enabled = true``).
"""

from __future__ import annotations

import httpx
import qrcode
from PIL import Image, ImageDraw

FRAME_SIZE = (640, 480)  # what the simulated camera delivers, like the Pi camera's lores stream


def phone_screen_frame(text: str, *, inverted: bool = False) -> Image.Image:
    """A camera frame showing ``text`` as a QR code on a phone screen held up to the kiosk."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=7, border=4)
    qr.add_data(text)
    qr.make(fit=True)
    fg, bg = ("white", "black") if inverted else ("black", "white")
    code = qr.make_image(fill_color=fg, back_color=bg).convert("L")
    side = min(300, code.size[0])
    code = code.resize((side, side), Image.Resampling.NEAREST)
    frame = Image.new("L", FRAME_SIZE, 90)  # the shop behind the phone, dim
    draw = ImageDraw.Draw(frame)
    left = (FRAME_SIZE[0] - side) // 2
    top = (FRAME_SIZE[1] - side) // 2
    draw.rounded_rectangle(
        (left - 30, top - 60, left + side + 30, top + side + 60), radius=28, fill=30
    )  # the phone body
    frame.paste(code, (left, top))
    return frame


def fetch_member_code(api_base_url: str, member_token: str, timeout_s: float = 5.0) -> str:
    """Ask the API for the member's current rotating code, as the member app does."""
    response = httpx.get(
        f"{api_base_url.rstrip('/')}/v1/member/code",
        headers={"Authorization": f"Bearer {member_token}"},
        timeout=timeout_s,
    )
    response.raise_for_status()
    payload = response.json()["payload"]
    if not isinstance(payload, str):
        raise ValueError("the API returned no code")
    return payload
