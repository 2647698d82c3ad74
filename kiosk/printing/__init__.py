"""Printed tickets: what they say (``layout``), how they become ESC/POS bytes (``builder``),
and how they are printed without ever being lost (``service`` with ``kiosk.printing.journal``)."""
