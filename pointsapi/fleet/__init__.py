"""The kiosks in the field: the events they report and the alerts raised from them."""
