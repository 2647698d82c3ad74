"""Staff mode screens: the PIN keypad and the desk (printer, reprint, gifts, health tabs).

One module per part (``login``, ``desk``, ``gifts``, the ``corner``), with the words in ``text``
(no Kivy there: tested without a window).

Builders in the style of ``kiosk.ui.member``: staff state in, widget tree out, every touch
goes to one :class:`StaffActions` callback (each posts one event to ``kiosk.core.staff``). No
logic beyond formatting; buttons are disabled exactly when the core would ignore them. Nothing
here ever receives member data.
"""
