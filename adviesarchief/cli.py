"""The command line: build, check and serve. Only this module prints."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import threading
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Iterator, NoReturn, Sequence

from .config import Config, Tuning
from .errors import ArchiveError, errors_only
from .pipeline import Progress, build, check, no_progress

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's code for Ctrl-C


def parse_day(text: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2017-04-03") from exc


def port_number(text: str) -> int:
    """argparse type for a TCP port: 1 to 65535 (0: any free port)."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port: choose a number from 1 to 65535, like 8000")
    return port


def make_parser() -> argparse.ArgumentParser:
    """Describe the commands of the contract."""
    parser = argparse.ArgumentParser(
        prog="build.py", description="Publish the advisory-council archive as a static website.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def content_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                         help="the content folder (default: content)")
        sub.add_argument("--strict", action="store_true", help="treat warnings as errors")
        sub.add_argument("--today", type=parse_day, metavar="YYYY-MM-DD",
                         help="reference date for waiting times (default: site.yaml, else SOURCE_DATE_EPOCH, else the build date)")
        sub.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    build_cmd = commands.add_parser("build", help="content/ -> site/ (the default)")
    content_options(build_cmd)
    build_cmd.add_argument("--output", type=Path, default=Path("site"), metavar="DIR",
                           help="the output folder (default: site)")
    check_cmd = commands.add_parser("check", help="validate only, write nothing")
    content_options(check_cmd)
    serve_cmd = commands.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on change")
    content_options(serve_cmd)
    serve_cmd.add_argument("--output", type=Path, default=Path("site"), metavar="DIR")
    serve_cmd.add_argument("--port", type=port_number, default=8000, help="port (default: 8000)")
    new_cmd = commands.add_parser("new", help="start a new document with every field filled in or explained")
    new_cmd.add_argument("type", metavar="TYPE", help="advies, reactie, vragen, antwoord or notitie")
    new_cmd.add_argument("--municipality", required=True, metavar="NAME", help="the municipality, as the CBS spells it")
    new_cmd.add_argument("--title", required=True, metavar="TEXT", help="the title of the document")
    new_cmd.add_argument("--date", type=parse_day, metavar="YYYY-MM-DD",
                         help="the date on the letter, also the year in its id (default: today)")
    new_cmd.add_argument("--content", type=Path, default=Path("content"), metavar="DIR")
    new_cmd.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    import_cmd = commands.add_parser("import", help="draft a document from a .pdf, .docx, .txt or .md letter")
    import_cmd.add_argument("letter", type=Path, metavar="LETTER")
    import_cmd.add_argument("--content", type=Path, default=Path("content"), metavar="DIR")
    import_cmd.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    return parser


def source_date(environ: dict[str, str] | os._Environ[str]) -> date | None:
    """The UTC day of SOURCE_DATE_EPOCH (seconds since 1970, reproducible-builds.org), if set."""
    text = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"SOURCE_DATE_EPOCH is '{text}', not a whole number of seconds since 1970-01-01")
    return datetime.fromtimestamp(int(text), tz=timezone.utc).date()


def config_from(args: argparse.Namespace, tuning: Tuning | None = None,
                environ: dict[str, str] | os._Environ[str] = os.environ) -> Config:
    """Make the frozen config from parsed arguments and SOURCE_DATE_EPOCH (tuning: the knobs, when not the defaults)."""
    return Config(
        source_date=source_date(environ),
        content_dir=args.content,
        output_dir=getattr(args, "output", Path("site")),
        strict=getattr(args, "strict", False),
        today=getattr(args, "today", None),
        tuning=tuning or Tuning(),
    )


def print_problems(problems: Sequence[ArchiveError]) -> None:
    """Print every problem as one line on stderr, sorted by path and line."""
    for problem in sorted(problems, key=ArchiveError.sort_key):
        print(problem.format(), file=sys.stderr)


def make_progress() -> Progress:
    """A progress bar on a terminal for steps that take over 2 s; nothing in CI or when piped."""
    if not sys.stderr.isatty() or os.environ.get("CI") or not logging.getLogger("adviesarchief").isEnabledFor(logging.INFO):
        return no_progress
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: the build forks worker processes

    @contextlib.contextmanager
    def bar(label: str, total: int) -> Iterator[Callable[[int], None]]:
        with tqdm(total=total, desc=f"{label:<9}", unit=" files", delay=2, leave=False,
                  file=sys.stderr, dynamic_ncols=True) as shown:
            yield shown.update

    return bar


def run_build(config: Config) -> int:
    """Build once; print problems; return the exit status."""
    errors, _ = preview_build(config)
    return EXIT_CONTENT if errors else EXIT_OK


def preview_build(config: Config) -> tuple[list[str], str | None]:
    """Build once and print problems; return the error lines and, after success, the site's base path."""
    try:
        result = build(config, make_progress())
    except ArchiveError as problem:
        print_problems([problem])
        return [problem.format()], None
    except ExceptionGroup as group:
        matched, rest = group.split(ArchiveError)
        if rest is not None:
            raise
        problems = sorted(_flatten(matched), key=ArchiveError.sort_key)
        print_problems(problems)
        errors = errors_only(problems)  # warnings come along so one run shows everything
        print(f"{len(errors)} error(s): nothing was written; the previous site is unchanged.",
              file=sys.stderr)
        return [p.format() for p in errors], None
    print_problems(result.warnings)
    return [], result.base_path


def run_check(config: Config) -> int:
    """Validate only; return the exit status."""
    try:
        result = check(config)
    except ArchiveError as problem:
        print_problems([problem])
        return EXIT_CONTENT
    print_problems(result.problems)
    return EXIT_CONTENT if any(p.level == "error" for p in result.problems) else EXIT_OK


def run_authoring(args: argparse.Namespace, config: Config) -> int:
    """Write a new document (`new`) or drafts from a letter (`import`); print their paths and what to fill in."""
    from .authoring.scaffold import UsageError, import_letter, new_document

    try:
        if args.command == "new":
            written = [new_document(config, args.type, args.municipality, args.title, args.date)]
        else:
            written = import_letter(config, args.letter)
    except UsageError as problem:
        print(f"build.py {args.command}: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except ArchiveError as problem:
        print_problems([problem])
        return EXIT_CONTENT
    for path in written:
        print(config.display_path(path))
    shown = {config.display_path(path) for path in written}
    logging.getLogger("adviesarchief").disabled = True
    try:
        result = check(config)
    except ArchiveError:
        return EXIT_OK
    finally:
        logging.getLogger("adviesarchief").disabled = False
    todo = [p for p in result.problems if p.path in shown]
    if todo:
        print("Fill in or check before publishing:", file=sys.stderr)
        print_problems(todo)
    if args.command == "import":
        print_review_note(config, written)
    return EXIT_OK


def print_review_note(config: Config, written: Sequence[Path]) -> None:
    """Say how to keep the file name in step with type and title (the marked guesses are listed by the check)."""
    print("The file name and 'id' come from the guessed type and title; if you change those, rename the file "
          "(git mv OLD.md NEW.md) and set 'id' to the new name, or keep both as they are.", file=sys.stderr)


def _flatten(group: BaseExceptionGroup | None) -> list[ArchiveError]:
    if group is None:
        return []
    found: list[ArchiveError] = []
    for item in group.exceptions:
        found.extend(_flatten(item) if isinstance(item, BaseExceptionGroup) else [item])  # type: ignore[list-item]
    return found


def configure_logging(*, quiet: bool) -> None:
    """Send the build's step lines to the current stderr (a fresh handler per run)."""
    logger = logging.getLogger("adviesarchief")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    logger.propagate = False


def run() -> NoReturn:
    """The program (build.py, `python -m adviesarchief`, the `adviesarchief` command): main(), then exit at once.

    Everything is written and every worker has ended by then: the program leaves without freeing
    the build's objects one by one (0.4 s for 10,000 letters), as the system frees them at once.
    """
    code = main()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:
            pass  # a closed pipe (`build.py check | head`): nothing more can be said there
    os._exit(code)


def main(argv: Sequence[str] | None = None, *, tuning: Tuning | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 content errors, 2 usage).

    tuning: knobs for speed, memory and download size, for a program that embeds the build.
    """
    parser = make_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"build", "check", "serve", "new", "import"}
    if not argv or (argv[0] not in commands and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")  # `python build.py [options]` means build
    args = parser.parse_args(argv)
    configure_logging(quiet=args.quiet)
    try:
        config = config_from(args, tuning)
    except ValueError as wrong:
        parser.error(str(wrong))
    with terminate_like_ctrl_c():
        return run_command(args, config)


def run_command(args: argparse.Namespace, config: Config) -> int:
    """Run one parsed command; Ctrl-C (and SIGTERM or SIGHUP, see terminate_like_ctrl_c) ends it cleanly."""
    try:
        if args.command == "check":
            return run_check(config)
        if args.command in ("new", "import"):
            return run_authoring(args, config)
        if args.command == "serve":
            from .authoring.serve import serve

            try:
                return serve(config, args.port, preview_build)
            except ArchiveError as problem:
                print_problems([problem])
                return EXIT_USAGE
        return run_build(config)
    except KeyboardInterrupt:
        # The build holds Ctrl-C while it swaps folders, so site/ is never half-written.
        print(f"interrupted: {config.output_dir}/ was left complete, never half-written", file=sys.stderr)
        return EXIT_INTERRUPTED


@contextlib.contextmanager
def terminate_like_ctrl_c() -> Iterator[None]:
    """While the block runs, SIGTERM (a CI cancel, `timeout`, `docker stop`) and SIGHUP (a closed terminal)
    end the command as Ctrl-C does: workers stopped, the old site kept, exit status 130.

    The signal becomes a SIGINT to this process, so that it waits, like Ctrl-C, while the build swaps
    folders. Forked workers inherit the handler; in them the signal keeps its usual meaning.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    owner = os.getpid()

    def as_ctrl_c(number: int, frame: object) -> None:
        if os.getpid() != owner:
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)
            return
        if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
            raise KeyboardInterrupt  # Ctrl-C is ignored here (a background job), a SIGTERM is not
        signal.raise_signal(signal.SIGINT)

    numbers = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {number: signal.getsignal(number) for number in numbers}
    for number in numbers:
        if previous[number] in (signal.SIG_DFL, None):
            signal.signal(number, as_ctrl_c)
    try:
        yield
    finally:
        for number in numbers:
            if previous[number] in (signal.SIG_DFL, None):
                signal.signal(number, signal.SIG_DFL)
