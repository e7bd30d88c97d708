"""Stage 1, files: read everything the build needs from disk (content, templates, the registry)."""

from .content import ContentTree, FileStamp, SourceFile, read_content, read_registry, read_source, read_templates
from .history import History, read_history

__all__ = ["ContentTree", "FileStamp", "History", "SourceFile", "read_content", "read_history", "read_registry",
           "read_source", "read_templates"]
