"""Summarize a cargo-mutants outcomes.json: caught, missed, unviable and timeout per module."""

import collections
import json
import sys

KINDS = ("caught", "missed", "unviable", "timeout")


def module(path: str) -> str:
    """crate/core/src/nn/linalg.rs -> nn; crate/src/sweep/plan.rs -> sweep."""
    parts = path.removeprefix("crate/src/").removeprefix("crate/core/src/").split("/")
    return parts[0].removesuffix(".rs")


def main(path: str) -> None:
    with open(path, encoding="utf-8") as f:
        outcomes = json.load(f)["outcomes"]
    table = collections.defaultdict(collections.Counter)
    for o in outcomes:
        scenario = o["scenario"]
        if not isinstance(scenario, dict):
            continue  # the baseline
        summary = o["summary"].lower()
        kind = {"caughtmutant": "caught", "missedmutant": "missed", "unviable": "unviable", "timeout": "timeout"}.get(summary, summary)
        table[module(scenario["Mutant"]["file"])][kind] += 1
    total = collections.Counter()
    print(f"{'module':10} {'caught':>7} {'missed':>7} {'unviable':>9} {'timeout':>8} {'caught %':>9}")
    for name in sorted(table):
        row = table[name]
        total.update(row)
        print_row(name, row)
    print_row("total", total)


def print_row(name: str, row: collections.Counter) -> None:
    viable = row["caught"] + row["missed"] + row["timeout"]
    share = 100.0 * (row["caught"] + row["timeout"]) / viable if viable else 100.0
    print(f"{name:10} {row['caught']:7} {row['missed']:7} {row['unviable']:9} {row['timeout']:8} {share:8.1f}%")


if __name__ == "__main__":
    main(sys.argv[1])
