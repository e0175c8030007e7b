"""Where a cold check's time goes, page by page: what each worker process does with a page.

    python bench/stages.py [--pages 1000]

Makes the synthetic graph (bench/make_graph.py, same N, same bytes) in a temporary folder
and runs, on one core, each stage a worker runs on every page of a cold `check`: parsing,
the page rules (each one), the page's facts and summary, and pickling the facts (which the
worker sends and the main process reads back). Prints CPU milliseconds per page for each.
"""

from __future__ import annotations

import argparse
import pickle
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from make_graph import make_graph

from logseq_lint import tune_interpreter
from logseq_lint.graph.config import load_config
from logseq_lint.graph.facts import page_facts, summarize
from logseq_lint.rules import select_rules
from logseq_lint.rules.base import PageContext, PageRule
from logseq_lint.syntax.parser import parse_page, prepare_grammars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    tune_interpreter()
    prepare_grammars()
    with tempfile.TemporaryDirectory(prefix="logseq-lint-bench-") as folder:
        root = make_graph(args.pages, Path(folder) / "graph")
        config, _ = load_config(root)
        files = sorted(path for name in ("journals", "pages") for path in (root / name).glob("*.md"))
        texts = [(path.read_text(encoding="utf-8"), path.relative_to(root).as_posix()) for path in files]
    rules = [rule for rule in select_rules() if isinstance(rule, PageRule)]
    spent: defaultdict[str, float] = defaultdict(float)
    clock = time.process_time
    for text, relative in texts:
        start = clock()
        page = parse_page(text, relative)
        spent["parse"] += clock() - start
        context = PageContext(relative, config)
        for rule in rules:
            start = clock()
            list(rule.check_page(page, context))
            spent[f"rule {rule.code} {rule.name}"] += clock() - start
        start = clock()
        facts = page_facts(page, relative, config)
        spent["page facts"] += clock() - start
        start = clock()
        summarize(facts, config)
        spent["summary"] += clock() - start
        start = clock()
        data = pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)
        spent["pickle facts"] += clock() - start
        start = clock()
        pickle.loads(data)
        spent["unpickle facts"] += clock() - start
    size = sum(len(text.encode("utf-8")) for text, _ in texts) / 1e6
    print(f"graph: {len(texts)} pages, {size:.1f} MB (bench/make_graph.py {args.pages}); CPU ms per page:")
    rules_total = sum(seconds for stage, seconds in spent.items() if stage.startswith("rule "))
    ranked = sorted(spent.items(), key=lambda item: -item[1])
    for stage, seconds in [*ranked, ("page rules, all", rules_total)]:
        print(f"  {stage:40} {seconds * 1000 / len(texts):6.3f}")
    print(f"  {'total':40} {sum(spent.values()) * 1000 / len(texts):6.3f}")


if __name__ == "__main__":
    main()
