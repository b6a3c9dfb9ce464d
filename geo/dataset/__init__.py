"""The curated dataset: table schemas, CSV and article parsing, partial dates, validation, and loading.

``load_dataset`` returns a validated :class:`Dataset` or raises :class:`geo.core.errors.DatasetError` listing every
problem with its file, line, field, value and fix.
"""

from geo.dataset.loader import DATA_DIR_ENV, Dataset, default_data_dir, load_dataset, load_places, resolve_data_dir

__all__ = ["DATA_DIR_ENV", "Dataset", "default_data_dir", "load_dataset", "load_places", "resolve_data_dir"]
