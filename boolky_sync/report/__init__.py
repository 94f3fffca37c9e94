"""The reconciliation report: what a run read, refused, planned, did and left different.

``RunReport`` collects a run stage by stage; ``write_report`` turns it into a
private, timestamped folder (plus ``latest``) holding summary.json for
machines, report.html for people, changes.csv and rejects.csv with every row,
and report.xlsx. Every writer renders the same ``ReportTables``, so the files
never disagree, and spreadsheet cells pass through ``safe_cells`` so contact
data cannot run as a formula.
"""

from __future__ import annotations

from boolky_sync.report.folder import LATEST, make_run_folder, point_latest
from boolky_sync.report.model import SUMMARY_VERSION, RunReport
from boolky_sync.report.safe_cells import neutralise, neutralise_frame
from boolky_sync.report.tables import CHANGE_COLUMNS, ReportTables, build_tables
from boolky_sync.report.write import FORMATS, check_formats, write_report

__all__ = [
    "CHANGE_COLUMNS",
    "FORMATS",
    "LATEST",
    "SUMMARY_VERSION",
    "ReportTables",
    "RunReport",
    "build_tables",
    "check_formats",
    "make_run_folder",
    "neutralise",
    "neutralise_frame",
    "point_latest",
    "write_report",
]
