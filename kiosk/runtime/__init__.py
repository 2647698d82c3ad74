"""Runs the pure core against the world: controller, effect runners, scanning, status, outbox,
health. Below the UI and the dev controls; above the API client and printing."""
