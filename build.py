#!/usr/bin/env python3
"""Build the advisory-council archive: see `python build.py --help`."""

import logging
import os
import sys

from adviesarchief.cli import main

if __name__ == "__main__":
    code = main()
    # Everything is written and every worker has ended: leave without freeing the build's objects
    # one by one (0.1 s for 10,000 letters), as the system frees them at once.
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:
            pass  # a closed pipe (`build.py check | head`): nothing more can be said there
    os._exit(code)
