"""Tests of pointsapi.core."""
