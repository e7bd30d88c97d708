"""Stage 6, the site: write every output into a staging folder, then swap it in atomically."""

from .guard import check_output
from .site import deferred_interrupts, publish, staging_dir, unwritable, work_folder, write_outputs

__all__ = ["check_output", "deferred_interrupts", "publish", "staging_dir", "unwritable", "work_folder", "write_outputs"]
