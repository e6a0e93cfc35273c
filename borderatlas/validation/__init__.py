"""Read and check every geodata file, keeping the good records and naming each problem by file, id and field.

One job per module: `report` (Problem, the records kept, the report), `files` (reading text and GeoJSON safely),
`geometry` and `records` (per-feature and per-row checks), `references` (ids, sources, places), `history` (twins
and event causes), `bank` (the right bank of the boundary), `dataset` (every layer and table) and `folder` (the
folder readable at all, its basemap files, and whether anything can be served).
"""

from borderatlas.validation.bank import (
    BOUNDARY_FILE,
    SIDE_CHECK_KM,
    SIDE_COUNTRIES,
    china_dprk_line,
    side_of_line,
    side_problems,
    to_km,
)
from borderatlas.validation.dataset import cross_record_problems, read_dataset
from borderatlas.validation.files import (
    ACCEPTED_CRS,
    JSONLimitError,
    basemap_dir,
    load_json,
    parse_feature_collection,
    read_text,
)
from borderatlas.validation.folder import (
    basemap_file_problem,
    basemap_problems,
    folder_problem,
    nothing_served,
    read_folder,
)
from borderatlas.validation.geometry import geometry_problems, open_rings
from borderatlas.validation.history import (
    SAME_STATUS,
    event_cause_problems,
    history_dicts,
    linked_problems,
    same_status,
    status_on,
)
from borderatlas.validation.records import check_feature, feature_id, read_layer, read_table
from borderatlas.validation.references import drop_bad_references, ids_of
from borderatlas.validation.report import (
    UNPRINTABLE,
    DatasetReport,
    LayerRecords,
    Problem,
    TableRecords,
    display_name,
    printable,
    pydantic_problems,
)

__all__ = [
    "ACCEPTED_CRS",
    "BOUNDARY_FILE",
    "SAME_STATUS",
    "SIDE_CHECK_KM",
    "SIDE_COUNTRIES",
    "UNPRINTABLE",
    "DatasetReport",
    "JSONLimitError",
    "LayerRecords",
    "Problem",
    "TableRecords",
    "basemap_dir",
    "basemap_file_problem",
    "basemap_problems",
    "check_feature",
    "china_dprk_line",
    "cross_record_problems",
    "display_name",
    "drop_bad_references",
    "event_cause_problems",
    "feature_id",
    "folder_problem",
    "geometry_problems",
    "history_dicts",
    "ids_of",
    "linked_problems",
    "load_json",
    "nothing_served",
    "open_rings",
    "parse_feature_collection",
    "printable",
    "pydantic_problems",
    "read_dataset",
    "read_folder",
    "read_layer",
    "read_table",
    "read_text",
    "same_status",
    "side_of_line",
    "side_problems",
    "status_on",
    "to_km",
]
