"""Tests of pointsapi.ledger."""
