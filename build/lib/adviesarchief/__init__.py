"""Adviesarchief: the letters of Dutch advisory councils and the replies, as a static website."""

__version__ = "0.1.0"
