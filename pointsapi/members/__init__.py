"""Members: accounts, cards, rotating codes, identify at a kiosk, PINs and the summary."""
