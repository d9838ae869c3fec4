"""Encoding a question once: query vectors (and short passage vectors) kept in small thread-safe LRU caches.

Chat front ends resend the same question, follow-ups share their topic, and several steps of one answer need
the same vector (dense search, candidate scoring, abstention): each is encoded once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
from langchain_core.embeddings import Embeddings

QUERY_CACHE_SIZE = 512
PASSAGE_CACHE_SIZE = 4096


class Encoder:
    def __init__(self, embeddings: Embeddings) -> None:
        self.embeddings = embeddings
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._passages: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def query(self, query: str) -> np.ndarray:
        with self._lock:
            if query in self._queries:
                self._queries.move_to_end(query)  # least recently used goes first
                return self._queries[query]
        vector = np.asarray(self.embeddings.embed_query(query), dtype=np.float32)
        with self._lock:
            self._queries[query] = vector
            while len(self._queries) > QUERY_CACHE_SIZE:
                self._queries.popitem(last=False)
        return vector

    def passages(self, texts: list[str]) -> list[np.ndarray]:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._passages]
        if missing:
            vectors = self.embeddings.embed_documents(missing)
            with self._lock:
                for text, vector in zip(missing, vectors):
                    self._passages[text] = np.asarray(vector, dtype=np.float32)
                while len(self._passages) > PASSAGE_CACHE_SIZE:
                    self._passages.popitem(last=False)
        with self._lock:
            return [self._passages.get(t, np.zeros(1, dtype=np.float32)) for t in texts]
