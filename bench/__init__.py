"""Benchmarks: run by ``make bench`` (and per area: ``make bench-startup`` ...); results in
docs/benchmarks.md. Never timed assertions in tests: these machines are noisy, so each benchmark
compares side by side in one run and reports medians and ratios."""
