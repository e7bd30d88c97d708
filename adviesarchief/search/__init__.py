"""Stage 7, search: the Pagefind index of the letters, in shards, built beside the rest of the build."""

from .indexing import Indexing
from .shards import Shard, assign_shards

__all__ = ["Indexing", "Shard", "assign_shards"]
