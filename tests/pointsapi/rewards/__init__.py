"""Tests of pointsapi.rewards."""
