"""Tests of pointsapi.auth."""
