"""Stage 4, views: what the pages show beyond the letters (cross-links, listings, figures, feeds, filters)."""

from .facets import answered_letters
from .figures import Overview, find_reference_date, make_overview
from .status import letter_status, letter_statuses
from .views import Views, build_views

__all__ = ["Overview", "answered_letters", "Views", "build_views", "find_reference_date", "letter_status", "letter_statuses",
           "make_overview"]
