"""Checks across records' status histories: one object one history (same_structure_as twins) and event causes."""

from __future__ import annotations

from pydantic import BaseModel

from borderatlas.validation.report import DatasetReport, Problem, display_name

SAME_STATUS = {"operating": "open", "active": "open"}
"""Statuses that mean the same across layers (a crossing is 'open' where its project is 'operating')."""


def same_status(a: str | None, b: str | None) -> bool:
    """True when two statuses (or two absences) mean the same thing."""
    return SAME_STATUS.get(a, a) == SAME_STATUS.get(b, b)


def history_dicts(props: BaseModel) -> list[dict]:
    """A feature's status history as the plain dicts the map reads."""
    return [{"from": change.from_, "status": change.status} for change in props.status_history]


def status_on(props: BaseModel, day) -> str | None:
    """The status a validated feature held on a day (None before its first history entry)."""
    from borderatlas.asof import status_at

    return status_at(history_dicts(props), props.status, day)


def linked_problems(report: DatasetReport) -> list[Problem]:
    """One object, one history: twins linked by same_structure_as agree on status at every date and on completion."""
    from borderatlas.dates import date_start

    where = {props.id: (records, props) for records in report.layers.values() for props in records.properties}
    problems, seen = [], set()
    for records, props in where.values():
        twin_id = getattr(props, "same_structure_as", None)
        if not twin_id:
            continue
        file = display_name(report.root, records.spec.filename)
        if twin_id not in where:
            problems.append(Problem(file, f"unknown feature {twin_id!r}", props.id, "same_structure_as"))
            continue
        twin_records, twin = where[twin_id]
        if twin_id == props.id:
            problems.append(Problem(file, "a feature cannot be its own twin", props.id, "same_structure_as"))
            continue
        if twin.same_structure_as not in (None, props.id):
            problems.append(
                Problem(
                    file,
                    f"links to {twin_id!r}, which links to {twin.same_structure_as!r}",
                    props.id,
                    "same_structure_as",
                )
            )
            continue
        pair = frozenset((props.id, twin_id))
        if pair in seen:
            continue
        seen.add(pair)
        days = sorted({date_start(c.from_) for c in props.status_history + twin.status_history})
        for day in days:
            mine, theirs = status_on(props, day), status_on(twin, day)
            if not same_status(mine, theirs):
                problems.append(
                    Problem(
                        file,
                        f"on {day.isoformat()} this record is {mine or 'not yet begun'!r} but "
                        f"its twin {twin_id!r} is {theirs or 'not yet begun'!r}",
                        props.id,
                        "status_history",
                    )
                )
                break
        if props.date_completed != twin.date_completed and not (props.completion_conflict or twin.completion_conflict):
            problems.append(
                Problem(
                    file,
                    f"{props.date_completed} differs from its twin {twin_id!r} "
                    f"({twin.date_completed}) and no completion_conflict is recorded",
                    props.id,
                    "date_completed",
                )
            )
    return problems


def event_cause_problems(report: DatasetReport) -> list[Problem]:
    """A status change caused by an event (caused_by) must name a known event and not come before its date."""
    from borderatlas.dates import date_start

    events = {row.id: row for row in report.tables["events"].rows} if "events" in report.tables else {}
    problems = []
    for records in report.layers.values():
        file = display_name(report.root, records.spec.filename)
        for props in records.properties:
            for change in props.status_history:
                if not change.caused_by:
                    continue
                event = events.get(change.caused_by)
                if event is None:
                    problems.append(
                        Problem(
                            file,
                            f"{change.status!r} from {change.from_}: unknown event {change.caused_by!r}",
                            props.id,
                            "status_history",
                        )
                    )
                elif date_start(change.from_) < date_start(event.date):
                    problems.append(
                        Problem(
                            file,
                            f"{change.status!r} from {change.from_} comes before its cause, "
                            f"event {event.id!r} of {event.date}",
                            props.id,
                            "status_history",
                        )
                    )
    return problems
