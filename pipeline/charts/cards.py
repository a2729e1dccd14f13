"""Link-preview cards: a page's headline figure in large type, its wording, source line and the site's name, 1200 × 630 PNG."""

import json
import logging
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pipeline import cache
from pipeline.charts import chart_font
from pipeline.charts.draw import source_name
from pipeline.charts.kinds.common import FONT
from pipeline.charts.preview_style import (
    ACCENT,
    BAND,
    BAND_HEIGHT,
    HEIGHT,
    INK,
    MARGIN,
    MUTED,
    NAME_SIZE,
    NAME_TOP,
    SMALLEST_TEXT,
    WIDTH,
    site_line,
)
from pipeline.charts.text_fit import Lines, line_step, text_width, wrap
from pipeline.tables import formatting

log = logging.getLogger(__name__)

FOLDER = "cards"
SITE_CARD = f"{FOLDER}/site.png"  # overrides/main.html shows it on pages that name no figure of their own
HOME_PAGE = "index.md"
# Each block's largest size; all shrink together, by the least step that lets every word fit on the card (see layout).
VALUE_SIZE, LABEL_SIZE, WORDING_SIZE, SOURCE_SIZE = 140, 44, 34, 32
SHRINK_STEPS = [step / 20 for step in range(20, 3, -1)]  # 100%, 95%, ... 20% of the largest sizes
TOP, VALUE_GAP, LABEL_GAP, WORDING_GAP, FOOT = BAND_HEIGHT + 32, 20, 12, 16, 44


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
            "site": site_line()}


def _blocks(text: dict, scale: float, floor: int) -> dict[str, Lines]:
    """The card's words wrapped to its width with every size scaled, words no smaller than floor; the value shrinks
    further to fit on one line."""
    width = WIDTH - 2 * MARGIN
    value_size = min(round(VALUE_SIZE * scale), int(width / text_width(text["value"], 1, bold=True)))
    blocks = {"value": Lines([text["value"]], value_size)}
    for key, size in (("label", LABEL_SIZE), ("wording", WORDING_SIZE), ("source", SOURCE_SIZE)):
        size = max(round(size * scale), floor)
        blocks[key] = Lines(wrap(text[key], size, width, bold=False), size)
    return blocks


def layout(text: dict) -> tuple[float, dict[str, Lines]]:
    """The largest scale of the sizes at which every word of the card fits on it, and its blocks: nothing is cut.

    The words keep to SMALLEST_TEXT or more while the value can shrink instead; only words too long for that go smaller."""
    room = HEIGHT - FOOT - TOP - VALUE_GAP - LABEL_GAP - WORDING_GAP
    for floor in (SMALLEST_TEXT, 1):
        for scale in SHRINK_STEPS:
            blocks = _blocks(text, scale, floor)
            used = round(VALUE_SIZE * scale) + sum(blocks[key].height for key in ("label", "wording", "source"))
            if used <= room:
                return scale, blocks
    return scale, blocks


def _text(block: Lines, y: float, color: str, weight: str = "normal", style: str = "normal") -> dict:
    return {"data": {"values": [{"t": "\n".join(block.lines)}]},
            "mark": {"type": "text", "text": {"field": "t"}, "x": MARGIN, "y": y, "align": "left", "baseline": "top",
                     "fontSize": block.size, "fontWeight": weight, "fontStyle": style, "color": color,
                     "lineBreak": "\n", "lineHeight": line_step(block.size)},
            "encoding": {"text": {"field": "t", "type": "nominal"}}}


def spec(text: dict) -> dict:
    """A card's words (from card_text) as a Vega-Lite specification: a band with the site's name, then the figure."""
    scale, blocks = layout(text)
    value_slot = round(VALUE_SIZE * scale)
    # Top down, each block below the last; the source line sits at the foot when there is room for it there.
    value_top = TOP + (value_slot - blocks["value"].size) // 2
    label_top = TOP + value_slot + VALUE_GAP
    wording_top = label_top + blocks["label"].height + LABEL_GAP
    source_top = max(wording_top + blocks["wording"].height + WORDING_GAP, HEIGHT - FOOT - blocks["source"].height)
    band = {"data": {"values": [{}]}, "mark": {"type": "rect", "x": 0, "x2": WIDTH, "y": 0, "y2": BAND_HEIGHT, "color": BAND}}
    layers = [band, _text(Lines([text["site"]], NAME_SIZE), NAME_TOP, "#ffffff", weight="bold"),
              _text(blocks["value"], value_top, ACCENT, weight="bold"),
              _text(blocks["label"], label_top, INK),
              _text(blocks["wording"], wording_top, MUTED, style="italic"),
              _text(blocks["source"], source_top, MUTED)]
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": WIDTH, "height": HEIGHT,
            "autosize": {"type": "none"}, "padding": 0, "background": "#ffffff",
            "config": {"font": FONT, "view": {"stroke": None}}, "layer": layers}


def draw(words: dict) -> bytes:
    """A card as PNG bytes (runs in a worker process alongside the charts)."""
    vl_convert = chart_font.converter()

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
