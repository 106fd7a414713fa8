"""Records and evaluation results to text: table, json, jsonl and csv. The CLI's only formatter.

Takes plain dicts (a record's ``to_dict()``), never ORM objects. Listings become
one row per record; a profile (``show``, ``stats``) becomes its fields, then one
table per list of records in it, then one table of the mentions those records hold
(each with its ref, where it stands and how it was found). Tables fit ``width``
when given (a terminal's width): the widest columns give way first, truncated in
listings, wrapped in profiles.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from tabulate import tabulate

from corpus_db.evaluate import AGREEMENT_FIELDS, MEASURES, Evaluation

FORMATS = ("table", "json", "jsonl", "csv")
PROFILE_FORMATS = ("table", "json")
EXPORT_FORMATS = ("jsonl", "csv", "json")
MAX_CELL = 60
PROFILE_WIDTH = 100  # when the output is not a terminal
MIN_COLUMN = 8
HEADER_PADDING = 2
GAP = 2  # tabulate's "simple" format puts two spaces between columns
LONG_TEXT = 200  # a text field longer than this gets a section of its own in a profile


def render(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    *,
    fields: Sequence[str] | None = None,
    width: int | None = None,
) -> str:
    """``rows`` (dicts with the same keys) in the format asked for. ``fields`` names the
    columns when there may be no rows (a CSV header); ``width`` fits a table to it."""
    if fmt == "json":
        return json.dumps(list(rows), indent=2, ensure_ascii=False)
    if fmt in ("jsonl", "csv"):
        return "\n".join(stream(rows, fmt, fields=fields))
    return _table(rows, fields, width)


def stream(
    rows: Iterable[dict[str, Any]], fmt: str, *, fields: Sequence[str] | None = None
) -> Iterator[str]:
    """``rows`` as lines of jsonl, csv or json, one row at a time (for exports)."""
    if fmt == "jsonl":
        for row in rows:
            yield json.dumps(row, ensure_ascii=False)
    elif fmt == "csv":
        yield from _csv(rows, fields)
    elif fmt == "json":
        yield "["
        previous = None
        for row in rows:
            if previous is not None:
                yield previous + ","
            previous = "  " + json.dumps(row, ensure_ascii=False)
        if previous is not None:
            yield previous
        yield "]"
    else:
        raise ValueError(f"cannot stream {fmt!r}: one of {', '.join(EXPORT_FORMATS)}")


def render_profile(profile: dict[str, Any], fmt: str, *, width: int | None = None) -> str:
    """One object (a ``show`` profile, the stats): JSON, or its fields then a table per list."""
    if fmt == "json":
        return json.dumps(profile, indent=2, ensure_ascii=False)
    # Tables fit a terminal; piped, they keep whole cells, like listings. Long texts wrap.
    table_width, width = width, width or PROFILE_WIDTH
    fields, sections, texts, mentions = [], [], [], []
    for key, value in profile.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            value = [_take_mentions(row, mentions) for row in value]
            table = _table(value, None, table_width, wrap=True)
            sections.append(f"{key} ({len(value)})\n{table}")
        elif isinstance(value, dict):
            rows = [{"name": k, "value": v} for k, v in value.items()]
            sections.append(f"{key}\n{_table(rows, None, table_width, wrap=True)}")
        elif isinstance(value, str) and len(value) > LONG_TEXT:
            texts.append(f"{key}\n{_wrap(value, width)}")
        else:
            fields.append([key, "none" if value == [] else _cell(value)])
    if mentions:
        table = _table(mentions, _mention_fields(mentions), table_width, wrap=True)
        sections.append(f"mentions ({len(mentions)})\n{table}")
    key_width = max((len(key) for key, _ in fields), default=0)
    head = tabulate(
        fields,
        tablefmt="plain",
        disable_numparse=True,
        maxcolwidths=[None, max(MIN_COLUMN, width - key_width - GAP)],
    )
    return "\n\n".join([head, *sections, *texts])


_MENTION_FIELDS = ("ref", "at", "text", "how", "of")
# What names the record a mention belongs to, in the mentions table: the first it has.
_OWNER_FIELDS = ("name", "title", "source", "code", "id")


def _take_mentions(row: dict[str, Any], taken: list[dict[str, Any]]) -> dict[str, Any]:
    """The row with its mentions counted; each mention goes to ``taken``, saying whose it is."""
    found = row.get("mentions")
    if not (isinstance(found, list) and found and isinstance(found[0], dict)):
        return row
    owner = next(row[key] for key in _OWNER_FIELDS if key in row)
    taken += [
        {
            "ref": m["ref"],
            "at": f"{m['start_char']}-{m['end_char']}",
            "text": m["text"],
            "how": m["how"],
            "of": owner,
            "confidence": m["confidence"],
        }
        for m in found
    ]
    return {**row, "mentions": len(found)}


def _mention_fields(mentions: list[dict[str, Any]]) -> tuple[str, ...]:
    # No current method gives a confidence: a column of blanks would only be noise.
    if any(m["confidence"] is not None for m in mentions):
        return (*_MENTION_FIELDS, "confidence")
    return _MENTION_FIELDS


def _cell(value: Any, limit: int | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = ", ".join(_item(item) for item in value)
    elif isinstance(value, dict):  # a decision's value: "country=KZ, role=President"
        value = ", ".join(f"{key}={item}" for key, item in value.items() if item is not None)
    text = " ".join(str(value).split())  # one line per row, whatever the text holds
    if limit is not None and len(text) > limit:
        return text[: limit - 1] + "…"
    return text


def _item(item: Any) -> str:
    if isinstance(item, dict) and "start_char" in item:
        return f"{item['start_char']}-{item['end_char']}"  # a mention: where it stands
    if isinstance(item, dict):
        return " ".join(str(v) for v in item.values() if v is not None)
    return str(item)


def _fit(
    headers: Sequence[str], body: list[list[str]], width: int | None, cap: int | None
) -> list[int]:
    """Column widths: each column's widest cell (up to ``cap``), the widest columns
    narrowed in turn until the row fits ``width``."""
    widths = [
        max([len(header)] + [min(len(row[i]), cap or len(row[i])) for row in body])
        for i, header in enumerate(headers)
    ]
    if width is None:
        return widths
    budget = width - GAP * (len(headers) - 1)
    # tabulate pads a header by two spaces, so a column is never narrower than that.
    shown = [len(h) + HEADER_PADDING for h in headers]
    floors = [min(w, max(MIN_COLUMN, s)) for w, s in zip(widths, shown, strict=True)]
    while sum(max(w, s) for w, s in zip(widths, shown, strict=True)) > budget:
        room = [w - f for w, f in zip(widths, floors, strict=True)]
        widest = max(range(len(widths)), key=lambda i: (room[i] > 0, widths[i]))
        if room[widest] <= 0:
            break
        widths[widest] -= 1
    return widths


def _table(
    rows: Sequence[dict[str, Any]],
    fields: Sequence[str] | None,
    width: int | None,
    *,
    wrap: bool = False,
) -> str:
    headers = list(fields or (rows[0] if rows else []))
    body = [[_cell(row[key]) for key in headers] for row in rows]
    widths = _fit(headers, body, width, None if wrap else MAX_CELL)
    if wrap:
        return tabulate(
            body, headers=headers, tablefmt="simple", disable_numparse=True, maxcolwidths=widths
        )
    body = [[_cell(cell, limit) for cell, limit in zip(row, widths, strict=True)] for row in body]
    return tabulate(body, headers=headers, tablefmt="simple", disable_numparse=True)


def _wrap(text: str, width: int) -> str:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    return "\n\n".join(textwrap.fill(p.strip(), width) for p in paragraphs)


def _csv(rows: Iterable[dict[str, Any]], fields: Sequence[str] | None) -> Iterator[str]:
    buffer = io.StringIO()
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(fields or row), lineterminator="\n")
            writer.writeheader()
        # Lists become "KZ; KG": one cell a spreadsheet can split.
        writer.writerow({k: _csv_cell(v) for k, v in row.items()})
        yield buffer.getvalue().rstrip("\n")
        buffer.seek(0)
        buffer.truncate()
    if writer is None and fields:
        yield ",".join(fields)


def _csv_cell(value: Any) -> Any:
    """Lists become "KZ; KG": one cell a spreadsheet can split; objects become JSON."""
    if isinstance(value, list):
        return "; ".join(map(_item, value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


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
        _table(scores, None, None),
        _table(fields, None, None),
    ]
    if show_errors and not evaluation.mistakes:
        parts.append("No mistakes.")
    elif show_errors:
        parts.append(
            "Mistakes (missing: in the gold file, not extracted; "
            "extra: extracted, not in the gold file):\n"
            + _table(
                [_mistake_row(m.to_dict()) for m in evaluation.mistakes], None, None, wrap=True
            )
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
