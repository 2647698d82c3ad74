"""Tests of pointsapi.fleet."""
