"""`congkhai editor`: the web form clerks publish from, generated from the disclosure models.

The form is Decap CMS (npm `decap-cms`, MIT), a git-based editor: a page of the portal
(/quan-tri/) that shows one form per disclosure type, writes one YAML file per item into the
type's folder and commits it (or opens a merge request, whose CI validates it as it validates any
commit). congkhai's model does not change: this module turns each pydantic model into a Decap
collection, so the form asks exactly for what `congkhai validate` accepts.

What the repository keeps is `quan-tri/config.yml` only; the build publishes it beside the admin
page and the pinned CMS bundle (publish/editor.py), so the portal serves the editor from its own
domain and the resident-facing pages never load it.
"""

from __future__ import annotations

import inspect
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from generator.diagnostics import Diagnostic, diagnostic
from generator.project import Project
from generator.publish.editor import EDITOR_DIR
from generator.types import TYPES, DisclosureType
from generator.types.common import Disclosure
from generator.vn import phone

FILES_FOLDER = "content/files"

DATE_FORMAT = "YYYY-MM-DD"
"""What the date picker writes: an ISO date, which congkhai's YAML loader reads as a date."""

IMPORTED: dict[str, str] = {
    "BudgetTable": (
        "Bảng thu, chi nhập từ Excel bằng lệnh `congkhai import ngan-sach TỆP.xlsx` (máy của "
        "cán bộ) rồi commit; biểu mẫu này không sửa bảng số liệu, các dòng đã có được giữ nguyên."
    ),
}
"""Models too deep for a web form (budget tables: nested lines of figures), by $defs name: the
form leaves them out, says where they come from, and keeps what the file already holds (Decap
writes back fields its form does not show)."""

IMPORT_NOTES: dict[str, str] = {
    "ngan-sach": IMPORTED["BudgetTable"],
    "ho-ngheo": (
        "Danh sách dài: nhập từ Excel bằng lệnh `congkhai import ho-ngheo TỆP.xlsx`; "
        "danh sách ngắn có thể thêm từng hộ ngay trong biểu mẫu."
    ),
}

NOT_IN_FORM = {"example"}
"""Fields clerks never set: `example` marks the items `congkhai init` wrote (removed with
`congkhai examples remove`). Left out of the form, kept in a file that has them."""

LONG_TEXT = {
    "question", "answer", "content", "result", "description", "note", "summary",
    "criteria", "beneficiaries", "review_process", "results", "results_report", "findings",
    "measures", "functions", "functions_en", "duties", "bio", "accepted", "explanation",
    "opinions_summary", "how_to_comment", "purpose", "revenue_use", "donations_use",
    "procedure", "selection_method", "scope", "applies_to", "where_to_pay", "exemptions",
}  # fmt: skip
"""Fields (by name, in any type) whose text runs to several sentences: a text area rather than
one line. The models say only "text"; these names are the ones written as paragraphs in the
example content."""

PATTERN_MESSAGES = {
    phone.SCHEMA_PATTERN: f"Ghi số điện thoại đầy đủ cả mã vùng, ví dụ {phone.EXAMPLE}.",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "Chỉ chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ "
    "den-duong-thon-dong.",
}


@dataclass(frozen=True)
class Backend:
    """Where the editor commits: the commune's repository on GitLab or GitHub."""

    name: str = "gitlab"
    """`gitlab` or `github`."""
    repo: str = "TEN-NHOM/TEN-KHO"
    """`namespace/project` on GitLab, `owner/name` on GitHub."""
    branch: str = "main"
    app_id: str | None = None
    """GitLab: the Application ID of the OAuth application (PKCE, no secret)."""
    base_url: str | None = None
    """GitLab: the instance (`https://gitlab.com`, or the province's own); GitHub: the OAuth
    endpoint's host that signs clerks in (Decap cannot sign in to GitHub without one)."""

    def config(self) -> dict[str, Any]:
        backend: dict[str, Any] = {"name": self.name, "repo": self.repo, "branch": self.branch}
        if self.name == "gitlab":
            base = (self.base_url or "https://gitlab.com").rstrip("/")
            backend.update(
                auth_type="pkce",
                app_id=self.app_id or "MA-UNG-DUNG-GITLAB",
                base_url=base,
                auth_endpoint="oauth/authorize",
                api_root=f"{base}/api/v4",
            )
        elif self.base_url:
            backend.update(base_url=self.base_url.rstrip("/"), auth_endpoint="auth")
        return backend


def field_label(description: str | None, name: str) -> str:
    """A short Vietnamese label from a field docstring: its first clause."""
    if not description:
        return name
    first = re.split(r"\.(?:\s|$)|:\s|;|\s\(|, ví dụ|, không|, nếu", description, maxsplit=1)[0]
    first = first.strip().rstrip(".")
    if len(first) > 60 and "," in first:
        first = first.split(",", 1)[0]
    return first or name


def _option_titles(model: type[BaseModel], values: list[str]) -> dict[str, str]:
    """Vietnamese titles of a choice's values, from the dict the type module shows them with
    (`CHANNELS`, `PHASE_TITLES`...), when there is one covering every value."""
    for module_name in (model.__module__, "generator.types.common"):
        module = sys.modules.get(module_name)
        for value in vars(module).values() if module else ():
            if (
                isinstance(value, dict)
                and value
                and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
                and set(values) <= set(value)
            ):
                return {v: value[v] for v in values}
    return {}


def _optional_inside(group: dict[str, Any]) -> None:
    for inner in group.get("fields", []):
        inner["required"] = False
        if inner.get("widget") == "object":
            _optional_inside(inner)


class _Fields:
    """Walks one model's JSON Schema into Decap fields."""

    def __init__(self, model: type[BaseModel], schema: dict[str, Any]) -> None:
        self.model = model
        self.defs: dict[str, Any] = schema.get("$defs", {})

    def of_object(self, schema: dict[str, Any], stack: tuple[str, ...]) -> list[dict[str, Any]]:
        required = set(schema.get("required", []))
        fields = []
        for name, prop in schema.get("properties", {}).items():
            field = self.field(name, prop, name in required, stack)
            if field is not None:
                fields.append(field)
        return fields

    def resolve(self, schema: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
        ref = schema.get("$ref")
        if ref is None:
            return schema, None
        name = ref.rsplit("/", 1)[-1]
        return self.defs[name], name

    def field(
        self, name: str, prop: dict[str, Any], required: bool, stack: tuple[str, ...]
    ) -> dict[str, Any] | None:
        if name in NOT_IN_FORM:
            return None
        description = prop.get("description")
        if description:
            description = " ".join(description.split())
        inner = prop
        if "anyOf" in prop:
            choices = [s for s in prop["anyOf"] if s.get("type") != "null"]
            if len(choices) != 1:
                return None  # no Decap widget holds a union; the file keeps what it has
            inner = choices[0]
        inner, ref = self.resolve(inner)
        if ref in IMPORTED or (ref is not None and ref in stack):
            return None
        description = description or " ".join(inner.get("description", "").split()) or None
        field: dict[str, Any] = {"label": field_label(description, name), "name": name}
        if description:
            field["hint"] = description
        field["required"] = required
        widget = self.widget(name, inner, ref, stack)
        if widget is None:
            return None
        field.update(widget)
        if field.get("widget") == "object" and not required:
            # Decap checks an optional group's required fields even when the clerk left the
            # whole group empty, and then refuses to save; congkhai validate (and CI) still
            # reports a group begun but left half filled, at its line.
            _optional_inside(field)
        if "field" in field:
            # A list of plain values: each value is asked for under the list's own label.
            field["field"]["label"] = field["label"]
        default = prop.get("default")
        if default not in (None, [], {}) and "default" not in field:
            field["default"] = default
        if field.get("widget") == "datetime" and not required:
            # Decap fills an empty date with today; an optional date must stay empty.
            field["default"] = ""
        return field

    def widget(
        self, name: str, schema: dict[str, Any], ref: str | None, stack: tuple[str, ...]
    ) -> dict[str, Any] | None:
        kind = schema.get("type")
        if "enum" in schema or "const" in schema:
            values = schema.get("enum") or [schema["const"]]
            titles = _option_titles(self.model, values)
            options = [
                {"label": f"{titles[v]} ({v})", "value": v} if v in titles else v for v in values
            ]
            return {"widget": "select", "options": options}
        if kind == "object":
            nested = self.of_object(schema, (*stack, ref or name))
            return {"widget": "object", "collapsed": False, "fields": nested} if nested else None
        if kind == "array":
            return self.list_widget(name, schema, stack)
        if kind == "boolean":
            return {"widget": "boolean"}
        if kind in ("integer", "number"):
            widget: dict[str, Any] = {
                "widget": "number",
                "value_type": "int" if kind == "integer" else "float",
            }
            for key, target in (("minimum", "min"), ("maximum", "max")):
                if key in schema:
                    widget[target] = schema[key]
            return widget
        if kind == "string":
            return self.string_widget(name, schema)
        return None

    def string_widget(self, name: str, schema: dict[str, Any]) -> dict[str, Any]:
        if schema.get("format") == "date":
            return {
                "widget": "datetime",
                "format": DATE_FORMAT,
                "date_format": "DD/MM/YYYY",
                "time_format": False,
                "picker_utc": True,
            }
        description = schema.get("description", "")
        if name == "file":
            is_image = "ảnh" in description
            return {"widget": "image" if is_image else "file", "choose_url": False}
        if "Markdown" in description or name == "body":
            return {"widget": "markdown", "modes": ["rich_text", "raw"]}
        widget: dict[str, Any] = {"widget": "text" if name in LONG_TEXT else "string"}
        pattern = schema.get("pattern")
        if pattern:
            widget["pattern"] = [pattern, PATTERN_MESSAGES.get(pattern, "Không đúng dạng.")]
        elif schema.get("minLength", 0) > 1:
            least = schema["minLength"]
            widget["pattern"] = [f"^[\\s\\S]{{{least},}}$", f"Ghi ít nhất {least} ký tự."]
        if schema.get("format") == "uri":
            widget["pattern"] = ["^https?://", "Ghi địa chỉ đầy đủ, bắt đầu bằng https://"]
        return widget

    def list_widget(
        self, name: str, schema: dict[str, Any], stack: tuple[str, ...]
    ) -> dict[str, Any] | None:
        items, ref = self.resolve(schema.get("items", {}))
        if ref in IMPORTED or (ref is not None and ref in stack):
            return None
        widget: dict[str, Any] = {"widget": "list", "collapsed": True}
        if "minItems" in schema:
            widget["min"] = schema["minItems"]
        if "maxItems" in schema:
            widget["max"] = schema["maxItems"]
        if items.get("type") == "object":
            fields = self.of_object(items, (*stack, ref or name))
            if not fields:
                return None
            widget["fields"] = fields
            if "title" in {f["name"] for f in fields}:
                widget["summary"] = "{{fields.title}}"
            return widget
        if "enum" in items:
            select = self.widget(name, items, ref, stack)
            assert select is not None
            bounds = {k: v for k, v in widget.items() if k in ("min", "max")}
            return {**select, "multiple": True, **bounds}
        single = self.widget(name, items, ref, stack)
        if single is None:
            return None
        widget["field"] = {"label": field_label(items.get("description"), name), "name": "muc"}
        widget["field"].update(single)
        return widget


FIRST = ("title", "published")
"""Shown before the type's own fields; the other common fields (summary, attachments, update,
withdrawal...) come after them, where the form is read last."""


def _in_form_order(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    common = set(Disclosure.model_fields)
    rank = {name: index for index, name in enumerate(FIRST)}
    return sorted(
        fields,
        key=lambda f: (rank.get(f["name"], len(FIRST) + (f["name"] in common)),),
    )


def period_field(model: type[Disclosure]) -> str:
    """The field whose year files an item (`period_year`): `received` for a question, `year`
    for a budget... read from the method itself, so a type that changes it changes the form."""
    found = re.search(r"return self\.(\w+)", inspect.getsource(model.period_year))
    return found.group(1) if found else "published"


def year_template(kind: DisclosureType, fields: list[dict[str, Any]]) -> str:
    """The year part of a new file's name, `<year>-<slug>.yaml`, taken from the same field
    congkhai files the item by, so that the name's year and the page's year agree."""
    name = period_field(kind.model)
    widget = next((f.get("widget") for f in fields if f["name"] == name), None)
    if widget == "datetime":
        return f"{{{{fields.{name} | date('YYYY')}}}}"
    if widget == "number":
        return f"{{{{fields.{name}}}}}"
    return "{{year}}"


def collection(kind: DisclosureType) -> dict[str, Any]:
    """The Decap collection of one disclosure type: its folder, file naming and form."""
    schema = kind.model.model_json_schema()
    fields = _Fields(kind.model, schema).of_object(schema, (kind.model.__name__,))
    fields = _in_form_order(fields)
    slug = "{{slug}}" if kind.yearless else f"{year_template(kind, fields)}-{{{{slug}}}}"
    description = kind.description
    if kind.folder in IMPORT_NOTES:
        description = f"{description} {IMPORT_NOTES[kind.folder]}"
    return {
        "name": kind.folder,
        "label": kind.title,
        "label_singular": kind.title,
        "description": description,
        "folder": f"content/{kind.folder}",
        "create": True,
        "format": "yaml",
        "extension": "yaml",
        "slug": slug,
        "identifier_field": "title",
        "summary": "{{title}}",
        "media_folder": f"/{FILES_FOLDER}/{kind.folder}",
        "public_folder": kind.folder,
        "fields": fields,
    }


def editor_config(backend: Backend, *, site_url: str | None = None) -> dict[str, Any]:
    """The whole Decap configuration: backend, Vietnamese interface, one collection per type."""
    config: dict[str, Any] = {
        "backend": backend.config(),
        "publish_mode": "editorial_workflow",
        # Only on the clerk's own machine, with `npx decap-server` running beside the repository.
        "local_backend": True,
        "locale": "vi",
        "media_folder": FILES_FOLDER,
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
    }
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    config["collections"] = [collection(kind) for kind in TYPES.values()]
    return config


HEADER = """\
# Cấu hình trang soạn thảo /{editor}/ (Decap CMS), tạo từ mô hình dữ liệu của congkhai.
# Đừng sửa các biểu mẫu ở đây: chạy lại `congkhai editor` sau khi nâng cấp congkhai.
# Chỉ sửa khối `backend` (nơi lưu kho và cách đăng nhập): xem README.md, mục "Soạn trên web".
"""


def config_text(config: dict[str, Any]) -> str:
    body = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)
    return HEADER.format(editor=EDITOR_DIR) + body


@dataclass
class EditorResult:
    files: list[str]
    diagnostics: list[Diagnostic]


REPO_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$")


def read_backend(path: Path) -> Backend | None:
    """The backend a config.yml already holds (what the commune filled in), if readable."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        backend = data["backend"]
        base = backend.get("base_url")
        return Backend(
            name=str(backend["name"]),
            repo=str(backend["repo"]),
            branch=str(backend.get("branch", "main")),
            app_id=backend.get("app_id"),
            base_url=base,
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return None


def site_url_of(project: Project) -> str | None:
    """The portal's address from site_config/site.yaml, for the editor's "view live" links."""
    try:
        data = yaml.safe_load(project.site_config_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    url = data.get("site_url") if isinstance(data, dict) else None
    return str(url) if url else None


def write_editor(
    root: Path, backend: Backend | None = None, *, site_url: str | None = None
) -> EditorResult:
    """Write quan-tri/config.yml into the repository at `root`.

    `backend`: None keeps what an existing config.yml holds (so re-running after an upgrade
    refreshes the forms and nothing else); a new config gets the GitLab placeholders.
    """
    project = Project(root)
    target = project.editor_config_file
    shown = project.display(target)
    if backend is None:
        backend = (read_backend(target) if target.is_file() else None) or Backend()
    if backend.name not in ("gitlab", "github") or not REPO_PATTERN.match(backend.repo):
        problem = diagnostic(
            "CK604",
            f'kho "{backend.repo}" trên "{backend.name}" không đúng dạng',
            shown,
            field="backend",
        )
        return EditorResult([], [problem])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(config_text(editor_config(backend, site_url=site_url)), encoding="utf-8")
    return EditorResult([shown], [])
