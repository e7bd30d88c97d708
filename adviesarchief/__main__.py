"""`python -m adviesarchief`: the same command line as build.py and the `adviesarchief` command."""

import sys

from .cli import main

sys.exit(main())
