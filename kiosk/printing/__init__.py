"""Printed tickets: what they say (``layout``, ``check_slip``), how they become ESC/POS bytes
(``builder``), and how they are printed without ever being lost (``service`` with its
``journal``); ``vouchers`` turns the session's print requests into tickets."""
