"""Stage 2, documents: split each file into front matter (with the line of every key) and body."""

from .document import ParsedFile, load_yaml, parse_document, parse_documents, parse_yaml_file

__all__ = ["ParsedFile", "load_yaml", "parse_document", "parse_documents", "parse_yaml_file"]
