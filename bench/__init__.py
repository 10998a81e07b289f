"""Benchmark scripts (run as `python bench/<name>.py`); see README "Benchmarks"."""
