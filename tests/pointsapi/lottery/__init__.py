"""Tests of pointsapi.lottery."""
