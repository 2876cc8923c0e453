"""Targets: the authorities to measure and their websites, read from official files into SQL."""

from database.targets.importer import (
    ImportOutcome,
    ImportReport,
    import_file,
    import_files,
    import_targets,
)
from database.targets.records import TargetError, TargetRecord
from database.targets.retirement import MASS_RETIREMENT_SHARE, RetirementRefused

__all__ = [
    "MASS_RETIREMENT_SHARE",
    "ImportOutcome",
    "ImportReport",
    "RetirementRefused",
    "TargetError",
    "TargetRecord",
    "import_file",
    "import_files",
    "import_targets",
]
