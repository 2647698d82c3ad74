"""The kiosk's pure core: session state machine, payload classification, domain models.

Nothing here imports Kivy, hardware libraries or HTTP; time is always an argument.
"""
