"""The `vigie` program's entry point, and its one error boundary.

Whatever a verb lets escape becomes one line on stderr: a failure the user can fix (a file
or folder that cannot be used, a database URL, file or server that is not right, Redis that
does not answer, a scoring model, a setting, a value the library refused with its reason)
exits 2 and says what is wrong; anything else is an internal error, exit 1, with the advice
to run again with --debug, which (like VIGIE_DEBUG=1) shows the traceback. Ctrl-C exits 130
and says "interrupted". Messages never show a database password.
"""

from __future__ import annotations

import errno
import gc
import re
import sys
import traceback
import unicodedata
from pathlib import Path
from types import TracebackType

from crawler.setting_values import SettingError

PROJECT = Path(__file__).resolve().parents[1]
MESSAGE_MAX = 600  # characters of one message line
PASSWORD_IN_URL = re.compile(r"(://[^:/@\s]*:)[^@\s]+@")
OS_ADVICE = {
    errno.ENOENT: "no such file or folder; check the path",
    errno.EISDIR: "it is a folder; give a file",
    errno.ENOTDIR: "a part of the path is a file, not a folder; check the path",
    errno.EEXIST: "something is already there; choose another path",
    errno.EACCES: "permission denied; choose a place you may write to, or change rights",
    errno.EPERM: "operation not permitted; choose another place",
    errno.ENOSPC: "no space left on the device; free some or write elsewhere",
    errno.EROFS: "the file system is read-only; write elsewhere",
    errno.ENAMETOOLONG: "the name is too long; choose a shorter one",
}


def one_line(text: str) -> str:
    """A message as one line, without a password a URL may carry, and with the control
    characters it may quote (a name given on the command line) shown as escapes, not sent to
    the terminal."""
    line = PASSWORD_IN_URL.sub(r"\1***@", " ".join(str(text).split()))
    if len(line) > MESSAGE_MAX:  # a 20,000-character argument quoted back hides the advice
        line = (
            f"{line[: MESSAGE_MAX - 200]} [… {len(line) - MESSAGE_MAX} characters …] {line[-200:]}"
        )
    return printable(line)


def printable(text: str) -> str:
    """Text with its control and format characters (ESC sequences, NUL, right-to-left
    overrides) shown as escapes: a name or a cell printed must not drive the terminal."""
    return "".join(
        ascii(character)[1:-1] if unicodedata.category(character) in ("Cc", "Cf") else character
        for character in text
    )


def _os_message(error: OSError) -> str:
    advice = OS_ADVICE.get(error.errno or 0, error.strerror or str(error))
    if error.filename is None:
        return f"{error.strerror or error}"
    where = f"{error.filename}" + (f" -> {error.filename2}" if error.filename2 else "")
    return f"{where}: {advice}"


def _raised_by_vigie(error: BaseException) -> bool:
    """Whether the innermost frame of the error is the project's own code: a ValueError raised
    there says what was refused."""
    tb: TracebackType | None = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return False
    path = Path(tb.tb_frame.f_code.co_filename).resolve()
    return path.is_relative_to(PROJECT) and ".venv" not in path.parts


def _database_message(error: Exception) -> str | None:
    from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

    from database import URL_FORMS

    if isinstance(error, ArgumentError):
        return f"--db: not a database URL Vigie can open ({error}); expected {URL_FORMS}"
    if isinstance(error, DBAPIError):
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        return (
            f"the database refused or did not answer: {reason}; check --db (or VIGIE_DB) "
            "and that the database is there and running"
        )
    if isinstance(error, SQLAlchemyError):
        return f"the database: {str(error).splitlines()[0]}; check --db (or VIGIE_DB)"
    return None


def describe(error: BaseException) -> tuple[int, str]:
    """The exit status and the one line a failure gets."""
    if isinstance(error, UnicodeDecodeError):
        return 2, (
            f"a file is not UTF-8 text ({error.reason} at byte {error.start}); save it as UTF-8"
        )
    if isinstance(error, OSError):
        return 2, _os_message(error)
    if isinstance(error, OverflowError):  # a run id or a number beyond SQLite's integers
        return 2, f"a number given is too large ({error}); numbers and run ids are below 2**63"
    if type(error).__module__.split(".")[0] == "sqlalchemy":
        message = _database_message(error)  # type: ignore[arg-type]
        if message:
            return 2, message
    if type(error).__module__.split(".")[0] == "redis":
        return 2, f"Redis: {error}; check --redis and that Redis is running"
    if isinstance(error, SettingError) or (
        isinstance(error, ValueError) and _raised_by_vigie(error)
    ):
        return 2, str(error)
    return 1, (
        f"internal error: {type(error).__name__}: {error}; run again with --debug to see "
        "where, and report it"
    )


def debug_first(arguments: list[str]) -> tuple[list[str], bool]:
    """--debug wherever it is given (before a `--`), moved to the front where the root command
    takes it: "run again with --debug" works by adding it at the end."""
    end = arguments.index("--") if "--" in arguments else len(arguments)
    if "--debug" not in arguments[:end]:
        return arguments, False
    rest = [a for a in arguments[:end] if a != "--debug"] + arguments[end:]
    return ["--debug", *rest], True


def _quiet_close_failures(unraisable: sys.UnraisableHookArgs) -> None:
    """A file object that fails again when it is collected (a zip on a full disk whose error
    was already reported, or left unclosed by it) adds no "Exception ignored" text after the
    one line."""
    if not isinstance(unraisable.exc_value, OSError | ResourceWarning):
        sys.__unraisablehook__(unraisable)


def run(arguments: list[str]) -> int:
    """Run the command line; its exit status."""
    saved_hook, sys.unraisablehook = sys.unraisablehook, _quiet_close_failures
    try:
        return _run(arguments)
    finally:
        gc.collect()  # those file objects are collected now, under the quiet hook
        sys.unraisablehook = saved_hook


INTERRUPTED = 130  # the shell's status for a command stopped by SIGINT


def _interrupted(exit_: SystemExit) -> bool:
    """Whether this exit is a Ctrl-C: typer catches the KeyboardInterrupt of a verb itself and
    exits 130 (raising its Exit from it), so the boundary finds it in the exit's chain."""
    error: BaseException | None = exit_
    for _ in range(8):  # the chain is short: SystemExit <- typer's Exit <- KeyboardInterrupt
        if error is None:
            return False
        if isinstance(error, KeyboardInterrupt):
            return True
        error = error.__cause__ or error.__context__
    return False


def _run(arguments: list[str]) -> int:
    arguments, debug = debug_first(arguments)
    try:
        from cli.app import app
        from crawler import settings

        # settings.py reads the environment (strictly: "VIGIE_DEBUG=maybe" is refused).
        debug = settings.VIGIE_DEBUG or debug
    except SettingError as error:
        print(f"vigie: {one_line(str(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C while the program starts
        print("vigie: interrupted", file=sys.stderr)
        return INTERRUPTED
    try:
        app(args=arguments, prog_name="vigie")
    except SystemExit as exit_:
        if _interrupted(exit_):
            sys.stdout.flush()
            print("vigie: interrupted", file=sys.stderr)
            return INTERRUPTED
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except BaseException as error:  # noqa: BLE001 - the boundary: every failure gets its line
        status, message = describe(error)
        sys.stdout.flush()
        if debug:
            traceback.print_exception(error, file=sys.stderr)
        print(f"vigie: {one_line(message)}", file=sys.stderr)
        return status
    return 0


def main() -> None:
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
