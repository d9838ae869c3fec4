"""Ingestion: load → clean → structure → chunk → index."""

import os

# numpy's OpenBLAS keeps its threads spinning after every small matrix product (chunk vectors × query):
# on two cores that spin cost more CPU than the rest of an answer. Set before numpy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
