"""The member's screens (``screens``) and their words (``text``, no Kivy)."""
