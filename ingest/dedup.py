"""Near-duplicate documents (the same note extracted twice) by MinHash over word shingles."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
SHINGLE = 5


def signature(text: str) -> list[int]:
    words = re.findall(r"\w+", text.lower())
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))}
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return [int(v) for v in minhash.hashvalues]


def similarity(a: list[int], b: list[int]) -> float:
    return float(np.mean(np.asarray(a, dtype=np.uint64) == np.asarray(b, dtype=np.uint64)))


def cleanliness(raw_text: str) -> float:
    """Hard line breaks and layout debris shorten lines: the copy with longer lines is the cleaner one."""
    lines = [line for line in raw_text.splitlines() if line.strip()]
    return sum(len(line) for line in lines) / max(len(lines), 1)


@dataclass(frozen=True, slots=True)
class Duplicate:
    document: str
    kept: str
    similarity: float


def find_duplicates(signatures: dict[str, list[int]], scores: dict[str, float], threshold: float) -> list[Duplicate]:
    """Which documents to drop, each pointing at the copy that is kept."""
    names = sorted(signatures, key=lambda n: (-scores.get(n, 0.0), n))
    kept: list[str] = []
    duplicates: list[Duplicate] = []
    for name in names:
        match = max(
            ((k, similarity(signatures[name], signatures[k])) for k in kept),
            key=lambda pair: pair[1],
            default=None,
        )
        if match and match[1] >= threshold:
            duplicates.append(Duplicate(name, match[0], match[1]))
        else:
            kept.append(name)
    return duplicates
