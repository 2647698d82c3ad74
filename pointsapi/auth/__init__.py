"""Who is calling: kiosk, till, admin and member bearer credentials, and attempt limits."""
