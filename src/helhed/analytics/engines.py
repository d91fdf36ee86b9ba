"""Where the indicators run: an Ibis connection over one period's Parquet files.

DuckDB (in-process) is the default; PySpark runs the same expressions on a cluster, or in local mode in
the tests. Only this module knows the backends; the definitions never do, and `rows` runs any expression
on either.
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


def rows(expr: ir.Table) -> list[dict[str, Any]]:
    """The expression's rows, as dicts by column name.

    On DuckDB the compiled SQL runs on the connection's cursor and its tuples are read directly: an
    indicator has a few dozen rows, and Ibis's `to_pyarrow` (pre-execute hooks that walk the expression
    again, an Arrow table, a cast to Ibis's schema) costs about a millisecond more than that, on queries
    of ten (bench/indicators.py). Integers come back as Python ints, decimals as Decimal; callers convert.
    Other backends go through Ibis's own `to_pyarrow`.
    """
    backend = ibis.get_backend(expr)
    if backend.name == "duckdb":
        cursor = backend.con.execute(backend.compile(expr))
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return expr.to_pyarrow().to_pylist()
