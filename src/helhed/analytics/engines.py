"""Where the indicators run: an Ibis connection over one period's Parquet files.

DuckDB (in-process) is the default; PySpark runs the same expressions on a cluster, or in local mode in
the tests. Only this module knows the backends; the definitions never do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
from django.conf import settings
from ibis.backends import BaseBackend

ENGINES = ("duckdb", "pyspark")


def connect(engine: str = "duckdb", *, spark: Any = None) -> BaseBackend:
    if engine == "duckdb":
        return ibis.duckdb.connect()
    if engine == "pyspark":
        if spark is None:
            from pyspark.sql import SparkSession

            spark = (SparkSession.builder.master("local[2]").appName("helhed-indicators")
                     .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
                     .config("spark.sql.session.timeZone", "UTC")
                     .config("spark.sql.warehouse.dir", str(settings.VAR_DIR / "spark-warehouse"))
                     .getOrCreate())
        return ibis.pyspark.connect(spark)
    raise ValueError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")


def load_partition(con: BaseBackend, directory: Path) -> dict[str, ir.Table]:
    """Every table of the partition, by name; a table whose file is missing is simply absent."""
    tables: dict[str, ir.Table] = {}
    for path in sorted(directory.glob("*.parquet")):
        tables[path.stem] = con.read_parquet(str(path), table_name=f"{path.stem}_{abs(hash(directory))}")
    return tables
