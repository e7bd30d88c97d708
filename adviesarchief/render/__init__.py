"""Stage 5, pages: the route table of every output and how each is rendered (Jinja2, open data, feeds)."""

from .routes import LETTERS, OTHERS, PHASES, ROUTES, Output, SiteContent, plan_site
from .search_page import FirstSearch, SearchShard

__all__ = ["FirstSearch", "LETTERS", "OTHERS", "Output", "PHASES", "ROUTES", "SearchShard", "SiteContent",
           "plan_site"]
