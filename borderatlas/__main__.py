"""Command line: `python -m borderatlas validate [PATH]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from borderatlas.paths import geodata_dir
from borderatlas.validation import read_dataset


def run_validate(args: argparse.Namespace) -> int:
    """Validate a geodata folder; print one line per problem; return 0 when clean, 1 otherwise."""
    root = Path(args.path)
    if not root.is_dir():
        print(f"{root}: not a folder", file=sys.stderr)
        return 2
    report = read_dataset(root)
    for problem in report.problems:
        print(problem)
    counts = ", ".join(f"{name} {len(r.features)}" for name, r in report.layers.items())
    counts += ", " + ", ".join(f"{name} {len(r.rows)}" for name, r in report.tables.items())
    print(f"{len(report.problems)} problem(s); valid records: {counts}", file=sys.stderr)
    return 0 if report.ok else 1


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all subcommands."""
    parser = argparse.ArgumentParser(prog="borderatlas", description="Border Atlas data tools")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check the geodata folder")
    validate.add_argument("path", nargs="?", default=str(geodata_dir()), help="folder to check (default: geodata/)")
    validate.set_defaults(run=run_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
