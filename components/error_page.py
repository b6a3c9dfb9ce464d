"""Readable pages for what stops the dashboard: a broken data directory (every problem with its file, row, field and
fix) or an invalid ``ATLAS_*`` setting (every bad variable with its value and fix)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.core.errors import DatasetError, SettingsError
from geo.core.settings import settings

__all__ = ["configured_data_dir", "problems_table", "require_valid_settings", "settings_table", "show_dataset_error",
           "show_settings_error"]


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
    st.dataframe(problems_table(error), hide_index=True, width="stretch", placeholder="",
                 alt="Problems found in the data directory")
    st.caption("The same list on the command line:")
    st.code(f"atlas check --data-dir {data_dir}", language="bash")


def settings_table(error: SettingsError) -> pd.DataFrame:
    """One row per bad variable: Variable, Problem (the message names the value and the fix)."""
    return pd.DataFrame([{"Variable": name, "Problem": message} for name, message in error.problems.items()])


def show_settings_error(error: SettingsError) -> None:
    """Explain that ``ATLAS_*`` variables of the server's environment are invalid, each with its fix."""
    n = len(error.problems)
    st.error(f"The dashboard cannot run: {n} ATLAS_* setting{'s' * (n != 1)} in the server's environment "
             f"{'is' if n == 1 else 'are'} invalid. Fix or unset {'it' if n == 1 else 'them'}, then restart the "
             "server.")
    # a static table: each message names the value and the fix, and must wrap instead of being cut at the cell
    st.table(settings_table(error), hide_index=True, alt="Invalid settings")
    st.caption("The same check on the command line, in the same environment:")
    st.code("atlas check", language="bash")


def require_valid_settings() -> None:
    """Show :func:`show_settings_error` and stop this page run when a setting is invalid; nothing otherwise.

    Called by the page before it reads any setting, so a bad one gets this page rather than a bare exception.
    """
    try:
        settings()
    except SettingsError as error:
        show_settings_error(error)
        st.stop()


def configured_data_dir() -> str:
    """The data directory the settings name (``ATLAS_DATA_DIR``, else the bundled ``data/``); with an invalid
    setting, the settings error page instead, and this page run stops."""
    from geo.dataset import resolve_data_dir

    require_valid_settings()
    return str(resolve_data_dir())
