"""What the route table is made of: an Output (one file, not made yet), its Inputs, and the SiteContent it is made from."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, NamedTuple, Protocol, TypeVar

from ..derive.figures import Overview
from ..derive.status import LetterStatus
from ..derive.views import Views
from ..load.history import History
from ..model import Archive, Document
from .search_page import FirstSearch, SearchShard

# The build writes the letters' own folders first, so that what the search index reads is
# ready early; then the rest.
LETTERS, OTHERS = "letters", "others"
T = TypeVar("T")


class Remember(Protocol):
    """remember(name, make, *extra): make(), or what it made in an earlier build from the same front matter and extra."""

    def __call__(self, name: str, make: Callable[[], T], *extra: str) -> T: ...


def make_now(name: str, make: Callable[[], T], *extra: str) -> T:
    """Remember nothing: make it (a build without a cache, and tests)."""
    return make()


# remember_each(output, keys, make): make(item) for each item of keys (item -> its own key), or
# what it made for that output (its path) in an earlier build for the same item key and front matter.
RememberEach = Callable[[str, Mapping[str, str], Callable[[str], str]], dict[str, str]]


def make_each_now(output: str, keys: Mapping[str, str], make: Callable[[str], str]) -> dict[str, str]:
    """Remember nothing: make each (a build without a cache, and tests)."""
    return {item: make(item) for item in keys}


PHASES = (LETTERS, OTHERS)


class Inputs(NamedTuple):
    """What an output is made from, for its key: an output whose inputs did not change is taken over."""

    # Documents whose whole file it shows (their text too), and those of which it shows the front matter only.
    texts: tuple[Document, ...] = ()
    fronts: Iterable[Document] = ()
    whole: bool = False      # it shows every document's front matter (counts, every record, the newest)
    reference: bool = False  # it counts days up to the reference date
    extra: str = ""          # anything else it is made from: a listing's name, its figures
    copied: str = ""         # the file it is a copy of (absolute path), for a copied file


class Output(NamedTuple):
    """One file of the site, not made yet: its path under site/, how to make its bytes, its inputs.

    A copied file (inputs.copied) is copied as it is by the write stage.
    """

    path: str
    make: Callable[[], bytes]
    inputs: Inputs
    phase: str = OTHERS


@dataclass(frozen=True)
class SiteContent:
    """Everything the pages are made from: the archive, its views and figures, templates and search shards."""

    archive: Archive
    views: Views
    overview: Overview
    templates: dict[str, str]
    search_shards: tuple[SearchShard, ...]
    first_search: FirstSearch
    # What the search page splits query words and suggests spellings with (search/words.py word_list).
    words: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    # When each content file was last committed (load/history.py): the feeds' order.
    history: History = History()
    # Every letter's worded status by id (derive.letter_statuses); one missing is worked out when asked.
    statuses: Mapping[str, LetterStatus] = dataclasses.field(default_factory=dict)
    # Gives what a function makes from front matter alone, or what it made in an earlier build
    # for the same front matter (incremental.remembered).
    remember: Remember = make_now
    # The same for parts of an output, each with a key of its own besides the front matter
    # (incremental.remembered_each): a sitemap's entries, of which an edit changes one.
    remember_each: RememberEach = make_each_now
