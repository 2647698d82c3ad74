"""Developer aids, never used on a store's kiosk: the demo stack (``demo``, also used by the
end-to-end tests and the benchmarks), the dev controls for simulated hardware (``controls``) and
a member's phone screen (``phone``).

The app creates the dev controls only when ``[dev] enabled``; they reach the kiosk through the
small ``DevHost`` protocol, so nothing here imports the app back.
"""
