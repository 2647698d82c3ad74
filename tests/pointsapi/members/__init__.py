"""Tests of pointsapi.members."""
