"""The `vigie` program's entry point: a setting in the environment that is not understood
stops it with one line naming the variable (crawler/settings.py reads them at import)."""

from __future__ import annotations

import sys

from crawler.setting_values import SettingError


def main() -> None:
    try:
        from cli.app import app
    except SettingError as error:
        print(f"vigie: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    app()


if __name__ == "__main__":
    main()
