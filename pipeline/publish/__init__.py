"""Publishing: downloads, zips, checksums, catalog, JSON-LD, feed, citations and the validation report."""
