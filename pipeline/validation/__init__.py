"""Validation: load packages safely and check descriptors, files, frictionless and project rules."""
