"""Stage 5, pages: the route table of every output and how each is rendered (Jinja2, open data, feeds)."""

from .outputs import LETTERS, OTHERS, PHASES, Output, SiteContent
from .routes import ROUTES, plan_site
from .search_page import FirstSearch, SearchShard

__all__ = ["FirstSearch", "LETTERS", "OTHERS", "Output", "PHASES", "ROUTES", "SearchShard", "SiteContent",
           "plan_site"]
