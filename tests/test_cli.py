"""The command line: exit codes, --strict, and what check and build print and write."""

from __future__ import annotations

import io
import sys

import pytest

from conftest import document, run_cli

WARNING_ONLY = {"a/x.md": document(date="2999-01-01")}


@pytest.mark.parametrize("command", ["check", "build"])
def test_warnings_alone_exit_0(make_site, command: str) -> None:
    built = make_site(WARNING_ONLY, command=command)
    assert built.code == 0
    assert built.lines() == ["content/a/x.md:4: warning: date 2999-01-01 is in the future; check the year"]


@pytest.mark.parametrize("command", ["check", "build"])
def test_strict_turns_warnings_into_errors(make_site, command: str) -> None:
    built = make_site(WARNING_ONLY, command=command, args=["--strict"])
    assert built.code == 1
    assert built.lines() == ["content/a/x.md:4: error: date 2999-01-01 is in the future; check the year"]
    assert not built.site.exists()


def test_strict_passes_clean_content(make_site) -> None:
    built = make_site({"a/x.md": document()}, args=["--strict"])
    assert built.code == 0, built.stderr
    assert built.lines() == []


def test_check_validates_everything_and_writes_nothing(make_site) -> None:
    built = make_site({"a/x.md": document()}, command="check")
    assert built.code == 0
    assert sorted(p.name for p in built.root.iterdir()) == ["content"]


def test_build_logs_its_steps_and_a_summary(make_site) -> None:
    built = make_site({"a/x.md": document()})
    assert built.code == 0
    steps = [line.split()[0] for line in built.stderr.splitlines()]
    assert steps[:5] == ["load", "rules", "parse", "early", "validate"]
    assert "publish" in steps
    assert built.stderr.splitlines()[-1].startswith("1 documents, ")


def test_quiet_prints_only_problems(make_site) -> None:
    built = make_site(WARNING_ONLY, args=["-q"])
    assert built.stderr.splitlines() == built.lines()


def test_build_is_the_default_command(make_site) -> None:
    built = make_site({"a/x.md": document()}, command="check")
    code, stderr = run_cli(["--content", "content", "--output", "site"], built.root)
    assert code == 0, stderr
    assert (built.root / "site" / "index.html").is_file()


@pytest.mark.parametrize("argv", [
    ["check", "--no-such-option"],
    ["build", "--today", "3-4-2017"],
    ["frobnicate"],
])
def test_wrong_command_line_exits_2(tmp_path, argv: list[str]) -> None:
    code, stderr = run_cli(argv, tmp_path)
    assert code == 2
    assert "Traceback" not in stderr


def test_missing_content_folder_is_one_line(tmp_path) -> None:
    code, stderr = run_cli(["check", "--content", "geen-map"], tmp_path)
    assert code == 1
    assert "error: content directory 'geen-map' does not exist; create it, or pass --content DIR" in stderr
    assert "Traceback" not in stderr


def test_pre_commit_hook_runs_check() -> None:
    import shlex
    import tomllib

    import yaml

    from adviesarchief.cli import make_parser
    from conftest import ROOT

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = next(h for h in hooks if h["id"] == "adviesarchief-check")
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    program, *args = shlex.split(hook["entry"])
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert scripts[program] == "adviesarchief.cli:run"
    assert make_parser().parse_args(args + ["--content", "brieven"]).command == "check"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal, ci, drawn", [(True, "", True), (True, "1", False), (False, "", False)],
                         ids=["terminal", "ci", "piped"])
def test_progress_bar_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch, terminal: bool, ci: str,
                                                     drawn: bool) -> None:
    from adviesarchief import cli

    screen = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setenv("CI", ci)
    cli.configure_logging(quiet=False)
    with cli.make_progress()("render", 3) as advance:
        advance(3)
    # tqdm waits 2 s before it draws (delay=2): a bar appears only for long steps.
    assert (cli.make_progress() is not cli.no_progress) == drawn
    if not drawn:
        assert screen.getvalue() == "", "a progress bar was written where nobody sees it"


@pytest.mark.parametrize("program", ["build.py", "-m adviesarchief"])
@pytest.mark.parametrize(("files", "code", "last_line"), [
    ({"a/x.md": document()}, 0, "1 documents, "),
    ({"a/x.md": document(type="brief")}, 1, "1 error(s): nothing was written; the previous site is unchanged."),
], ids=["built", "content-error"])
def test_the_program_exits_with_the_build_s_code_after_saying_everything(tmp_path, files, code: int,
                                                                         last_line: str, program: str) -> None:
    # The program leaves through os._exit (cli.run: the heap is not freed object by object): the
    # exit code and every line must still come out.
    import subprocess

    from conftest import ROOT, TOPICS_YAML

    content = tmp_path / "content"
    for name, text in {"topics.yaml": TOPICS_YAML, **files}.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, "utf-8")
    command = [str(ROOT / "build.py")] if program == "build.py" else ["-m", "adviesarchief"]
    done = subprocess.run([sys.executable, *command, "build", "--content", str(content),
                           "--output", str(tmp_path / "site")], capture_output=True, text=True, timeout=300,
                          cwd=ROOT)
    assert done.returncode == code, done.stderr
    assert done.stderr.splitlines()[-1].startswith(last_line), done.stderr


def test_missing_templates_are_named_as_missing_templates(make_site, tmp_path) -> None:
    from adviesarchief.config import Config
    from adviesarchief.errors import ArchiveError
    from adviesarchief.load import read_templates

    with pytest.raises(ArchiveError, match="the templates are missing") as raised:
        read_templates(Config(templates_dir=tmp_path / "nergens"))
    assert "install adviesarchief again" in raised.value.hint
    assert "disk space" not in str(raised.value)
