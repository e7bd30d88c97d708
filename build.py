#!/usr/bin/env python3
"""Build the advisory-council archive: see `python build.py --help`."""

import sys

from adviesarchief.cli import main

if __name__ == "__main__":
    sys.exit(main())
