"""A reproducible synthetic Logseq graph that looks like a real one.

    python bench/make_graph.py N [OUT] [--seed S]

Writes N pages (about a third journals) to OUT (default /tmp/logseq-bench-N), about 1.6 KB
each like real graphs: nested outlines indented with tabs (some pages with spaces), tasks,
page and block properties, `id::` blocks and the `((uuid))` references to them, links,
tags and namespaces between the pages, aliases, code fences, CJK text, and a few of the
problems logseq-lint finds. The same N and seed give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
import uuid
from pathlib import Path

WORDS = [
    "garden",
    "compost",
    "seed",
    "planner",
    "harvest",
    "tomato",
    "soil",
    "water",
    "light",
    "shade",
    "note",
    "idea",
    "review",
    "meeting",
    "project",
    "draft",
    "reading",
    "book",
    "chapter",
    "quote",
    "habit",
    "sleep",
    "walk",
    "river",
    "bridge",
    "window",
    "paper",
    "letter",
    "music",
    "piano",
    "scale",
    "design",
    "system",
    "module",
    "parser",
    "graph",
    "block",
    "page",
    "link",
    "tag",
    "query",
    "index",
    "cache",
    "memory",
    "signal",
    "market",
    "coffee",
]
CJK = ["今日は良い天気です", "读书笔记和想法", "회의록 정리", "学习计划与复习", "記録を残す"]
LANGS = ["python", "clojure", "bash", "json"]
MARKERS = ["TODO", "DOING", "DONE", "LATER", "NOW"]
TARGET_BYTES = 1500


def _title(rng: random.Random, index: int) -> str:
    words = " ".join(rng.choice(WORDS).capitalize() if i == 0 else rng.choice(WORDS) for i in range(rng.randint(1, 3)))
    title = f"{words} {index}"
    if rng.random() < 0.1:
        title = f"{rng.choice(WORDS).capitalize()}/{title}"
    return title


def _file_name(title: str) -> str:
    return title.replace("/", "___") + ".md"


class Writer:
    def __init__(self, rng: random.Random, titles: list[str], ids: list[str]) -> None:
        self.rng, self.titles, self.ids = rng, titles, ids

    def link(self) -> str:
        rng = self.rng
        title = rng.choice(self.titles)
        roll = rng.random()
        if roll < 0.01:
            return f"[[{title[:-1]}]]"  # a near-miss of an existing page
        if roll < 0.15:
            return f"#[[{title}]]" if " " in title else f"#{title}"
        return f"[[{title}]]"

    def sentence(self) -> str:
        rng = self.rng
        parts = [rng.choice(WORDS) for _ in range(rng.randint(4, 14))]
        for _ in range(rng.randint(0, 2)):
            parts.insert(rng.randrange(len(parts) + 1), self.link())
        if rng.random() < 0.12 and self.ids:
            ref = rng.choice(self.ids) if rng.random() > 0.01 else str(uuid.UUID(int=rng.getrandbits(128), version=4))
            parts.append(f"(({ref}))")
        if rng.random() < 0.1:
            parts.append(rng.choice(CJK))
        if rng.random() < 0.05:
            parts.append(f"#{rng.choice(WORDS)}")
        text = " ".join(parts)
        return text[0].upper() + text[1:]

    def block(self, indent: str, depth: int, own_ids: list[str]) -> list[str]:
        rng = self.rng
        pad = indent * depth
        roll = rng.random()
        if roll < 0.08:
            head = f"{rng.choice(MARKERS)} {self.sentence()}"
        elif roll < 0.1:
            head = f"## {self.sentence()}"
        elif roll < 0.105:
            return [f"{pad}-"]  # an empty bullet
        else:
            head = self.sentence()
        lines = [f"{pad}- {head}"]
        if rng.random() < 0.06:
            lines.append(f"{pad}  {rng.choice(WORDS)}:: {rng.choice(WORDS)} {self.link()}")
        if own_ids and rng.random() < 0.2:
            lines.append(f"{pad}  id:: {own_ids.pop()}")
        if rng.random() < 0.1:
            lines.append(f"{pad}  {self.sentence()}")
        if rng.random() < 0.02:
            lang = rng.choice(LANGS)
            lines += [f"{pad}  ```{lang}", f"{pad}  x = {rng.randint(0, 99)}  # {rng.choice(WORDS)}", f"{pad}  ```"]
        return lines

    def page(self, journal: bool, own_ids: list[str]) -> str:
        rng = self.rng
        indent = "\t" if rng.random() < 0.9 else "  "
        lines: list[str] = []
        if not journal and rng.random() < 0.2:
            lines += [f"alias:: {rng.choice(WORDS)} {rng.randint(0, 10**6)}", f"tags:: {self.link()}", ""]
        depth, size, target = 0, 0, TARGET_BYTES * rng.uniform(0.5, 1.5)
        while size < target or own_ids:
            new = self.block(indent, depth, own_ids)
            lines += new
            size += sum(len(line.encode()) + 1 for line in new)
            depth = max(0, min(depth + rng.choice((-1, 0, 0, 1)), 4))
        return "\n".join(lines)


def make_graph(count: int, out: Path, seed: int = 0) -> Path:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "logseq").mkdir(parents=True)
    (out / "pages").mkdir()
    (out / "journals").mkdir()
    (out / "logseq" / "config.edn").write_text(
        '{:meta/version 1\n :file/name-format :triple-lowbar\n :preferred-format "Markdown"}\n'
    )
    journals = count // 3
    day = datetime.date(2024, 12, 31)
    titles = list(dict.fromkeys(_title(rng, index) for index in range(count - journals)))
    ids_by_page = [
        [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(rng.choice((0, 0, 1, 2)))]
        for _ in range(count)
    ]
    writer = Writer(rng, titles, [i for ids in ids_by_page for i in ids])
    for index in range(count):
        own = list(ids_by_page[index])
        if index < journals:
            path = out / "journals" / f"{day - datetime.timedelta(days=index):%Y_%m_%d}.md"
            path.write_text(writer.page(True, own), encoding="utf-8")
        elif index - journals < len(titles):
            path = out / "pages" / _file_name(titles[index - journals])
            path.write_text(writer.page(False, own), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    out = make_graph(args.count, args.out or Path(f"/tmp/logseq-bench-{args.count}"), args.seed)
    files = [p for p in out.rglob("*.md")]
    size = sum(p.stat().st_size for p in files)
    print(f"{out}: {len(files)} pages, {size / 1e6:.1f} MB ({size / len(files) / 1e3:.2f} KB a page)")


if __name__ == "__main__":
    main()
