"""Markdown renderings of the package's results, for the documentation pages.

Every function here returns text (a Markdown table, a sentence, a check result); the pages
print it at build time, so each number a reader sees comes from the same code the tests run.
"""

from ._format import fmt, md_table

__all__ = ["fmt", "md_table"]
