"""What every link-preview image shares: its size, the band with the site's name, colours and the smallest type."""

from pipeline import identity

WIDTH, HEIGHT = 1200, 630  # the size Open Graph and Twitter's large card ask for
MARGIN, BAND_HEIGHT, NAME_TOP, NAME_SIZE = 64, 104, 34, 34
INK, MUTED, ACCENT, BAND = "#1b1b1b", "#3b3b3b", "#1b4d8c", "#283593"
# A preview is often shown 400 px wide, a third of its size: text of 30 px is then 10 px, the least that stays legible.
SMALLEST_TEXT = 30
IMAGE = {"type": "image/png", "width": WIDTH, "height": HEIGHT}  # what a page's og:image:* tags say of its image


def site_line() -> str:
    """The words in the band: the site's name and the licence."""
    return f"{identity.site().name} · {identity.site().licence}"
