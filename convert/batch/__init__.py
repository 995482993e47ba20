"""Batch conversion: many articles, several formats, one job function, two executors.

``plan`` decides every output before any work (mirrored folder trees, collisions
refused up front); ``run`` skips what ``--update`` finds up to date and hands the rest
to an executor, the local process pool or a Dask cluster, which both run the same
``run_job``; each ``Outcome`` feeds the progress bar, the summary and the report.
"""

from __future__ import annotations

from convert.batch.job import Context, Outcome, run_job
from convert.batch.plan import Job, PlanError, Source, expand, plan
from convert.batch.report import ReportError, ReportFile
from convert.batch.runner import Executor, ExecutorError, Summary, executor, run

__all__ = [
    "Context",
    "Executor",
    "ExecutorError",
    "Job",
    "Outcome",
    "PlanError",
    "ReportError",
    "ReportFile",
    "Source",
    "Summary",
    "executor",
    "expand",
    "plan",
    "run",
    "run_job",
]
