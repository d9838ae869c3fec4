"""Text that remembers where every character came from in the raw file.

Every cleaning step (furniture removal, hyphenation, OCR repair) is expressed as a list of
``Edit``s applied to a ``MappedText``; the result still maps each character back to its raw offset,
so chunks and citations can always point into the original file.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class MappedText:
    text: str
    offsets: tuple[int, ...]  # raw offset of each character of ``text``

    @classmethod
    def identity(cls, text: str) -> MappedText:
        return cls(text, tuple(range(len(text))))

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``[start, end)`` covering the cleaned characters ``text[start:end]``.

        Min and max rather than the ends: relocated footnotes make offsets non-monotone in places.
        """
        if not self.offsets:
            return (0, 0)
        start = min(max(start, 0), len(self.offsets) - 1)
        end = min(max(end, start + 1), len(self.offsets))
        window = self.offsets[start:end]
        return min(window), max(window) + 1

    def reorder(self, pieces: list[tuple[int, int] | str]) -> MappedText:
        """A new text from slices of this one (each keeping its offsets) and literal separators."""
        texts: list[str] = []
        offsets: list[int] = []
        for i, piece in enumerate(pieces):
            if isinstance(piece, str):
                neighbour = next((p for p in pieces[i + 1 :] if not isinstance(p, str)), None)
                anchor = (
                    self.offsets[neighbour[0]]
                    if neighbour and neighbour[0] < len(self.offsets)
                    else (offsets[-1] + 1 if offsets else 0)
                )
                texts.append(piece)
                offsets.extend([anchor] * len(piece))
            else:
                start, end = piece
                texts.append(self.text[start:end])
                offsets.extend(self.offsets[start:end])
        return MappedText("".join(texts), tuple(offsets))

    def apply(self, edits: list[Edit]) -> MappedText:
        """Apply non-overlapping edits; inserted characters map to the start of what they replace."""
        if not edits:
            return self
        pieces: list[str] = []
        offsets: list[int] = []
        pos = 0
        for edit in sorted(edits, key=lambda e: (e.start, e.end)):
            if edit.start < pos:
                raise ValueError(f"overlapping edit at {edit.start}")
            pieces.append(self.text[pos : edit.start])
            offsets.extend(self.offsets[pos : edit.start])
            pieces.append(edit.replacement)
            offsets.extend(_replacement_offsets(self.offsets, edit))
            pos = edit.end
        pieces.append(self.text[pos:])
        offsets.extend(self.offsets[pos:])
        return MappedText("".join(pieces), tuple(offsets))


def _replacement_offsets(offsets: tuple[int, ...], edit: Edit) -> list[int]:
    width = edit.end - edit.start
    if width <= 0:
        anchor = offsets[edit.start] if edit.start < len(offsets) else (offsets[-1] + 1 if offsets else 0)
        return [anchor] * len(edit.replacement)
    return [offsets[edit.start + min(i, width - 1)] for i in range(len(edit.replacement))]


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Plain-string form of :meth:`MappedText.apply` for tools that need no mapping."""
    return MappedText.identity(text).apply(edits).text
