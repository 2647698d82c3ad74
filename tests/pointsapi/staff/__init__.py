"""Tests of pointsapi.staff."""
