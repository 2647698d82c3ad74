"""The Kivy view: the only package that imports Kivy. It renders core state and forwards touches."""
