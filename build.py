#!/usr/bin/env python3
"""Build the advisory-council archive: see `python build.py --help`."""

from adviesarchief.cli import run

if __name__ == "__main__":
    run()
