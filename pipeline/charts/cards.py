"""Link-preview cards: a page's headline figure in large type, its wording, source line and the site's name, 1200 × 630 PNG."""

import json
import logging
import textwrap
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pipeline import cache, identity
from pipeline.charts.draw import source_name
from pipeline.charts.kinds.common import FONT
from pipeline.tables import formatting

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
MARGIN, BAND_HEIGHT = 64, 104
FOLDER = "cards"
SITE_CARD = f"{FOLDER}/site.png"  # overrides/main.html shows it on pages that name no figure of their own
HOME_PAGE = "index.md"
INK, MUTED, ACCENT, BAND = "#1b1b1b", "#3b3b3b", "#1b4d8c", "#283593"
# Sizes chosen to stay legible in a 400 px wide preview (a third of full size): the smallest text is then 10 px.
VALUE_SIZE, LABEL_SIZE, WORDING_SIZE, SOURCE_SIZE, NAME_SIZE = 140, 44, 34, 32, 34
LINE_HEIGHT = 1.2
CHARACTER_WIDTH = 0.62  # a DejaVu Sans character's advance, in ems, at its widest for digits and capitals


def card_path(ref: str) -> str:
    """Where a figure's card is published, relative to the site root: cards/<package>/<figure id>.png."""
    package, figure_id = ref.split("/", 1)
    return f"{FOLDER}/{package}/{figure_id}.png"


def card_text(figure: pd.Series) -> dict:
    """What a card says, all from the figure's row in the tables: value, what it is a share of, wording, place and source."""
    known = {key: (None if pd.api.types.is_scalar(value) and pd.isna(value) else value) for key, value in figure.items()}
    value = formatting.figure_value(known["proportion"], known["count"], known["change"], known["qualifier"])
    of_what = known["label"] if known["proportion"] is None else f"{known['label']}: share of {known['base']}"
    period = known["period"] if known["period"] and known["period"] != "not stated" else None
    where = ", ".join(str(part) for part in (known["geography"], period) if part)
    return {"value": value, "label": of_what, "wording": f"Published as “{known['wording']}”" + (f" · {where}" if where else ""),
            "source": f"Source: {source_name(known['source_publisher'], known['source_published'], known['source_kind'])}",
            "site": f"{identity.site().name} · {identity.site().licence}"}


def _lines(text: str, size: int, limit: int) -> list[str]:
    """text wrapped to the card's width at a font size, cut to limit lines (the last one ends in an ellipsis)."""
    lines = textwrap.wrap(text, width=max(int((WIDTH - 2 * MARGIN) / (size * CHARACTER_WIDTH * 0.9)), 10))
    if len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = lines[-1].rstrip(" ,;:") + "…"
    return lines


def _height(lines: list[str], size: int) -> int:
    return len(lines) * round(size * LINE_HEIGHT)


def _text(lines: list[str], y: float, size: int, color: str, weight: str = "normal", style: str = "normal") -> dict:
    return {"data": {"values": [{"t": "\n".join(lines)}]},
            "mark": {"type": "text", "text": {"field": "t"}, "x": MARGIN, "y": y, "align": "left", "baseline": "top",
                     "fontSize": size, "fontWeight": weight, "fontStyle": style, "color": color,
                     "lineBreak": "\n", "lineHeight": round(size * LINE_HEIGHT)},
            "encoding": {"text": {"field": "t", "type": "nominal"}}}


def spec(text: dict) -> dict:
    """A card's words (from card_text) as a Vega-Lite specification: a band with the site's name, then the figure."""
    value_size = min(VALUE_SIZE, int((WIDTH - 2 * MARGIN) / (len(text["value"]) * CHARACTER_WIDTH)))
    label = _lines(text["label"], LABEL_SIZE, 2)
    wording = _lines(text["wording"], WORDING_SIZE, 2)
    source = _lines(text["source"], SOURCE_SIZE, 2)
    # Top down, each block below the last; the source line sits at the foot when there is room for it there.
    value_top = BAND_HEIGHT + 32 + (VALUE_SIZE - value_size) // 2
    label_top = BAND_HEIGHT + 32 + VALUE_SIZE + 20
    wording_top = label_top + _height(label, LABEL_SIZE) + 12
    source_top = max(wording_top + _height(wording, WORDING_SIZE) + 16, HEIGHT - 44 - _height(source, SOURCE_SIZE))
    band = {"data": {"values": [{}]}, "mark": {"type": "rect", "x": 0, "x2": WIDTH, "y": 0, "y2": BAND_HEIGHT, "color": BAND}}
    layers = [band, _text([text["site"]], 34, NAME_SIZE, "#ffffff", weight="bold"),
              _text([text["value"]], value_top, value_size, ACCENT, weight="bold"),
              _text(label, label_top, LABEL_SIZE, INK),
              _text(wording, wording_top, WORDING_SIZE, MUTED, style="italic"),
              _text(source, source_top, SOURCE_SIZE, MUTED)]
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": WIDTH, "height": HEIGHT,
            "autosize": {"type": "none"}, "padding": 0, "background": "#ffffff",
            "config": {"font": FONT, "view": {"stroke": None}}, "layer": layers}


def draw(words: dict) -> bytes:
    """A card as PNG bytes (runs in a worker process alongside the charts)."""
    import vl_convert

    return vl_convert.vegalite_to_png(json.dumps(spec(words), sort_keys=True), scale=1)


def render_all(tables, refs: list[str], store: cache.Cache, workers, alongside: Callable[[], object]) -> tuple[dict, object]:
    """The cards of the figures refs name, by ref, and alongside()'s result; a card is redrawn only when its words change.

    The cards to draw are queued behind the charts in the same workers, while alongside() runs here."""
    words = {ref: card_text(tables.figure(ref)) for ref in dict.fromkeys(refs)}
    keys = {ref: cache.digest(store.code, json.dumps(card, sort_keys=True)) for ref, card in words.items()}
    stored = {ref: store.get("card", ref, key) for ref, key in keys.items()}
    missing = [ref for ref, (found, _) in stored.items() if not found]
    if missing:
        log.info(f"drawing {len(missing)} link-preview card(s); {len(stored) - len(missing)} unchanged")
    drawn, other = workers.run_alongside(draw, [(words[ref],) for ref in missing], alongside)
    images = {ref: image for ref, (found, image) in stored.items() if found}
    for ref, image in zip(missing, drawn, strict=True):
        store.put("card", ref, keys[ref], image)
        images[ref] = image
    return images, other


def write(images: dict[str, bytes], folder: Path) -> None:
    """Write each card under folder at its card_path."""
    for ref, image in images.items():
        target = folder / card_path(ref)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(image)


def package_headlines(tables) -> dict[str, str]:
    """Each package's headline figure: its first, in the order its figures table lists them."""
    firsts = tables.figures.drop_duplicates("package") if not tables.figures.empty else tables.figures
    return dict(zip(firsts["package"], firsts["ref"], strict=True))


def site_headline(tables, page_headlines: dict[str, str]) -> str | None:
    """The figure on the card of pages without one of their own: the home page's headline, else the first package's."""
    known = set(tables.figures["ref"]) if not tables.figures.empty else set()
    home = page_headlines.get(HOME_PAGE)
    if home in known:
        return home
    return next(iter(package_headlines(tables).values()), None)
