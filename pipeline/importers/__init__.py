"""Importers: one module per publisher's file layout, turning raw files into tidy tables with provenance."""
