"""validate: check parsed letters and the archive's own files; every check returns its problems."""

from .archive import check_future_dates, check_links, claimed_id, find_cycles, in_report_order, read_rules, validate_archive
from .attachments import ATTACHMENT_EXTENSIONS, ATTACHMENT_FIELDS, check_attachments
from .registry import Registry, build_registry
from .common import ID_PATTERN, Checked, Issue
from .dates import DATE_PATTERN, guess_date, parse_date
from .letter import KNOWN_FIELDS, REQUIRED_FIELDS, CheckedLetter, LetterRules, check_letter
from .responses import MAX_POINT_LENGTH, RESPONSE_FIELDS, check_responses, find_point_anchor
from .site import SITE_FIELDS, validate_site, validate_topics

__all__ = [
    "ATTACHMENT_EXTENSIONS", "ATTACHMENT_FIELDS", "DATE_PATTERN", "ID_PATTERN", "KNOWN_FIELDS",
    "MAX_POINT_LENGTH", "REQUIRED_FIELDS", "RESPONSE_FIELDS", "SITE_FIELDS",
    "Checked", "CheckedLetter", "Issue", "LetterRules", "Registry", "build_registry",
    "check_attachments", "check_future_dates", "check_letter", "check_links", "check_responses",
    "claimed_id", "find_cycles", "find_point_anchor", "guess_date", "in_report_order", "parse_date",
    "read_rules", "validate_archive", "validate_site", "validate_topics",
]
