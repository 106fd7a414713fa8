"""Records and evaluation results to text: table, json, jsonl and csv. The CLI's only formatter."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from tabulate import tabulate

from corpus_db.evaluate import AGREEMENT_FIELDS, MEASURES, Evaluation

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


def _table(rows: Sequence[dict[str, Any]], limit: int | None = MAX_CELL) -> str:
    headers = list(rows[0]) if rows else []
    body = [[_cell(row[key], limit) for key in headers] for row in rows]
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


def render_evaluation(evaluation: Evaluation, fmt: str, show_errors: bool = False) -> str:
    """Scores as a table (with the counts behind them) or as the documented JSON.

    With ``show_errors`` the evaluation's mistakes follow the scores: in a
    table one line per mistake, in JSON a list under an extra ``errors`` key.
    """
    if fmt == "json":
        data = evaluation.to_dict()
        if show_errors:
            data["errors"] = [mistake.to_dict() for mistake in evaluation.mistakes]
        return json.dumps(data, indent=2, ensure_ascii=False)

    scores = [
        {
            "measure": measure,
            "precision": f"{score.precision:.4f}",
            "recall": f"{score.recall:.4f}",
            "f1": f"{score.f1:.4f}",
            "right": score.tp,
            "extra": score.fp,
            "missing": score.fn,
        }
        for measure in MEASURES
        for score in [evaluation.score(measure)]
    ]
    fields = [
        {
            "agreement field": name,
            "share": f"{evaluation.share(name):.4f}",
            "right": evaluation.fields.right(name),
            "of matched": evaluation.fields.matched,
        }
        for name in AGREEMENT_FIELDS
    ]
    parts = [
        f"{evaluation.articles} article(s) evaluated.",
        _table(scores),
        _table(fields),
    ]
    if show_errors and not evaluation.mistakes:
        parts.append("No mistakes.")
    elif show_errors:
        parts.append(
            "Mistakes (missing: in the gold file, not extracted; "
            "extra: extracted, not in the gold file):\n"
            + _table([_mistake_row(m.to_dict()) for m in evaluation.mistakes], limit=None)
        )
    return "\n\n".join(parts)


def _mistake_row(mistake: dict[str, Any]) -> dict[str, str]:
    detail = mistake["item"]
    if mistake["error"] == "wrong":
        detail += f": extracted {_value(mistake['extracted'])}, gold {_value(mistake['gold'])}"
    elif mistake["field"] == "people":
        country = mistake["extracted"] or mistake["gold"]
        detail += f" ({country})" if country else ""
    return {
        "article": mistake["article"],
        "field": mistake["field"],
        "error": mistake["error"],
        "detail": detail,
    }


def _value(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)
