"""Targets: the authorities to measure and their websites, read from official files into SQL."""

from database.targets.importer import ImportReport, import_file
from database.targets.records import TargetError, TargetRecord

__all__ = ["ImportReport", "TargetError", "TargetRecord", "import_file"]
