"""Ingestion: load → clean → structure → chunk → index."""
