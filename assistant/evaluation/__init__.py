"""Evaluation: records of the dev set and predictions, span location, metrics, reports and the harness.

It uses the core and the drafting tools (the matrix coverage report) and is used by the CLI and ``eval/``.
"""
