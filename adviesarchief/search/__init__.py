"""Stage 7, search: the Pagefind index of the letters, in shards, built beside the rest of the build."""

from .indexing import Indexing
from .shards import Shard, assign_shards
from .words import Lexicon, archive_lexicon, archive_words

__all__ = ["Indexing", "Lexicon", "Shard", "archive_lexicon", "archive_words", "assign_shards"]
