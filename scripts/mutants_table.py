"""Summarize a cargo-mutants outcomes.json: caught, missed, unviable and timeout per module."""

import collections
import json
import sys

KINDS = ("caught", "missed", "unviable", "timeout")


def module(path: str) -> str:
    """crate/core/src/nn/linalg.rs -> nn; crate/src/sweep/plan.rs -> sweep."""
    parts = path.removeprefix("crate/src/").removeprefix("crate/core/src/").split("/")
    return parts[0].removesuffix(".rs")


def main(path: str, by_file: bool = False) -> None:
    with open(path, encoding="utf-8") as f:
        outcomes = json.load(f)["outcomes"]
    table = collections.defaultdict(collections.Counter)
    for o in outcomes:
        scenario = o["scenario"]
        if not isinstance(scenario, dict):
            continue  # the baseline
        summary = o["summary"].lower()
        kind = {"caughtmutant": "caught", "missedmutant": "missed", "unviable": "unviable", "timeout": "timeout"}.get(summary, summary)
        name = scenario["Mutant"]["file"]
        table[name if by_file else module(name)][kind] += 1
    total = collections.Counter()
    width = max([10] + [len(n) for n in table]) if by_file else 10
    print(f"{'file' if by_file else 'module':{width}} {'caught':>7} {'missed':>7} {'unviable':>9} {'timeout':>8} {'caught %':>9}")
    for name in sorted(table):
        row = table[name]
        total.update(row)
        print_row(name, row, width)
    print_row("total", total, width)


def print_row(name: str, row: collections.Counter, width: int) -> None:
    viable = row["caught"] + row["missed"] + row["timeout"]
    share = 100.0 * (row["caught"] + row["timeout"]) / viable if viable else 100.0
    print(f"{name:{width}} {row['caught']:7} {row['missed']:7} {row['unviable']:9} {row['timeout']:8} {share:8.1f}%")


if __name__ == "__main__":
    # --files: one row per file instead of per module.
    main(sys.argv[1], "--files" in sys.argv[2:])
