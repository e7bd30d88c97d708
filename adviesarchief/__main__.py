"""`python -m adviesarchief`: the same command line as build.py and the `adviesarchief` command."""

from .cli import run

run()
