"""Records to text: table, json, jsonl and csv. The CLI's only formatter."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from tabulate import tabulate

FORMATS = ("table", "json", "jsonl", "csv")
MAX_CELL = 60


def render(rows: Sequence[dict[str, Any]], fmt: str) -> str:
    """``rows`` (dicts with the same keys) in the format asked for."""
    if fmt == "json":
        return json.dumps(list(rows), indent=2, ensure_ascii=False)
    if fmt == "jsonl":
        return "\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    if fmt == "csv":
        return _csv(rows)
    return _table(rows)


def _cell(value: Any, limit: int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = ", ".join(str(item) for item in value)
    text = str(value)
    if limit is not None and len(text) > limit:
        return text[: limit - 1] + "…"
    return text


def _table(rows: Sequence[dict[str, Any]]) -> str:
    headers = list(rows[0]) if rows else []
    body = [[_cell(row[key], MAX_CELL) for key in headers] for row in rows]
    return tabulate(body, headers=headers, tablefmt="simple", disable_numparse=True)


def _csv(rows: Sequence[dict[str, Any]]) -> str:
    if not rows:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        # Lists become "KZ; KG": one cell a spreadsheet can split.
        writer.writerow(
            {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}
        )
    return buffer.getvalue().rstrip("\n")
