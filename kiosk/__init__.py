"""Self-service member points kiosk."""

__version__ = "0.1.0"
