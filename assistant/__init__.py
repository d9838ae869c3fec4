"""The assistant: retrieve → answer → cite; chat, API and CLI on top."""

import ingest  # noqa: F401  (first: it keeps numpy's OpenBLAS to one thread before numpy is imported)
