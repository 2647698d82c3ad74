"""Hardware adapters: each device has a real and a simulated implementation."""
