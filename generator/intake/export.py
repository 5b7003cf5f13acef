"""Staff side: new questions become hoi-dap drafts; ratings become counts the build shows.

A draft carries what the resident sent (question, topic, received date, channel cong-thong-tin)
and blanks for what staff must write (answer, its date, who answers, the publishing date), so
`congkhai validate` refuses it until it is answered (CK150). Contact details never go into the
YAML: a repository is public, and replying is done from the service's data. A name goes in only
when the resident consented, as initials. Personal data the resident typed into the question
(their name, phone, ID number...) is replaced by `[đã xoá]` in the draft's question and title,
which a comment in the draft and a CK650 warning say; the service keeps the question as sent.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Engine

from generator.commands.yaml_out import quoted, scalar
from generator.diagnostics import Diagnostic, Position, diagnostic
from generator.intake.erasure import CONTACT, MARK, NAME, Erased, erase, summary
from generator.intake.store import now, questions, ratings
from generator.load import placeholders
from generator.validate.privacy import matches

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
        erased = erase(row["text"], [row["name"]], [row["contact"]])
        question = erased.text if erased.changed else row["text"]
        text = draft_text({**row, "text": question}, received, erased.removed)
        _write_atomically(path, text)
        result.files.append(path)
        result.diagnostics += list(_removed_from_draft(text, erased, path.as_posix()))
        result.diagnostics += list(personal_data(text, path.as_posix()))
    if done:
        with engine.begin() as connection:
            connection.execute(
                questions.update().where(questions.c.id.in_(done)).values(exported_at=now())
            )
    return result


def draft_text(row: Mapping[str, Any], received: dt.date, removed: tuple[str, ...] = ()) -> str:
    """The draft of a question whose text (`row["text"]`) is already as it may be published;
    `removed` says what was taken out of it."""
    question = row["text"]
    lines = [
        f"# Câu hỏi số {row['id']} gửi qua cổng thông tin ngày {received.isoformat()}.",
        "# Điền câu trả lời, ngày trả lời, nơi trả lời và ngày đăng; sửa tiêu đề cho gọn.",
        "# Bỏ số điện thoại, số CCCD, địa chỉ riêng nếu người hỏi ghi vào câu hỏi.",
    ]
    if removed:
        where = "câu hỏi và tiêu đề" if MARK in _title(question) else "câu hỏi"
        lines += [
            f"# Đã thay bằng {MARK} trong {where}: {summary(removed)}.",
            "# Câu hỏi gốc vẫn lưu ở dịch vụ tiếp nhận; không chép lại các thông tin này vào đây.",
        ]
    lines += [
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


def _removed_from_draft(text: str, erased: Erased, name: str) -> Iterator[Diagnostic]:
    """A CK650 warning on each field of the draft that lost something, naming what: the clerk
    reads the question knowing a part of it is missing."""
    if not erased.changed:
        return
    for number, line in enumerate(text.splitlines(), start=1):
        field_name = line.split(":", 1)[0]
        if field_name in ("title", "question") and (MARK in line or field_name == "question"):
            yield diagnostic(
                "CK650",
                f"đã thay bằng {MARK} trước khi ghi bản nháp: {summary(erased.removed)}",
                name,
                Position(number, 1),
                field=field_name,
                hint=(
                    "Người hỏi đã ghi thông tin cá nhân vào câu hỏi; bản nháp không chép lại. "
                    "Sửa câu cho dễ đọc mà không ghi lại thông tin đó; địa chỉ nhà, bệnh tật, tên "
                    "người thân không được nhận ra tự động, hãy đọc lại."
                ),
            )


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


@dataclass
class Forgotten:
    """What `forget` erased: per question, what was removed; per rating comment, the same."""

    questions: dict[int, list[str]] = field(default_factory=dict)
    exported: list[int] = field(default_factory=list)
    """Questions already written as drafts: the draft may need the same change by hand."""
    ratings: dict[int, tuple[str, list[str]]] = field(default_factory=dict)
    """Rating number -> (its page, what was removed from its comment)."""

    def __bool__(self) -> bool:
        return bool(self.questions or self.ratings)


STORED = "họ tên và cách liên hệ đã lưu"


def forget(
    engine: Engine,
    *,
    contact: str | None = None,
    number: int | None = None,
    in_text: bool = False,
) -> Forgotten:
    """Erase the name and contact on a person's questions (by contact, or one question). With
    `in_text`, also in the texts they wrote: their name and contact however typed again, and
    everything else that looks like personal data (`erasure.erase`), in their questions, in any
    other question that repeats their contact, and in any rating comment that repeats their
    name or contact (ratings are anonymous: only what the comment holds ties it to them).

    A contact is matched as the resident may have typed it either time: a phone number by its
    digits (`0912 345 678`, `0912.345.678`, `+84 912 345 678` are one number), an address
    whatever its letter case."""
    wanted = _contact_key(contact) if contact is not None else None
    result = Forgotten()
    with engine.begin() as connection:
        query = sa.select(
            questions.c.id,
            questions.c.name,
            questions.c.contact,
            questions.c.text,
            questions.c.exported_at,
        )
        if not in_text or wanted is None:
            query = query.where(
                questions.c.contact.isnot(None) if wanted is not None else questions.c.id == number
            )
        rows = connection.execute(query.order_by(questions.c.id)).mappings().all()
        own = [row for row in rows if _theirs(row, wanted, number)]
        own_ids = {row["id"] for row in own}
        names = [row["name"] for row in own]
        contacts = [contact, *(row["contact"] for row in own)]
        for row in rows:
            values: dict[str, object] = {}
            removed: list[str] = []
            if row["id"] in own_ids and (row["name"] is not None or row["contact"] is not None):
                values.update(name=None, contact=None)
                removed.append(STORED)
            if in_text:
                erased = erase(row["text"], names, contacts)
                # Another resident's question is changed only if it repeats this person's
                # contact: a name alone may be someone else's.
                if erased.changed and (row["id"] in own_ids or CONTACT in erased.removed):
                    values["text"] = erased.text
                    removed += erased.removed
            if values:
                result.questions[row["id"]] = removed
                if row["exported_at"] is not None:
                    result.exported.append(row["id"])
                connection.execute(
                    questions.update()
                    .where(questions.c.id == row["id"])
                    .values(**values, erased_at=now())
                )
        if in_text:
            _forget_in_comments(connection, names, contacts, result)
    return result


def _theirs(row: Mapping[str, Any], wanted: str | None, number: int | None) -> bool:
    if wanted is None:
        return row["id"] == number
    return row["contact"] is not None and _contact_key(row["contact"]) == wanted


def _forget_in_comments(
    connection: sa.Connection,
    names: list[str | None],
    contacts: list[str | None],
    result: Forgotten,
) -> None:
    """Erase personal data in each rating comment that holds the person's name or contact."""
    query = sa.select(ratings.c.id, ratings.c.page, ratings.c.comment).where(
        ratings.c.comment.isnot(None)
    )
    for row in connection.execute(query.order_by(ratings.c.id)).mappings().all():
        erased = erase(row["comment"], names, contacts)
        if NAME in erased.removed or CONTACT in erased.removed:
            connection.execute(
                ratings.update().where(ratings.c.id == row["id"]).values(comment=erased.text)
            )
            result.ratings[row["id"]] = (row["page"], list(erased.removed))


def _contact_key(contact: str) -> str:
    """A contact as compared: a phone number's digits with +84 read as 0, an address lowered."""
    text = unicodedata.normalize("NFKC", contact).strip()
    digits = "".join(char for char in text if char.isdigit())
    if "@" not in text and len(digits) >= 6:
        return "0" + digits[2:] if digits.startswith("84") else digits
    return text.casefold()
