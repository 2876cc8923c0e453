"""Reading a setting's value strictly: a value that is not understood is an error naming the
setting and what it accepts, never a silent default (an operator who wrote
VIGIE_PUBLIC_ADDRESSES_ONLY=on must not get the address guard turned off). No setting is read
here, so that the command line can import the error before crawler.settings reads the
environment."""

from __future__ import annotations

import math

TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


class SettingError(ValueError):
    """A setting whose value is not understood: the message names it and what it accepts."""


def parse_flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise SettingError(
        f"{name}={raw!r} is not a yes/no value: use one of {', '.join(TRUE_WORDS)} "
        f"or {', '.join(FALSE_WORDS)}"
    )


def parse_number(name: str, raw: str, kind: type[int] | type[float], minimum: float = 0) -> float:
    try:
        value = kind(raw.strip())
    except ValueError:
        noun = "a whole number" if kind is int else "a number"
        raise SettingError(f"{name}={raw!r} is not {noun}") from None
    if not math.isfinite(value):
        raise SettingError(f"{name}={raw!r} is not a finite number")
    if value < minimum:
        raise SettingError(f"{name}={raw!r} is below {minimum:g}")
    return value


def parse_choice(name: str, raw: str, choices: tuple[str, ...]) -> str:
    value = raw.strip()
    for choice in choices:
        if value.lower() == choice.lower():
            return choice
    raise SettingError(f"{name}={raw!r} is not one of {', '.join(choices)}")
