"""Pydantic records for every row and feature in geodata/: the one definition of the data model."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from borderatlas.dates import check_partial_date, date_end, date_start

PartialDate = Annotated[str, AfterValidator(check_partial_date)]
RecordId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
NonEmpty = Annotated[str, Field(min_length=1)]
LangCode = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
CountryCode = Literal["CHN", "PRK", "RUS", "KOR", "MNG"]

SourceKind = Literal[
    "analysis",
    "news",
    "un_document",
    "government_statistics",
    "government_statement",
    "dataset",
    "encyclopedia",
    "report",
]
FactTopic = Literal["trade", "aid", "sanctions", "economy", "politics", "propaganda"]
EventTopic = Literal[
    "trade",
    "aid",
    "sanctions",
    "economy",
    "politics",
    "propaganda",
    "nuclear",
    "disaster",
    "infrastructure",
]


def split_list(value: object) -> object:
    """Turn a ';'-separated CSV cell into a list; leave lists alone."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if value is None:
        return []
    return value


IdList = Annotated[list[RecordId], BeforeValidator(split_list)]


def blank_to_none(value: object) -> object:
    """Treat an empty CSV cell as missing."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def check_order(record: BaseModel, pairs: list[tuple[str, str]]) -> None:
    """Raise ValueError naming the fields when an earlier date field starts after a later one ends."""
    for first, second in pairs:
        a, b = getattr(record, first), getattr(record, second)
        if a and b and date_start(a) > date_end(b):
            raise ValueError(f"{second}: {first} {a} is after {second} {b}")


class Record(BaseModel):
    """Base for all records: unknown fields are errors, blank cells are missing values."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return blank_to_none(value)


class Source(Record):
    """One source record: a document, page or dataset that features and facts cite."""

    id: RecordId
    title: NonEmpty
    author: str | None = None
    publisher: NonEmpty
    published: PartialDate | None = None
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    accessed: PartialDate
    language: LangCode
    kind: SourceKind
    licence: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _dataset_has_licence(self) -> Source:
        if self.kind == "dataset" and not self.licence:
            raise ValueError("licence: a dataset source needs a licence")
        return self


class Quoted(Record):
    """Mixin fields for rows backed by one verbatim supporting sentence."""

    source_id: RecordId
    quote: NonEmpty
    quote_lang: LangCode
    quote_en: str | None = None
    verified: bool
    note: str | None = None

    @model_validator(mode="after")
    def _translation_present(self) -> Quoted:
        if self.quote_lang != "en" and not self.quote_en:
            raise ValueError("quote_en: a quote not in English needs an English translation")
        return self


class Fact(Quoted):
    """One checkable statement for the side panels."""

    id: RecordId
    topic: FactTopic
    statement: NonEmpty
    value: float | None = None
    unit: str | None = None
    period_start: PartialDate | None = None
    period_end: PartialDate | None = None
    reported: PartialDate | None = None
    place_ids: IdList = []
    headline: Annotated[int, Field(ge=1, le=99)] | None = None
    """Rank of the headline row this fact feeds in the summary (1 leads); empty for the detail only."""
    headline_label: str | None = None
    """The headline row's short label, the same for every fact of that rank."""
    supersedes: RecordId | None = None
    """A fact this one replaces in the headline row once reported (a later period or a revision)."""

    @model_validator(mode="after")
    def _dates_ordered(self) -> Fact:
        check_order(self, [("period_start", "period_end")])
        return self

    @model_validator(mode="after")
    def _headline_complete(self) -> Fact:
        if self.headline is not None and not (self.headline_label or "").strip():
            raise ValueError("headline_label: a headline fact needs the label of its headline row")
        if self.headline is not None and self.reported is None:
            raise ValueError("reported: a headline fact needs a report date, so that it leads only once reported")
        return self


class Event(Record):
    """One dated event on the timeline."""

    id: RecordId
    date: PartialDate
    title: NonEmpty
    topic: EventTopic
    summary: NonEmpty
    place_ids: IdList = []
    source_ids: Annotated[IdList, Field(min_length=1)]
    verified: bool
    note: str | None = None


class TradeValue(Quoted):
    """One value of a trade series for one period from one source."""

    id: RecordId
    series: Literal[
        "china_dprk_trade_total",
        "china_exports_to_dprk",
        "china_imports_from_dprk",
        "dprk_coal_exports_to_china_value",
        "dprk_coal_exports_to_china_volume",
    ]
    period: Annotated[str, Field(pattern=r"^\d{4}(-\d{2})?$")]
    value: float
    unit: NonEmpty
    reported: PartialDate | None = None


class FloodFigure(Quoted):
    """One reported flood-impact figure: per source and report date, never merged."""

    id: RecordId
    metric: Literal[
        "deaths",
        "missing",
        "displaced",
        "homeless",
        "homes_damaged",
        "homes_destroyed",
        "affected_people",
        "injured",
    ]
    value: float
    unit: NonEmpty
    area_ids: IdList = []
    event_date: PartialDate | None = None
    report_date: PartialDate
    as_of: PartialDate | None = None


class Designation(Quoted):
    """One sanctions designation of a named entity."""

    id: RecordId
    entity: NonEmpty
    entity_native: str | None = None
    designated_by: NonEmpty
    instrument: NonEmpty
    date: PartialDate | None = None
    designation: NonEmpty
    place_ids: IdList = []


class StatusChange(Record):
    """A status a feature held from a date on."""

    from_: PartialDate = Field(alias="from")
    status: NonEmpty
    caused_by: RecordId | None = None
    """The id of the events.csv row that caused this change (a flood, an opening); the change may not predate it."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class FeatureProperties(Record):
    """Properties every map feature carries, whatever its layer."""

    id: RecordId
    name_en: NonEmpty
    name_zh: NonEmpty
    name_ko: NonEmpty
    alt_names: list[str] = []
    countries: Annotated[list[CountryCode], Field(min_length=1)]
    kind: NonEmpty
    status: NonEmpty
    status_date: PartialDate
    status_history: list[StatusChange] = []
    date_started: PartialDate | None = None
    date_completed: PartialDate | None = None
    date_opened: PartialDate | None = None
    date_closed: PartialDate | None = None
    summary: NonEmpty
    source_ids: Annotated[list[RecordId], Field(min_length=1)]
    precision_km: Annotated[float, Field(gt=0, le=200)]
    verified: bool
    verification_note: str | None = None
    same_structure_as: RecordId | None = None
    """The id of a feature in another layer that is the same physical structure (one object, one history)."""
    completion_conflict: str | None = None
    """Why this record's completion date differs from its same_structure_as twin (sources on each side)."""
    boundary_side_reason: str | None = None
    """Why a one-country point sits on the other country's side of the boundary line, when it does."""

    @classmethod
    def status_vocabulary(cls) -> tuple[str, ...]:
        """The statuses this layer allows (from the `status` field's Literal), or () when any text goes."""
        return getattr(cls.model_fields["status"].annotation, "__args__", ())

    @model_validator(mode="after")
    def _dates_ordered(self) -> FeatureProperties:
        check_order(
            self,
            [
                ("date_started", "date_completed"),
                ("date_started", "date_opened"),
                ("date_completed", "date_closed"),
                ("date_opened", "date_closed"),
            ],
        )
        history = self.status_history
        for earlier, later in zip(history, history[1:]):
            if date_start(earlier.from_) > date_start(later.from_):
                raise ValueError(f"status_history: {earlier.from_} comes after {later.from_}")
        allowed = self.status_vocabulary()
        for change in history:
            if allowed and change.status not in allowed:
                raise ValueError(f"status_history: unknown status '{change.status}'")
        if history and history[-1].status != self.status:
            raise ValueError(
                f"status: '{self.status}' disagrees with the last status_history entry '{history[-1].status}'"
            )
        return self


CrossingStatus = Literal[
    "planned", "under_construction", "completed_not_open", "open", "closed", "restricted", "damaged"
]
InfrastructureStatus = Literal[
    "proposed",
    "planned",
    "under_construction",
    "completed_not_open",
    "restricted",
    "operating",
    "stalled",
    "suspended",
    "active",
    "dormant",
    "ruin",
]
FloodSeverity = Literal["severe", "affected", "reported"]
"""severe: named among the worst hit by OCHA; affected: in the UN response plan or Chinese official reports;
reported: named only in early or partial reports (an IFRC bulletin, KCNA, a 'likely affected' mark), unconfirmed."""


class CrossingProperties(FeatureProperties):
    """A border crossing on the Yalu or the Tumen (or the DPRK–Russia bridge)."""

    status: CrossingStatus
    mode: Literal["road", "rail", "road_rail"]
    river: Literal["Yalu", "Tumen"]
    town_china: str | None = None
    town_dprk: str | None = None
    town_russia: str | None = None


class InfrastructureProperties(FeatureProperties):
    """An infrastructure project: bridge, customs post, zone, port or programme."""

    kind: Literal["bridge", "customs_post", "economic_zone", "processing_zone", "port", "programme", "rail", "road"]
    status: InfrastructureStatus
    budget_value: float | None = None
    budget_unit: str | None = None
    budget_note: str | None = None


class FloodAreaProperties(FeatureProperties):
    """An area hit by the August–September 2016 Tumen River floods."""

    kind: Literal["county", "area"]
    severity: FloodSeverity
    approximate: bool
    admin_wof_id: int | None = None
    event: NonEmpty
