"""Stores and their devices (tills, kiosks): creating them, their credentials and rules."""
