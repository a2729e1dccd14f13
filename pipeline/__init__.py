"""Stalking justice data: validate data packages and publish them as a static site."""
