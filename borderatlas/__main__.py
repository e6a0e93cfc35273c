"""Command line: `python -m borderatlas validate [PATH]` and `python -m borderatlas export --format png|pdf|pptx`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from borderatlas.paths import geodata_dir
from borderatlas.registry import BASEMAP
from borderatlas.validation import printable, read_folder


def run_validate(args: argparse.Namespace) -> int:
    """Validate a geodata folder and its basemap; print one printable line per problem; 0 when clean, else 1."""
    root = Path(args.path)
    try:
        folder = root.is_dir()
    except OSError as exc:
        print(printable(f"{root}: cannot be looked at ({exc.strerror or exc})"), file=sys.stderr)
        return 2
    if not folder:
        print(printable(f"{root}: not a folder"), file=sys.stderr)
        return 2
    report = read_folder(root)
    for problem in report.problems:
        print(problem)
    counts = ", ".join(f"{name} {len(r.features)}" for name, r in report.layers.items())
    counts += ", " + ", ".join(f"{name} {len(r.rows)}" for name, r in report.tables.items())
    drawn = len(BASEMAP) - len(report.basemap_problems) if report.folder_problem is None else 0
    counts += f"; basemap files {drawn} of {len(BASEMAP)}"
    print(f"{len(report.problems)} problem(s); valid records: {counts}", file=sys.stderr)
    return 0 if report.ok else 1


def layer_list(text: str) -> tuple[str, ...]:
    """--layers: comma-separated map layer ids, in drawing order."""
    from borderatlas.layers import MAP_LAYER_IDS

    asked = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [part for part in asked if part not in MAP_LAYER_IDS]
    if unknown or not asked:
        raise argparse.ArgumentTypeError(
            f"unknown layer {(unknown or [text])[0]!r} (choose from {', '.join(MAP_LAYER_IDS)})"
        )
    return tuple(layer for layer in MAP_LAYER_IDS if layer in asked)


def as_of_date(text: str) -> dt.date:
    """--date: a YYYY-MM-DD date within the range the data covers."""
    from borderatlas.asof import EARLIEST_AS_OF, LATEST_AS_OF

    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date of the form YYYY-MM-DD") from None
    if not EARLIEST_AS_OF <= day <= LATEST_AS_OF:
        raise argparse.ArgumentTypeError(f"{text} is outside {EARLIEST_AS_OF} to {LATEST_AS_OF}")
    return day


def bbox_arg(text: str):
    """--bbox: min lon, min lat, max lon, max lat inside the region."""
    from borderatlas.export import bbox_area

    try:
        numbers = tuple(float(part) for part in text.split(","))
    except ValueError:
        numbers = ()
    if len(numbers) != 4:
        raise argparse.ArgumentTypeError(f"{text!r} is not four numbers MINLON,MINLAT,MAXLON,MAXLAT")
    try:
        return bbox_area(numbers)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def pixel_size(text: str) -> tuple[int, int]:
    """--size: WIDTHxHEIGHT in pixels."""
    parts = text.lower().split("x")
    if len(parts) != 2 or not all(part.isdigit() for part in parts) or not all(200 <= int(p) <= 12000 for p in parts):
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT in pixels, each 200 to 12000 (e.g. 1920x1080)")
    return int(parts[0]), int(parts[1])


def dpi_arg(text: str) -> float:
    """--dpi: dots per inch, 30 to 1200."""
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not 30 <= value <= 1200:
        raise argparse.ArgumentTypeError(f"{text!r} is not a resolution from 30 to 1200 dpi")
    return value


def link_view(atlas, args: argparse.Namespace):
    """The export view a shared link describes (layers, dates, selection, area, the slide's title, subtitle, notes and
    legend), with --area/--bbox for a link that holds no map bounds; and the notes to print about it."""
    from urllib.parse import parse_qs, urlsplit

    from borderatlas import export, urlstate, views

    parsed = urlstate.parse_view(parse_qs(urlsplit(args.link).query), atlas.feature_ids())
    state, notices = parsed.state, list(parsed.notices)
    if state.overlay_in_export:
        notices.append("the link includes an overlay, which lives only in the browser session: it is left out")
    given_area = state.bbox is not None or not state.fitted
    area = views.shown_area(state.bbox, state.fitted, state.lat, state.lon, state.zoom) if given_area else None
    view = export.ExportView(
        area=area or args.bbox or export.area_by_id(args.area),
        layers=state.layers,
        as_of=state.as_of,
        selected=state.selected,
        since=state.since,
        title=state.title,
        subtitle=state.subtitle,
        notes=state.notes,
        legend=state.legend,
    )
    return views.without_unseen_selection(atlas, view), notices


def from_link(atlas, args: argparse.Namespace):
    """The view of --link, each note about it printed (a value the link got wrong falls back, as in the app)."""
    view, notices = link_view(atlas, args)
    for notice in notices:
        print(printable(f"note: {notice}"), file=sys.stderr)
    return view


class BadArgument(Exception):
    """An export argument that cannot be met: which one, and why."""

    def __init__(self, argument: str, message: str):
        super().__init__(f"argument {argument}: {message}")


SIZE_IS_PNG_ONLY = {
    "pdf": "applies to PNG only (a PDF is always one A4 landscape page)",
    "pptx": "applies to PNG only (the pack's map is a 16:9 slide)",
}


def requested_view(atlas, args: argparse.Namespace):
    """The view to export: the one --link describes, else the view options'."""
    from borderatlas import export

    if args.selected and atlas.feature(args.selected) is None:
        raise BadArgument("--selected", f"no feature with id {args.selected!r}")
    if args.since and args.since >= args.date:
        raise BadArgument("--since", f"{args.since} is not before --date {args.date}")
    if args.link:
        return from_link(atlas, args)
    return export.ExportView(
        area=args.bbox or export.area_by_id(args.area),
        layers=args.layers,
        as_of=args.date,
        selected=args.selected,
        since=args.since,
    )


def output_path(args: argparse.Namespace, view, extension: str) -> Path:
    """Where the file goes: --output (a folder gets the view's file name), else the view's file name here."""
    output = Path(args.output) if args.output else Path(view.file_name("." + extension))
    output = output / view.file_name("." + extension) if output.is_dir() else output
    if output.suffix.lower() != "." + extension:
        raise BadArgument("--output", f"{output.name!r} does not end in .{extension} (--format {args.format})")
    return output


def file_bytes(atlas, args: argparse.Namespace, view) -> bytes:
    """The export itself: a briefing pack, or a PNG or PDF graphic (their libraries imported only now)."""
    from borderatlas.data import load_basemap

    if args.format == "pptx":
        from borderatlas.briefing.pack import build_pack

        return build_pack(atlas, load_basemap(), view, dpi=args.dpi)
    from borderatlas import export

    return export.export_bytes(atlas, load_basemap(), view, args.format, dpi=args.dpi, size_px=args.size)


def run_export(args: argparse.Namespace) -> int:
    """Write the view as a PNG or PDF graphic or a .pptx briefing pack; return 2 for arguments that cannot be met."""
    from borderatlas import export
    from borderatlas.data import load_atlas

    try:
        if args.size and args.format != "png":
            raise BadArgument("--size", SIZE_IS_PNG_ONLY[args.format])
        atlas = load_atlas()
        view = requested_view(atlas, args)
        output = output_path(
            args, view, "pptx" if args.format == "pptx" else export.format_by_id(args.format).extension
        )
    except BadArgument as problem:
        print(f"borderatlas export: error: {problem}", file=sys.stderr)
        return 2
    if args.selected and export.selected_in_view(atlas, view) is None:
        print(f"note: {args.selected} is not shown in this view; it is not marked", file=sys.stderr)
    started = time.perf_counter()
    data = file_bytes(atlas, args, view)
    output.write_bytes(data)
    print(f"wrote {output} ({len(data) // 1024} KiB in {time.perf_counter() - started:.1f} s)")
    return 0


def add_export_parser(commands) -> None:
    """The `export` subcommand and its options."""
    from borderatlas.asof import DEFAULT_AS_OF
    from borderatlas.export import AREA_IDS, FORMAT_IDS
    from borderatlas.layers import DEFAULT_LAYERS

    export = commands.add_parser(
        "export",
        help="draw the map view as a briefing graphic (PNG or PDF)",
        description="Draw a finished graphic of a map view: title, layers, legend, scale bar, "
        "north arrow, locator, sources and disclaimer.",
    )
    export.add_argument(
        "--format",
        choices=(*FORMAT_IDS, "pptx"),
        default="png",
        help="png (16:9 slide), pdf (A4 landscape) or pptx (briefing pack: map, headline facts, sources in notes)",
    )
    export.add_argument("--output", help="file to write (default: border-atlas_<area>_<date>.<format> here)")
    export.add_argument(
        "--layers",
        type=layer_list,
        default=DEFAULT_LAYERS,
        help="comma-separated layers (default: the app's default layers)",
    )
    export.add_argument(
        "--date", type=as_of_date, default=DEFAULT_AS_OF, help=f"map as of YYYY-MM-DD (default {DEFAULT_AS_OF})"
    )
    export.add_argument(
        "--since", type=as_of_date, help="compare date YYYY-MM-DD before --date: a two-panel graphic of what changed"
    )
    where = export.add_mutually_exclusive_group()
    where.add_argument("--area", choices=AREA_IDS, default="region", help="a named area (default: region)")
    where.add_argument("--bbox", type=bbox_arg, help="MINLON,MINLAT,MAXLON,MAXLAT inside the region")
    export.add_argument("--selected", help="id of a feature to mark and name in the title")
    export.add_argument(
        "--link",
        help="a Border Atlas link (its query holds the view and the slide's title, notes and legend): export that "
        "view instead of --layers/--date/--since/--selected; --area/--bbox only when the link has no map bounds",
    )
    export.add_argument("--dpi", type=dpi_arg, help="resolution (PNG default 150, i.e. 1920x1080; 300 for print)")
    export.add_argument("--size", type=pixel_size, help="PNG size in pixels, e.g. 1920x1080")
    export.set_defaults(run=run_export)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all subcommands."""
    parser = argparse.ArgumentParser(prog="borderatlas", description="Border Atlas data tools")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check the geodata folder")
    validate.add_argument("path", nargs="?", default=str(geodata_dir()), help="folder to check (default: geodata/)")
    validate.set_defaults(run=run_validate)
    add_export_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
