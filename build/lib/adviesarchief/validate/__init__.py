"""Stage 3, the archive: check every document against the contract, collecting every problem."""

from .checks import CheckedLetter, LetterRules, check_letter, read_rules, validate_archive
from .registry import Registry, build_registry

__all__ = ["CheckedLetter", "LetterRules", "Registry", "build_registry", "check_letter", "read_rules",
           "validate_archive"]
