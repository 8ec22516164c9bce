"""trichxuat for data teams: Vietnamese khuyến công decisions and plans as pandas DataFrames.

    import trichxuat
    r = trichxuat.extract(["archive/"], jobs=2)          # runs the pipeline in-process
    r.amounts[r.amounts.counted].groupby(["province", "year", "source"]).amount_vnd.sum()
    r = trichxuat.load("out/")                          # a folder written by the CLI

Every table has the types of the column dictionary (docs/columns.md): integers
are pandas' nullable ``Int64`` (a missing year stays missing, never a float),
booleans ``boolean``, decimals ``float64``, text ``string`` (``program`` is text).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Dict, Iterable, List, Optional, Union

import pandas as pd

from . import _native

__all__ = ["extract", "load", "Extraction", "TABLES", "__version__"]

__version__, __commit__ = _native.version()

#: The combined tables, each a DataFrame attribute of :class:`Extraction`.
TABLES = ("documents", "tables", "targets", "amounts", "projects", "checks", "warnings", "errors")

_DTYPES = {"text": "string", "integer": "Int64", "decimal": "float64", "boolean": "boolean"}


def _columns() -> Dict[str, List[tuple]]:
    return {name: list(cols) for name, cols in _native.columns().items()}


def _read_csv(path: str, columns: List[tuple]) -> pd.DataFrame:
    """One combined CSV with the dictionary's types (empty cell = missing)."""
    names = [c[0] for c in columns]
    # Read everything as text first: no guessing ("3" stays "3", "NA" stays "NA").
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
    missing = [n for n in names if n not in df.columns]
    if missing:
        raise ValueError(f"{path}: columns {missing} missing (written by another version?)")
    df = df[names]
    for name, kind, _nullable in columns:
        col = df[name]
        if kind == "boolean":
            df[name] = col.map({"true": True, "false": False}).astype("boolean")
        elif kind == "integer":
            df[name] = pd.to_numeric(col).astype("Int64")
        elif kind == "decimal":
            df[name] = pd.to_numeric(col).astype("float64")
        else:
            df[name] = col.astype("string")
    return df


class Extraction:
    """The combined tables of one output folder as pandas DataFrames:
    ``documents``, ``tables``, ``targets``, ``amounts``, ``projects``,
    ``checks``, ``warnings``, ``errors``; ``out`` is the folder (``None`` when
    :func:`extract` wrote to a temporary one, since removed)."""

    def __init__(self, frames: Dict[str, pd.DataFrame], out: Optional[str], counts: Optional[dict] = None):
        self.out = out
        self.counts = counts or {}
        for name in TABLES:
            setattr(self, name, frames[name])

    def counted_totals(self) -> pd.DataFrame:
        """Money per province, year and source, each planned figure once
        (``SUM(amount_vnd) WHERE counted``)."""
        a = self.amounts[self.amounts["counted"].fillna(False)]
        return a.groupby(["province", "year", "source"], dropna=False)["amount_vnd"].sum().reset_index()

    def __repr__(self) -> str:
        sizes = ", ".join(f"{n}={len(getattr(self, n))}" for n in TABLES)
        return f"<trichxuat.Extraction {sizes}>"


def load(out_dir: Union[str, os.PathLike]) -> Extraction:
    """Reads a folder written by ``trichxuat extract`` (or ``merge``)."""
    out = os.fspath(out_dir)
    frames = {}
    for name, columns in _columns().items():
        path = os.path.join(out, f"{name}.csv")
        if not os.path.exists(path):
            raise FileNotFoundError(f"{path} not found: was the folder written with --format csv?")
        frames[name] = _read_csv(path, columns)
    return Extraction(frames, out)


def extract(
    paths: Union[str, os.PathLike, Iterable[Union[str, os.PathLike]]],
    jobs: Optional[int] = None,
    out: Optional[Union[str, os.PathLike]] = None,
    parquet: bool = True,
) -> Extraction:
    """Runs the pipeline in-process over files and folders (searched for
    ``.txt`` and ``.pdf``) and returns the combined tables. With ``out`` the
    outputs (JSON, CSV, SQLite, Parquet, manifest) stay in that folder, as
    the CLI writes them; without, a temporary folder is used and removed.
    ``jobs`` is the number of worker threads (default: all cores)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    inputs = [os.fspath(p) for p in paths]
    target = os.fspath(out) if out is not None else tempfile.mkdtemp(prefix="trichxuat-")
    try:
        counts = _native.run(inputs, target, jobs or 0, parquet)
        result = load(target)
        result.counts = dict(counts)
    finally:
        if out is None:
            shutil.rmtree(target, ignore_errors=True)
    if out is None:
        result.out = None
    return result
