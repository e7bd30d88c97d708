"""Stage 1, files: read everything the build needs from disk (content, templates, the registry)."""

from .content import ContentTree, FileStamp, SourceFile, read_content, read_registry, read_source, read_templates

__all__ = ["ContentTree", "FileStamp", "SourceFile", "read_content", "read_registry", "read_source",
           "read_templates"]
