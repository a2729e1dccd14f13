"""Benchmarks: synthetic packages and scripts that print timings; nothing here is published."""
