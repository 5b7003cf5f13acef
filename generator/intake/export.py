"""Staff side: new questions become hoi-dap drafts; ratings become counts the build shows.

A draft carries what the resident sent (question, topic, received date, channel cong-thong-tin)
and blanks for what staff must write (answer, its date, who answers, the publishing date), so
`congkhai validate` refuses it until it is answered (CK150). Contact details never go into the
YAML: a repository is public, and replying is done from the service's data. A name goes in only
when the resident consented, and staff are warned about personal data in the text (CK650).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Engine

from generator.commands.yaml_out import quoted, scalar
from generator.diagnostics import Diagnostic, Position, diagnostic
from generator.intake.store import now, questions, ratings
from generator.load import placeholders
from generator.validate.privacy import matches, redact

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
TITLE_WORDS = 14


@dataclass
class Contact:
    number: int
    name: str | None
    contact: str | None


@dataclass
class Exported:
    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    """Drafts already on disk from an earlier export: kept as they are."""
    contacts: list[Contact] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def received_date(moment: dt.datetime) -> dt.date:
    """The day the commune received it, in Vietnam (the database keeps UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)  # SQLite returns naive datetimes
    return moment.astimezone(VIETNAM).date()


def draft_name(number: int, received: dt.date) -> str:
    return f"{received.year}-cau-hoi-{number}.yaml"


def export_questions(
    engine: Engine, commune: str, out_dir: Path, since: dt.date | None = None
) -> Exported:
    """Write a draft for every question of `commune` not exported yet, then mark them exported."""
    result = Exported()
    query = (
        sa.select(questions)
        .where(questions.c.commune == commune, questions.c.exported_at.is_(None))
        .order_by(questions.c.id)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    out_dir.mkdir(parents=True, exist_ok=True)
    done: list[int] = []
    for row in rows:
        received = received_date(row["received_at"])
        if since and received < since:
            continue
        path = out_dir / draft_name(row["id"], received)
        done.append(row["id"])
        if row["contact"] or row["name"]:
            result.contacts.append(Contact(row["id"], row["name"], row["contact"]))
        if path.exists():
            result.skipped.append(path)
            continue
        text = draft_text(row, received)
        _write_atomically(path, text)
        result.files.append(path)
        result.diagnostics += list(personal_data(text, path.as_posix()))
    if done:
        with engine.begin() as connection:
            connection.execute(
                questions.update().where(questions.c.id.in_(done)).values(exported_at=now())
            )
    return result


def draft_text(row: sa.RowMapping, received: dt.date) -> str:
    question = row["text"]
    lines = [
        f"# Câu hỏi số {row['id']} gửi qua cổng thông tin ngày {received.isoformat()}.",
        "# Điền câu trả lời, ngày trả lời, nơi trả lời và ngày đăng; sửa tiêu đề cho gọn.",
        "# Bỏ số điện thoại, số CCCD, địa chỉ riêng nếu người hỏi ghi vào câu hỏi.",
        f"title: {scalar(_title(question))}",
        f"published: {placeholders.DATE}",
        *_block("question", question),
    ]
    if row["consent"] and row["name"]:
        lines.append(f"asker: {scalar(initials(row['name']))}")
    lines += [
        f"received: {received.isoformat()}",
        "channel: cong-thong-tin",
        f"topic: {scalar(row['topic'])}",
        f"answer: {placeholders.TEXT}",
        f"answered: {placeholders.DATE}",
        f"answered_by: {placeholders.TEXT}",
    ]
    return "\n".join(lines) + "\n"


def initials(name: str) -> str:
    """`Nguyễn Văn An` -> `N.V.A.`: what the form promises residents is published of a name."""
    return "".join(f"{word[0].upper()}." for word in name.split() if word[0].isalpha())


def _title(question: str) -> str:
    words = question.split()
    title = " ".join(words[:TITLE_WORDS])
    return title + (" …" if len(words) > TITLE_WORDS else "")


def _block(key: str, value: str) -> list[str]:
    """A literal block (`|`) keeps the resident's line breaks readable in the draft."""
    # Split at line feeds only: splitlines() also splits at NEL and U+2028, which would turn them
    # into line breaks of the block (clean() has made every other break a line feed).
    body = [line.rstrip() for line in value.split("\n")]
    candidate = [f"{key}: |", *(f"  {line}" if line else "" for line in body)]
    try:
        if yaml.safe_load("\n".join(candidate))[key].rstrip("\n") == "\n".join(body):
            return candidate
    except yaml.YAMLError:
        pass
    return [f"{key}: {quoted(value)}"]


def personal_data(text: str, name: str) -> Iterator[Diagnostic]:
    """What the privacy scanner would stop in the draft, said now while staff edit it."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#"):
            continue
        normal = unicodedata.normalize("NFKC", line)
        for pattern, start, end in matches(line):
            yield diagnostic(
                "CK650",
                f"có vẻ là {pattern.name}: “{normal[start:end]}”",
                name,
                Position(number, start + 1),
                hint=pattern.hint,
            )


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def rating_counts(engine: Engine, commune: str) -> dict[str, object]:
    """Per page, how many found it useful and how many did not; pages sorted, no dates, so the
    file changes only when the counts do."""
    useful = sa.func.sum(sa.case((ratings.c.useful, 1), else_=0))
    query = (
        sa.select(ratings.c.page, useful, sa.func.count())
        .where(ratings.c.commune == commune)
        .group_by(ratings.c.page)
        .order_by(ratings.c.page)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return {
        "commune": commune,
        "pages": {
            page: {"useful": int(yes), "not_useful": int(total) - int(yes)}
            for page, yes, total in rows
        },
    }


def write_rating_counts(engine: Engine, commune: str, out: Path) -> int:
    counts = rating_counts(engine, commune)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(counts, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    _write_atomically(out, text)
    pages = counts["pages"]
    assert isinstance(pages, dict)
    return len(pages)


def forget(
    engine: Engine,
    *,
    contact: str | None = None,
    number: int | None = None,
    in_text: bool = False,
) -> list[int]:
    """Erase the name and contact on a person's questions (by contact, or one question); with
    `in_text`, also what looks like personal data in the question itself (their phone number or
    ID number typed into it), and their name and contact wherever the question repeats them.

    A contact is matched as the resident may have typed it either time: a phone number by its
    digits (`0912 345 678`, `0912.345.678`, `+84 912 345 678` are one number), an address
    whatever its letter case."""
    wanted = _contact_key(contact) if contact is not None else None
    with engine.begin() as connection:
        query = sa.select(questions.c.id, questions.c.name, questions.c.contact, questions.c.text)
        query = query.where(
            questions.c.contact.isnot(None) if wanted is not None else questions.c.id == number
        )
        rows = [
            row
            for row in connection.execute(query).mappings()
            if wanted is None or _contact_key(row["contact"]) == wanted
        ]
        ids = []
        for row in rows:
            values: dict[str, object] = {}
            if row["name"] is not None or row["contact"] is not None:
                values.update(name=None, contact=None)
            if in_text:
                erased = _erased(row["text"], [row["name"], row["contact"], contact])
                if erased != row["text"]:
                    values["text"] = erased
            if values:
                ids.append(row["id"])
                connection.execute(
                    questions.update()
                    .where(questions.c.id == row["id"])
                    .values(**values, erased_at=now())
                )
    return ids


def _contact_key(contact: str) -> str:
    """A contact as compared: a phone number's digits with +84 read as 0, an address lowered."""
    text = unicodedata.normalize("NFKC", contact).strip()
    digits = "".join(char for char in text if char.isdigit())
    if "@" not in text and len(digits) >= 6:
        return "0" + digits[2:] if digits.startswith("84") else digits
    return text.casefold()


def _erased(text: str, known: list[str | None]) -> str:
    """The question with the resident's own details and anything that looks like personal data
    replaced by `[đã xoá]`."""
    erased = redact(text)
    for value in filter(None, known):
        erased = erased.replace(value, "[đã xoá]")
    return erased
