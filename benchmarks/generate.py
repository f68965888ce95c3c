"""A seeded synthetic corpus in the main layout, for benchmarks (not part of the test suite).

N digests four hours apart, 16 items each; ~40% of items repeat a link of the previous digest,
~a third have no author suffix, 300+ authors, 20+ categories, ~150-character CJK summaries with
bold spans.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

CJK = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
CATEGORIES = [f"类别{n:02d}" for n in range(24)]


def corpus_of(digests: int, corpus: Path | None = None) -> Path:
    """The benchmarks' corpus of this many digests (made once, in the temp dir), or `corpus`."""
    if corpus is not None:
        return corpus
    made = Path(tempfile.gettempdir()) / f"brief-bench-{digests}"
    if not made.exists():
        print(f"making {digests} digests in {made} …", file=sys.stderr)
        make_corpus(made, digests)
    return made


def make_corpus(root: Path, digests: int, seed: int = 7) -> Path:
    """Write `digests` files under `root` (by year/month folders); returns root."""
    rng = random.Random(seed)
    authors = [(f"作者{n:03d}" if n % 3 else f"Author {n:03d}", f"user{n:03d}") for n in range(320)]
    start = datetime(2021, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=8)))
    previous: list[tuple[str, str, str]] = []
    status = 10**18
    for index in range(digests):
        when = start + timedelta(hours=4 * index)
        stem = when.strftime("%Y.%m.%d.%H")
        items: list[tuple[str, str, str]] = []
        for _ in range(16):
            if previous and rng.random() < 0.4:
                items.append(rng.choice(previous))
                continue
            status += rng.randint(1, 10**6)
            name, handle = rng.choice(authors)
            headline = "".join(rng.choice(CJK) for _ in range(rng.randint(10, 24)))
            items.append((headline, name, f"https://x.com/{handle}/status/{status}"))
        lines = [
            "---",
            f'title: "{stem} 过去4小时全球AI发生了什么？"',
            f"date: {when.isoformat()}",
            f"categories: [{', '.join(rng.sample(CATEGORIES, 5))}]",
            "---",
            "",
        ]
        for number, (headline, name, url) in enumerate(items, start=1):
            suffix = "" if rng.random() < 0.33 else f" - {name}"
            text = "".join(rng.choice(CJK) for _ in range(150))
            bold = rng.randint(10, 120)
            summary = text[:bold] + "**" + text[bold : bold + 8] + "**" + text[bold + 8 :]
            lines += [f"{number}.".ljust(4) + f"[{headline}{suffix}]({url})", "", f"    {summary}", ""]  # (`9.  [`, `10. [`: text at column 4, as real files)
        folder = root / when.strftime("%Y") / when.strftime("%m")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{stem}.md").write_text("\n".join(lines), encoding="utf-8")
        previous = items
    return root


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--digests", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    make_corpus(args.folder, args.digests, args.seed)


LAYOUTS = ("main", "numbered-headings", "sections", "topic-bullets", "link-bullets", "enumerated", "html-blocks")


def _words(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(CJK) for _ in range(count))


def _mixed_file(rng: random.Random, layout: str, stem: str, items: list[tuple[str, str]]) -> str:
    """One digest of `layout` holding these (headline, url) items, with sections and prose."""
    lines: list[str] = []
    if layout in ("link-bullets",):
        lines += [f"Title: Weekly {stem}", f"Date: {stem[:10]}", "Tags: weekly, news", ""]
    elif layout not in ("topic-bullets", "html-blocks", "enumerated"):
        lines += ["---", f"title: {stem} 日报", "---", ""]
    if layout in ("topic-bullets", "html-blocks", "enumerated"):
        lines += [f"# {stem} 周刊", ""]
    lines += [_words(rng, 120) + f" [往期](https://archive.example.com/{stem})", ""]
    per_section = max(3, len(items) // rng.randint(3, 8))
    for index, (headline, url) in enumerate(items):
        if index % per_section == 0:
            section = _words(rng, 4)
            if layout == "sections":
                lines += [f"### **{section}**"]
            elif layout == "topic-bullets":
                lines += ["", f"## {index // per_section + 1}. {section}", ""]
            elif layout == "html-blocks":
                lines += ["", f"## {section}", "", f"### {section}源", ""]
            elif layout != "main":
                lines += ["", f"## {section}", ""]
        summary = _words(rng, rng.randint(40, max(60, 9000 // len(items))))
        number = index % per_section + 1
        if layout == "main":
            lines += [f"{index + 1}.".ljust(4) + f"[{headline}]({url})", "", f"    {summary}", ""]
        elif layout == "numbered-headings":
            lines += [f"### {number}. [{headline}]({url})", "", summary, "", "---", ""]
        elif layout == "sections":
            lines += [f"{number}.  **{headline[:6]}** {summary[:60]}，[详情]({url}) {summary[60:]}"]
        elif layout == "topic-bullets":
            lines += [f"- {headline}：{summary} [消息来源]({url})"]
        elif layout == "link-bullets":
            lines += [f"* [{headline}]({url}) | {summary[:40]}"]
        elif layout == "enumerated":
            lines += [f"{number}、一家[{headline[:5]}]({url}){headline[5:]}。{summary}", ""]
        else:
            lines += ['<div class="minipage">', "", f"#### {headline}", "", f'<span style="color: blue"><{url}></span>',
                      "", "</div>", ""]
    lines += ["", "---", "", f"本期由某工作室整理。 [订阅](https://subscribe.example.com/{stem[:4]})"]
    return "\n".join(lines) + "\n"


def make_mixed_corpus(root: Path, files: int, seed: int = 11) -> Path:
    """`files` digests of every layout (2-50 KB, 5-250 items, sections, repeats across files) and
    a few files that are not digests, under one folder per layout; returns root."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=8)))
    previous: list[tuple[str, str]] = []
    serial = 0
    for index in range(files):
        layout = LAYOUTS[index % len(LAYOUTS)]
        folder = root / layout
        folder.mkdir(parents=True, exist_ok=True)
        if index % 50 == 49:
            (folder / f"_index-{index}.md").write_text(f"---\ntitle: {layout}\n---\n\n{_words(rng, 80)}\n", encoding="utf-8")
            continue
        when = start + timedelta(hours=6 * index)
        stem = when.strftime("%Y-%m-%d") + f"-{index:05d}"
        count = min(250, max(5, int(rng.paretovariate(1.2) * 12)))
        items = []
        for _ in range(count):
            if previous and rng.random() < 0.3:
                items.append(rng.choice(previous))
                continue
            serial += 1
            items.append((_words(rng, rng.randint(10, 24)), f"https://x.com/user{serial % 300:03d}/status/{10**17 + serial}"))
        (folder / f"{stem}.md").write_text(_mixed_file(rng, layout, stem, items), encoding="utf-8")
        previous = items[-40:]
    return root
