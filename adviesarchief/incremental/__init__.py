"""What makes a build fast, behind three seams: the parse cache, the site store and remembered results.

Nothing here changes what a build produces: an incremental build equals a cold one. Other
packages use only what this module exports, never its modules.
- parse_cached: parse and check every letter on every core, taking unchanged ones from the cache.
- SiteStore: the published site, the spare and their manifests; the staging folder a build
  writes into, what it takes over (prune, reuse), where a search shard is held, and publish.
- Renderer: render and write the outputs on every core.
- remembered, remembered_with_letters: a whole-archive result kept between builds by a key of
  what it is made from; remembered_each: the parts of one, each with a key of its own;
  forget_stale: what no later build reads.
- EarlyIndex, keep_outline: after an edit of letters' texts, Pagefind starts on their shards
  right after parsing, from an outline the last build kept; the build takes that run only when
  it is exactly the one it would start.
- heap_kept, collector_paused: tell the garbage collector what the build keeps.
"""

from .cache import ParseCache, check_cache_folder, compiled_templates
from .early import EarlyIndex, keep_outline
from .derived import forget_stale, front_matter_key, remembered, remembered_each, remembered_with_letters
from .processes import collector_paused, heap_kept
from .rendering import Renderer
from .store import Plan, SiteStore
from .workers import ParseResult, parse_cached

__all__ = ["EarlyIndex", "ParseCache", "ParseResult", "Plan", "Renderer", "SiteStore", "check_cache_folder", "collector_paused",
           "compiled_templates", "forget_stale", "front_matter_key", "heap_kept", "keep_outline", "parse_cached", "remembered",
           "remembered_each", "remembered_with_letters"]
