"""Write tests/hostile/worcester-hmic-2017: the Worcester package, same name, with hostile text in every free-text field."""
import csv
import io
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SRC = ROOT / "datapackages" / "worcester-hmic-2017"
OUT = ROOT / "tests" / "hostile" / "worcester-hmic-2017"
if OUT.exists():
    shutil.rmtree(OUT)
(OUT / "data").mkdir(parents=True)

def P(tag):
    """One hostile string: HTML, script, an event handler, Markdown, attr_list, template syntax, a javascript: link."""
    return (f'<script>window.__pwned="{tag}"</script><img src=x onerror="window.__pwned=\'{tag}\'">'
            f'</p></div></title>"><b id="injected-{tag}">x</b> [link-{tag}](javascript:window.__pwned=1) **bold-{tag}** '
            f'{{{{ 7*7 }}}}{{% raw %}} {{: onclick="window.__pwned=1" }} <!-- data:package-count --> '
            f'`code` &amp; &lt;i&gt; ]]> </script> javascript:alert(1)')

d = json.loads((SRC / "datapackage.json").read_text())
d["title"] = "Hostile " + P("title")
d["description"] = P("description")
d["version"] = P("version")
d["licenses"][0]["title"] = P("licence")
d["licenses"][0]["path"] = "https://example.org/licence?{{7*7}}&x=1"
d["sources"][0]["title"] = P("descriptor-source")
for r in d["resources"]:
    r["title"] = P(f"resource-title-{r['name']}")
    r["description"] = P(f"resource-description-{r['name']}")
    for f in r["schema"]["fields"]:
        f["description"] = P(f"field-{r['name']}-{f['name']}")
        if f["name"] == "measure":
            for c in f["categories"]:
                c["label"] = P(f"label-{c['value']}")
(OUT / "datapackage.json").write_text(json.dumps(d, indent=2, ensure_ascii=False) + "\n")

rows = list(csv.reader(io.StringIO((SRC / "data" / "figures.csv").read_text())))
h = rows[0]
for n, r in enumerate(rows[1:], start=1):
    for col in ("period", "geography", "base", "notes", "flags"):
        r[h.index(col)] = P(f"figure{n}-{col}")
    r[h.index("quote")] = P(f"figure{n}-quote") + " " + r[h.index("wording")]
buf = io.StringIO()
csv.writer(buf, lineterminator="\n").writerows(rows)
(OUT / "data" / "figures.csv").write_text(buf.getvalue())

rows = list(csv.reader(io.StringIO((SRC / "data" / "sources.csv").read_text())))
h = rows[0]
for n, r in enumerate(rows[1:], start=1):
    for col in ("title", "publisher", "notes"):
        r[h.index(col)] = P(f"source{n}-{col}")
rows[1][h.index("address")] = "https://example.org/a?x=1&amp;y={{7*7}}"
rows[2][h.index("address")] = "https://example.org/b?q={%raw%}&x=%3C/script%3E"
buf = io.StringIO()
csv.writer(buf, lineterminator="\n").writerows(rows)
(OUT / "data" / "sources.csv").write_text(buf.getvalue())

charts = json.loads((SRC / "charts.json").read_text()) + [
    {"id": "hostile-proportions", "kind": "proportions", "title": P("chart-title"), "subtitle": P("chart-subtitle"),
     "caveat": P("chart-caveat"),
     "figures": ["worcester-hmic-2017/first-contact-positive", "worcester-hmic-2017/completely-positive",
                "worcester-hmic-2017/would-not-approach-police-again"]},
    {"id": "hostile-stages", "kind": "stages", "title": P("stages-title"), "subtitle": P("stages-subtitle"),
     "steps": [{"figure": "worcester-hmic-2017/offenders-arrested", "step": P("step-one")},
               {"figure": "worcester-hmic-2017/offenders-convicted", "step": P("step-two")}]},
]
(OUT / "charts.json").write_text(json.dumps(charts, indent=2, ensure_ascii=False) + "\n")
