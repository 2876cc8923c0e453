"""Targets: the authorities to measure and their websites, read from official files into SQL."""

from database.targets.importer import ImportReport, import_file, import_files
from database.targets.records import TargetError, TargetRecord

__all__ = ["ImportReport", "TargetError", "TargetRecord", "import_file", "import_files"]
