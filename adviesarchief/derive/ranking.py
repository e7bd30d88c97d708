"""How the search ranks letters: every weight and ranking option, in this one place, with why.

Two kinds of numbers steer Pagefind's ranking (pagefind.app/docs/weighting, /docs/ranking):
content weights, set per part of the page when the index is made (`data-pagefind-weight`,
written by search/records.py), scale how much a word found there counts; the ranking options,
given to Pagefind in the browser (zoeken.js and the Node tests pass RANKING to zoekindex.js),
balance those counts against page length and add a boost for words found in metadata.
tests/search/test_search.py checks the promise they keep: a word in the title or the summary
ranks a letter above letters that have it only in the text.
"""

from __future__ import annotations

from typing import Any

# Content weights (0 to 10; the text of a letter counts 1, Pagefind gives headings in the text
# 7 for h1 down to 2 for h6, and letters' own headings are h2 and lower, so at most 6).
# The title says what a letter is about: the most a word can count.
TITLE_WEIGHT = 10
# Topic labels and municipality names are what a letter is filed under: as strong as its title,
# so `jeugd` finds the letters tagged "Jeugd en jeugdhulp" first.
LABEL_WEIGHT = 10
# The summary is the secretary's own two or three sentences about the letter: above any heading
# in its text (6), below the title.
SUMMARY_WEIGHT = 8

# Pagefind's ranking options (its defaults in brackets).
RANKING: dict[str, Any] = {
    # [1.0] Letters differ in length from a short note to a 20-page advice. With full term
    # frequency a short note that says a word once beats the advice about it; 0.6 lets the
    # number of hits count too, while a long letter does not win on length alone.
    "termFrequency": 0.6,
    # [0.75] Less favour for short pages, for the same reason.
    "pageLength": 0.5,
    # [1.4] and [1.0]: Pagefind's defaults suit Dutch prose; stated so that every option is here.
    "termSaturation": 1.4,
    "termSimilarity": 1.0,
    # Words found in metadata add to the score. The title is already weighted above as text;
    # its small boost breaks ties in favour of a letter whose title holds the word. The other
    # metadata (type, place, date, status, reference) is shown, not searched: their words are
    # either in the text already (place names, as labels) or not what a reader means by a word
    # ("Beantwoord" in a status line), so they add nothing.
    "metaWeights": {"title": 2.0, "soort": 0.0, "gemeente": 0.0, "datum": 0.0, "status": 0.0, "kenmerk": 1.0},
}
