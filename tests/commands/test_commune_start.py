"""A commune really starts: a released congkhai, a repository made without a terminal that
installs it and publishes, examples that are never taken for the real thing, CI files the real
platforms accept."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from fixtures import REPO

from generator import __version__
from generator.commands.init import TEMPLATE

# The disclosure types' folders, one example each (test_init checks them against the registry).
TYPES = sorted(p.name for p in (TEMPLATE / "content").iterdir() if p.name != "files")

BIN = Path(sys.executable).parent
IDENTITY = [
    *("--commune", "Xã Tân Hòa", "--province", "Tỉnh Ninh Bình"),
    *("--phone", "0229 3861 245", "--email", "ubnd.tanhoa@ninhbinh.gov.vn"),
    *("--address", "Thôn Một, xã Tân Hòa, tỉnh Ninh Bình"),
]


def congkhai(*args: str, cwd: Path, python_bin: Path = BIN) -> subprocess.CompletedProcess:
    """The command as staff and CI run it: its own process, stdin closed (no terminal)."""
    return subprocess.run(
        [str(python_bin / "congkhai"), *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
    )


def init(target: Path, *extra: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return congkhai("init", str(target), *IDENTITY, *extra, cwd=cwd or target.parent)


def requirement_lines(repo: Path) -> list[str]:
    text = (repo / "requirements.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """`uv build` of this checkout: the wheel and the sdist a release publishes."""
    out = tmp_path_factory.mktemp("dist")
    uv = shutil.which("uv")
    assert uv, "uv builds the release (README)"
    built = subprocess.run(
        [uv, "build", "--offline", "--out-dir", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    return out


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh virtual environment with pip, as the commune's README makes one."""
    path = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=300)
    return path


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """One `congkhai init`, stdin closed, for the read-only tests."""
    target = tmp_path_factory.mktemp("init") / "tan-hoa"
    done = init(target)
    assert done.returncode == 0, done.stderr
    return target


@pytest.fixture
def repo(fresh: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "tan-hoa"
    shutil.copytree(fresh, copy)
    return copy


# --- the release ------------------------------------------------------------------------------


def test_the_release_is_a_versioned_wheel_and_sdist_with_the_changelog(dist):
    wheel = dist / f"congkhai-{__version__}-py3-none-any.whl"
    sdist = dist / f"congkhai-{__version__}.tar.gz"
    assert wheel.is_file() and sdist.is_file()
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"congkhai-{__version__}.dist-info/METADATA").decode()
    # What a commune's build needs travels in the wheel: theme, MkDocs config, init's template.
    for needed in (
        "generator/theme/main.html",
        "generator/mkdocs.yml",
        "generator/commands/project_template/dot-gitlab-ci.yml",
        "generator/commands/project_template/dot-github/workflows/congkhai.yml",
    ):
        assert needed in names
    assert f"Version: {__version__}" in metadata
    # The intake service's server stack is only in the extra.
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    for stack in ("uvicorn", "sqlalchemy", "alembic", "psycopg", "starlette"):
        (line,) = [r for r in requires if r.split()[1].startswith(stack)]
        assert "extra == 'intake'" in line
    with tarfile.open(sdist) as archive:
        changelog = archive.extractfile(f"congkhai-{__version__}/CHANGELOG.md").read().decode()
    assert f"## [{__version__}]" in changelog


@pytest.mark.release
def test_init_without_terminal_then_pip_install_from_dist_then_build(dist, venv, tmp_path):
    """The whole path on a clean machine: init (stdin closed) -> fresh venv -> `pip install -r
    requirements.txt --find-links dist/` (congkhai from the built wheel, its dependencies from the
    package index) -> the new commune builds with what was installed."""
    repo = tmp_path / "tan-hoa"
    made = init(repo)
    assert made.returncode == 0, made.stderr
    assert requirement_lines(repo) == [f"congkhai=={__version__}"]

    installed = subprocess.run(
        [
            *(str(venv / "bin/python"), "-m", "pip", "install", "--quiet"),
            *("--disable-pip-version-check", "-r", "requirements.txt", "--find-links", str(dist)),
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    where = subprocess.run(
        [str(venv / "bin/python"), "-c", "import generator; print(generator.__file__)"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(venv))  # the wheel, not this checkout
    # A commune installs only what builds its portal.
    for stack in ("uvicorn", "sqlalchemy", "alembic", "psycopg", "starlette"):
        probe = subprocess.run([str(venv / "bin/python"), "-c", f"import {stack}"], cwd=repo)
        assert probe.returncode != 0, stack

    built = congkhai("build", cwd=repo, python_bin=venv / "bin")
    assert built.returncode == 0, built.stderr
    home = BeautifulSoup((repo / "site/index.html").read_bytes(), "html.parser")
    assert "Ủy ban nhân dân xã Tân Hòa" in home.select_one(".ck-agency").get_text()
    for folder in TYPES:
        assert (repo / "site" / folder / "index.html").is_file(), folder

    # The province's service is an extra: without it, the command says how to install it.
    intake = congkhai("intake", "serve", cwd=repo, python_bin=venv / "bin")
    assert intake.returncode == 1
    assert 'python -m pip install "congkhai[intake]"' in intake.stderr
    assert "Traceback" not in intake.stderr


# --- `--congkhai-spec` ------------------------------------------------------------------------


def test_a_relative_wheel_path_is_copied_into_the_repo_and_pip_reads_it(dist, venv, tmp_path):
    (tmp_path / "goi").mkdir()
    wheel = next(dist.glob("*.whl"))
    shutil.copy(wheel, tmp_path / "goi" / wheel.name)
    repo = tmp_path / "xa"
    made = init(repo, "--congkhai-spec", f"goi/{wheel.name}", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert requirement_lines(repo) == [f"./wheels/{wheel.name}"]
    assert (repo / "wheels" / wheel.name).read_bytes() == wheel.read_bytes()
    # pip, from the repository's root as CI runs it, finds the wheel the line names.
    resolved = subprocess.run(
        [
            *(str(venv / "bin/python"), "-m", "pip", "install", "--dry-run", "--no-index"),
            "--ignore-installed",
            "--no-deps",
            *("--report", "-", "--quiet", "-r", "requirements.txt"),
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resolved.returncode == 0, resolved.stderr
    (item,) = json.loads(resolved.stdout)["install"]
    assert item["metadata"]["name"] == "congkhai"
    assert item["metadata"]["version"] == __version__


def test_a_province_mirror_pins_this_version_from_it(tmp_path):
    mirror = "https://pypi.ninhbinh.gov.vn/simple/"
    made = init(tmp_path / "xa", "--congkhai-spec", mirror)
    assert made.returncode == 0, made.stderr
    assert requirement_lines(tmp_path / "xa") == [
        f"--index-url {mirror}",
        f"congkhai=={__version__}",
    ]


@pytest.mark.parametrize(
    ("spec", "said"),
    [
        ("dist/congkhai-9.9.9-py3-none-any.whl", 'không có tệp "dist/congkhai-9.9.9'),
        ("congkhai=0.1.0", "không phải dòng cài đặt của pip"),
        ("congkhai @ file:///khong/co/congkhai.whl", "không có /khong/co/congkhai.whl"),
        ("mkdocs==1.6.1", "cài gói mkdocs, không phải congkhai"),
    ],
)
def test_a_spec_that_cannot_resolve_is_refused_in_vietnamese(tmp_path, spec, said):
    made = init(tmp_path / "xa", "--congkhai-spec", spec)
    assert made.returncode == 1
    assert "CK603" in made.stderr and said in made.stderr
    assert "Expected" not in made.stderr  # packaging's English parser message
    assert not (tmp_path / "xa").exists()


# --- without a terminal -----------------------------------------------------------------------


def test_init_with_stdin_closed_and_an_option_missing_says_which(tmp_path):
    done = congkhai(
        "init", "xa", "--commune", "Xã Tân Hòa", "--province", "Tỉnh Ninh Bình", cwd=tmp_path
    )
    assert done.returncode == 2
    assert "Thiếu --phone, --email" in done.stderr
    assert "Aborted" not in done.stderr + done.stdout
    assert list(tmp_path.iterdir()) == []


def test_a_public_provider_email_is_a_warning_and_the_repo_validates(tmp_path):
    args = [a if a != "ubnd.tanhoa@ninhbinh.gov.vn" else "ubnd.tanhoa@gmail.com" for a in IDENTITY]
    done = congkhai("init", "xa", *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "cảnh báo: thư điện tử ubnd.tanhoa@gmail.com là hộp thư công cộng" in done.stderr
    validated = congkhai("validate", cwd=tmp_path / "xa")
    assert validated.returncode == 0, validated.stderr
    assert "CK130" not in validated.stderr  # the office's own address is not personal data


def test_init_writes_the_portal_start_date(fresh):
    site = yaml.safe_load((fresh / "site_config/site.yaml").read_text(encoding="utf-8"))
    made = dt.date.fromtimestamp((fresh / "site_config/site.yaml").stat().st_mtime)
    assert abs((site["compliance_from"] - made).days) <= 1  # Vietnam's day, the file's day


# --- examples ---------------------------------------------------------------------------------


def example_files(repo: Path) -> list[Path]:
    return [
        p
        for p in sorted((repo / "content").rglob("*.yaml"))
        if yaml.safe_load(p.read_text(encoding="utf-8")).get("example") is True
    ]


def compliance_report(repo: Path) -> dict:
    done = congkhai("check", "--format", "json", cwd=repo)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def item_evidence(report: dict) -> list[str]:
    """Evidence that is a content item (not a page congkhai generates from the rules)."""
    urls = {e["url"] for f in report["findings"] for e in f["evidence"]}
    return sorted(url for url in urls if url.split("/")[0] in TYPES)


def test_every_example_is_marked_in_data_not_by_title(fresh):
    examples = example_files(fresh)
    assert len(examples) == len(TYPES)
    for path in examples:
        title = yaml.safe_load(path.read_text(encoding="utf-8"))["title"]
        assert "ví dụ" not in title.lower(), path


def test_check_on_a_fresh_repo_counts_no_example_as_evidence(repo):
    report = compliance_report(repo)
    assert item_evidence(report) == []
    assert report["counts"]["pass"] < 10  # the 20 examples used to pass rules as "đạt"
    # Nothing is reported as due before the portal started (compliance_from: init's day).
    site = yaml.safe_load((repo / "site_config/site.yaml").read_text("utf-8"))
    assert report["checked_since"] == site["compliance_from"].isoformat()
    dues = [f["due"] for f in report["findings"] if f["due"]]
    assert all(due >= report["checked_since"] for due in dues)

    # The same items without the mark are evidence: the mark is what keeps them out.
    for path in example_files(repo):
        text = path.read_text("utf-8").replace("example: true", "example: false")
        path.write_text(text, "utf-8")
    assert "ngan-sach/2025/du-toan/".replace("2025", str(dt.date.today().year - 1)) in (
        item_evidence(compliance_report(repo))
    )


def test_strict_build_refuses_while_examples_remain_and_pages_carry_a_banner(repo):
    strict = congkhai("build", "--strict", cwd=repo)
    assert strict.returncode == 1
    assert "CK260" in strict.stderr and "còn 20 mục ví dụ" in strict.stderr
    assert not (repo / "site").exists()

    built = congkhai("build", cwd=repo)
    assert built.returncode == 0, built.stderr
    assert built.stderr.count("CK260") == 1  # one warning for them all, not twenty
    budget = next((repo / "site/ngan-sach").glob("*/*/index.html"))
    article = BeautifulSoup(budget.read_bytes(), "html.parser").select_one("article")
    banner = article.select_one(".admonition.warning")
    assert banner is not None and "Nội dung ví dụ" in banner.get_text()
    english = BeautifulSoup((repo / "site/en/index.html").read_bytes(), "html.parser")
    assert "Example content" in english.select_one("article").get_text()
    # The budget cycle table does not count the example as published.
    cycle = BeautifulSoup((repo / "site/ngan-sach/index.html").read_bytes(), "html.parser")
    cells = [td.get_text(" ", strip=True) for td in cycle.select(".ck-cycle td")]
    assert "Chưa có ( ví dụ mẫu )" in cells or "Chưa có (ví dụ mẫu)" in cells
    assert not any(re.fullmatch(r"\d\d/\d\d/\d{4}", cell) for cell in cells)

    removed = congkhai("examples", "remove", cwd=repo)
    assert removed.returncode == 0, removed.stderr
    assert example_files(repo) == []
    assert not list((repo / "content/files").rglob("*.pdf"))  # the example's attachment too
    assert "CK260" not in congkhai("build", "--strict", cwd=repo).stderr


def test_the_generated_ci_publishes_nothing_while_examples_remain(repo):
    """The first push of a fresh repository must not put invented items on the public portal:
    both generated pipelines run `congkhai examples check` on the default branch, before the
    portal is handed to Pages, and it fails while any example remains."""
    waiting = congkhai("examples", "check", cwd=repo)
    assert waiting.returncode == 1
    assert "Còn 20 mục ví dụ" in waiting.stderr and "congkhai examples remove" in waiting.stderr
    github = yaml.safe_load((repo / ".github/workflows/congkhai.yml").read_text("utf-8"))
    steps = github["jobs"]["build"]["steps"]
    names = [step.get("run", "") for step in steps]
    check = names.index("congkhai examples check")
    assert names.index("congkhai build") < check
    assert "upload-pages-artifact" in steps[check + 1 :][-1].get("uses", "")
    gitlab = yaml.safe_load((repo / ".gitlab-ci.yml").read_text("utf-8"))
    assert any("congkhai examples check" in line for line in gitlab["build"]["script"])
    assert congkhai("examples", "remove", cwd=repo).returncode == 0
    assert congkhai("examples", "check", cwd=repo).returncode == 0


def test_examples_remove_keeps_an_attachment_a_real_item_uses(repo):
    (notice,) = (repo / "content/van-ban").glob("*.yaml")
    real = notice.with_name("2026-thong-bao-that.yaml")
    real.write_text(notice.read_text("utf-8").replace("example: true\n", ""), encoding="utf-8")
    dry = congkhai("examples", "remove", "--dry-run", cwd=repo)
    assert dry.returncode == 0, dry.stderr
    assert notice.relative_to(repo).as_posix() in dry.stdout
    assert len(example_files(repo)) == len(TYPES)  # a dry run deletes nothing
    assert congkhai("examples", "remove", cwd=repo).returncode == 0
    assert real.is_file() and not notice.exists()
    assert [p.name for p in (repo / "content/files").rglob("*.pdf")] == ["vi-du-thong-bao.pdf"]


# --- CI files the platforms accept ------------------------------------------------------------

# GitLab's own validation (lib/gitlab/ci/config/entry/artifacts.rb, job.rb, cache.rb), which its
# JSON schema does not carry. Ruby's \w is ASCII; \z is Python's \Z.
EXPOSE_AS = re.compile(r"\A\w[-\w ]*\Z", re.ASCII)
ARTIFACTS_WHEN = {"on_success", "on_failure", "always"}
RESERVED = {
    "image", "services", "stages", "before_script", "after_script", "variables", "cache",
    "include", "workflow", "default", "pages:deploy",
}  # fmt: skip


def gitlab_problems(ci: dict) -> list[str]:
    problems = []
    stages = ci.get("stages", ["build", "test", "deploy"])
    for name, job in ci.items():
        if name in RESERVED or not isinstance(job, dict) or "script" not in job:
            continue
        if len(name) > 255:
            problems.append(f"{name}: job name longer than 255")
        if job.get("stage", "test") not in stages:
            problems.append(f"{name}: stage {job.get('stage')} not in stages")
        artifacts = job.get("artifacts") or {}
        if "expose_as" in artifacts:
            label = artifacts["expose_as"]
            if not isinstance(label, str) or not EXPOSE_AS.match(label) or len(label) > 100:
                problems.append(f"{name}: expose_as {label!r}")
            paths = artifacts.get("paths") or []
            if not paths or any("*" in p for p in paths):
                problems.append(f"{name}: expose_as needs paths without '*'")
        if artifacts.get("when", "on_success") not in ARTIFACTS_WHEN:
            problems.append(f"{name}: artifacts:when")
    cache = (ci.get("default") or {}).get("cache") or {}
    key = cache.get("key")
    if isinstance(key, str) and ("/" in key or key in {".", ".."}):
        problems.append(f"cache key {key!r}")
    if isinstance(key, dict) and len(key.get("files", [])) > 2:
        problems.append("cache:key:files takes at most two files")
    return problems


def test_generated_gitlab_ci_satisfies_gitlab_rules_the_schema_does_not_check(fresh):
    ci = yaml.safe_load((fresh / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert any(
        "expose_as" in (job.get("artifacts") or {}) for job in ci.values() if isinstance(job, dict)
    )
    assert gitlab_problems(ci) == []
    # The rule bites: the label the template had before is refused.
    ci["compliance"]["artifacts"]["expose_as"] = "Mức độ công khai"
    assert gitlab_problems(ci) == ["compliance: expose_as 'Mức độ công khai'"]


def test_github_daily_rebuild_is_kept_enabled_past_sixty_days(fresh):
    workflow = yaml.safe_load((fresh / ".github/workflows/congkhai.yml").read_text("utf-8"))
    keepalive = workflow["jobs"]["keepalive"]
    assert keepalive["if"] == "github.event_name == 'schedule'"
    assert keepalive["permissions"] == {"actions": "write"}
    (step,) = keepalive["steps"]
    assert "actions/workflows/congkhai.yml/enable" in step["run"]
    assert "--method PUT" in step["run"]
    readme = (fresh / "README.md").read_text(encoding="utf-8")
    assert "sau 60 ngày" in readme and "gh workflow run congkhai.yml" in readme


def test_the_release_workflow_passes_actionlint_and_the_schema():
    workflow = REPO / ".github/workflows/release.yml"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    lint = subprocess.run(
        [str(BIN / "actionlint"), "-no-color", str(workflow)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    schema = subprocess.run(
        [
            str(BIN / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            str(workflow),
        ],
        capture_output=True,
        text=True,
    )
    assert schema.returncode == 0, schema.stdout + schema.stderr
    jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
    assert jobs["pypi"]["permissions"] == {"id-token": "write"}  # trusted publishing, no token
    assert any(
        s.get("uses", "").startswith("pypa/gh-action-pypi-publish") for s in jobs["pypi"]["steps"]
    )
    assert "gh release create" in jobs["github-release"]["steps"][-1]["run"]


# --- the README's two commands on a stock Debian 12 / Ubuntu 24.04 python3 -------------------


def readme_commands() -> tuple[str, str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Hai lệnh.*?```sh\n(.*?)```", text, re.DOTALL)[1]
    build, test = [line for line in block.splitlines() if line and not line.startswith("#")]
    return build, test


def test_ci_runs_exactly_the_readme_test_command_after_installing_python3_venv():
    build, test = readme_commands()
    assert build.endswith("uv run congkhai build") and test.endswith("uv run pytest")
    # (a) and (b) set up the same way; only the last step differs.
    assert build.rsplit(" && ", 1)[0] == test.rsplit(" && ", 1)[0]
    script = (REPO / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert script[-1] == test
    (apt,) = [line for line in script if "apt-get install" in line]
    (packages,) = [line for line in script if line.startswith("packages=")]
    assert "$packages" in apt.split()
    assert "python3-venv" in packages.removeprefix("packages=").strip('"').split()


SYSTEM_PYTHON = Path("/usr/bin/python3")


def _externally_managed() -> bool:
    if not SYSTEM_PYTHON.exists():
        return False
    stdlib = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return (Path(stdlib) / "EXTERNALLY-MANAGED").is_file()


@pytest.mark.release
@pytest.mark.skipif(
    not _externally_managed(), reason="no externally-managed system python3 (PEP 668) here"
)
def test_readme_setup_installs_uv_on_an_externally_managed_python(tmp_path):
    """Debian's own python3, as on a stock Debian 12: pip refuses to install into it (the old
    README's first step), and the README's setup, up to uv, works."""
    env = {
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        # The machine's trust store and index settings, as a user's shell has them.
        **{k: v for k, v in os.environ.items() if k.startswith(("SSL_", "PIP_", "REQUESTS_"))},
    }
    refused = subprocess.run(
        ["bash", "-c", "python3 -m pip install --quiet uv==0.13.8"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert refused.returncode != 0
    assert "externally-managed-environment" in refused.stderr

    build, _ = readme_commands()
    setup = build.split(" && uv sync")[0].split(" && .venv-tools/bin/uv sync")[0]
    done = subprocess.run(
        ["bash", "-c", f"{setup} && .venv-tools/bin/uv --version"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("uv 0.13.8")
