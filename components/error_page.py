"""A readable page for a broken data directory: every problem with its file, row, field and fix."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.core.errors import DatasetError

__all__ = ["problems_table", "show_dataset_error"]


def problems_table(error: DatasetError) -> pd.DataFrame:
    """One row per problem: File, Line, Field, Value, Problem, Fix (plain strings, shown escaped)."""
    return pd.DataFrame([{"File": p.file, "Line": "" if p.line is None else str(p.line), "Field": p.field or "",
                          "Value": "" if p.value is None else repr(p.value)[:120], "Problem": p.message,
                          "Fix": p.fix} for p in error.problems])


def show_dataset_error(error: DatasetError, data_dir: str) -> None:
    """Explain that the data directory is invalid, list each problem, and say how to check it from the shell."""
    n = len(error.problems)
    st.error(f"The data directory cannot be shown: {n} problem{'s' * (n != 1)} found. Fix them and reload.")
    st.text(f"Data directory: {data_dir}")
    st.dataframe(problems_table(error), hide_index=True, width="stretch",
                 alt="Problems found in the data directory")
    st.caption("The same list on the command line:")
    st.code(f"atlas check --data-dir {data_dir}", language="bash")
