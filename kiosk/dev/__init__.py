"""Developer aids: the demo stack, the dev controls for simulated hardware, a phone's screen.

Never used on a store's kiosk. Nothing here is imported by the app's production path except
through the small ``DevHost`` protocol the app fills in."""
