"""Chunking: one chunk per Markdown section, never splitting a sentence.

Each chunk carries its document, heading path, a stable id (hash of document,
heading path and text) and an anchor slug. A section longer than
`max_chars` is split at paragraph boundaries into parts that share the heading
path and anchor. Short sections stay on their own: they are made findable by
embedding the heading path with the text and by sentence-level vectors (see
index.py and docs/quality.md for the measurements behind that choice).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import unicodedata

from .errors import KnowledgeBaseError
from .kb import Document
from .records import PATH_SEP, Chunk

# Bump when chunking changes so existing indexes are rebuilt.
CHUNKER_VERSION = "5"
# Sibling sections all shorter than this are merged into one chunk under their parent.
SHORT_SECTION_CHARS = 160

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+")


@functools.lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="nl", clean=False)


# What a sentence is in the page's structure (Chunk.roles), so an answer can quote it the right way.
ROLES = ("text", "lead_in", "item", "label", "example")
# A paragraph like "Voorbeeld:" labels what follows; sections called "… (voorbeeld)" are examples throughout.
_LABEL = re.compile(r"^\s*\S+(?:\s+\S+)?\s*:\s*$")
_EXAMPLE_LABEL = re.compile(r"^\s*voorbeeld(en)?\s*:\s*$", re.I)
_EXAMPLE_HEADING = re.compile(r"\(voorbeeld\)|^voorbeeld van\b", re.I)
_EXAMPLES_PARENT = re.compile(r"\bvoorbeelden\s*$", re.I)


def _join_abbreviation_splits(segments: list[str]) -> list[str]:
    """Glue a segment that starts in lower case to the one before it: the split was at an abbreviation
    pysbd does not know ("Ontdek oa. hoe …"), and half a sentence must never be quoted."""
    out: list[str] = []
    for segment in (s.strip() for s in segments):
        if not segment:
            continue
        if out and segment[0].islower():
            out[-1] = f"{out[-1]} {segment}"
        else:
            out.append(segment)
    return out


def split_sentences(text: str) -> list[str]:
    """Dutch sentences of a Markdown block: one unit per list item or line, then pysbd within it.

    pysbd knows Dutch abbreviations ("bijv.", "o.a.") that a regex would split on.
    """
    return [s for s, _ in split_with_roles(text)]


def split_with_roles(text: str, example: bool = False) -> list[tuple[str, str]]:
    """(sentence, role) pairs of a Markdown block, in reading order.

    Roles: "item" (a list item), "lead_in" (the sentence that introduces a
    list, "… onder andere:"), "label" (a paragraph such as "Voorbeeld:", or a
    numbered sub-heading "1. Beperking van de ademhaling:"),
    "example" (sentences of a case story: after a "Voorbeeld:" label, or all
    of a block with `example=True`), "text" (everything else).
    """
    out: list[tuple[str, str]] = []
    in_example = example
    for paragraph in re.split(r"\n\s*\n", text):
        if not paragraph.strip():
            continue
        if _LABEL.match(paragraph) and "\n" not in paragraph.strip():
            out.append((paragraph.strip(), "label"))
            in_example = in_example or bool(_EXAMPLE_LABEL.match(paragraph))
            continue
        for line in paragraph.splitlines():
            is_item = bool(_LIST_ITEM.match(line))
            line = _LIST_ITEM.sub("", line).strip()
            if not line:
                continue
            if is_item and out and out[-1][1] == "text" and out[-1][0].endswith(":"):
                out[-1] = (out[-1][0], "lead_in")
            if is_item and line.endswith(":"):  # "1. Beperking van de ademhaling:" heads the paragraph below it
                out.append((line, "label"))
                continue
            for sentence in _join_abbreviation_splits(_segmenter().segment(line)):
                out.append((sentence, "item" if is_item else "example" if in_example else "text"))
    return out


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "sectie"


def _chunk_id(doc: str, path: tuple[str, ...], text: str) -> str:
    digest = hashlib.sha256("\x1f".join((doc, *path, text)).encode()).hexdigest()
    return digest[:16]


def _sections(body: str):
    """Yield (heading level list, heading path, section text) in document order."""
    body = _COMMENT.sub("", body)
    headings: list[tuple[int, str]] = []
    lines: list[str] = []

    def flush():
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in lines)).strip()
        lines.clear()
        if text:
            yield tuple(h for _, h in headings), text

    for line in body.splitlines():
        match = _HEADING.match(line)
        if match:
            yield from flush()
            level = len(match.group(1))
            headings = [(lv, h) for lv, h in headings if lv < level] + [(level, match.group(2).strip())]
        else:
            lines.append(line)
    yield from flush()


def _paragraph_parts(text: str, max_chars: int) -> list[str]:
    """Greedy packing of paragraphs into parts of at most `max_chars` (a longer paragraph stays whole).

    A paragraph that ends with ":" (such as "Voorbeeld:") stays with the next one.
    """
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    parts: list[list[str]] = [[]]
    for p in paragraphs:
        current = parts[-1]
        size = sum(len(x) + 2 for x in current)
        glued = current and current[-1].rstrip().endswith(":")
        if current and not glued and size + len(p) > max_chars:
            parts.append([p])
        else:
            current.append(p)
    return ["\n\n".join(p) for p in parts if p]


def _merge_short_siblings(sections: list[tuple[tuple[str, ...], str]], short: int):
    """Fold groups of short sibling sections into one chunk under their parent heading.

    A parent whose child sections are all shorter than `short` characters (a
    list of one-line sub-points such as "Heupflexie", "Bekkenbalans") becomes
    one chunk: the sub-points answer questions together ("wat doet de psoas?")
    and each alone is too thin to rank. Yields (path, text, sentences).
    """
    i = 0
    while i < len(sections):
        path, text = sections[i]
        parent = path[:-1]
        j = i
        while j < len(sections) and sections[j][0][:-1] == parent and len(sections[j][0]) == len(path):
            j += 1
        group = sections[i:j]
        parent_has_text = any(p == parent for p, _ in sections)
        if len(group) > 1 and parent and not parent_has_text and all(len(t) < short for _, t in group):
            merged = "\n\n".join(f"**{p[-1]}**\n{t}" for p, t in group)
            yield parent, merged, [pair for p, t in group for pair in split_with_roles(t, _is_example(p))]
            i = j
        else:
            yield path, text, split_with_roles(text, _is_example(path))
            i += 1


def _is_example(path: tuple[str, ...]) -> bool:
    """A case story by its heading: "… (voorbeeld)", "Voorbeeld van …", or a section under "…: voorbeelden".

    Not "Voorbeelden: whiplash, kaakklachten …": a list of one-paragraph cases, each of which stands alone.
    """
    return bool(path) and (bool(_EXAMPLE_HEADING.search(path[-1]))
                           or (len(path) > 1 and bool(_EXAMPLES_PARENT.search(path[-2]))))


def chunk_document(doc: Document, max_chars: int = 1500, start_order: int = 0,
                   short_chars: int = SHORT_SECTION_CHARS) -> list[Chunk]:
    """Chunks of one document, in reading order."""
    # A single leading H1 is the document's title, not a section: leave it out of paths.
    h1 = re.findall(r"^#\s+(.+?)\s*$", _COMMENT.sub("", doc.body), re.M)
    title = h1[0] if len(h1) == 1 else None
    sections = []
    for path, text in _sections(doc.body):
        if title and path and path[0] == title:
            path = path[1:] or (title,)
        sections.append((path or (doc.title,), text))
    chunks: list[Chunk] = []
    anchors: dict[str, int] = {}
    headings: list[tuple[str, ...]] = []  # per chunk: the headings whose text it holds
    for path, text, sentences in _merge_short_siblings(sections, short_chars):
        base = slugify(path[-1])
        anchors[base] = anchors.get(base, 0) + 1
        anchor = base if anchors[base] == 1 else f"{base}-{anchors[base]}"
        parts = _paragraph_parts(text, max_chars)
        for part in parts:
            pairs = sentences if len(parts) == 1 else split_with_roles(part, _is_example(path))
            chunks.append(Chunk(
                id=_chunk_id(doc.name, path, part),
                doc=doc.name,
                heading_path=path,
                anchor=anchor,
                text=part,
                sentences=tuple(s for s, _ in pairs),
                roles=tuple(r for _, r in pairs),
                order=start_order + len(chunks),
            ))
            headings.append((path[-1], *re.findall(r"^\*\*(.+?)\*\*$", part, re.M)))
    return _with_questions(doc, chunks, headings)


def _with_questions(doc: Document, chunks: list[Chunk], headings: list[tuple[str, ...]]) -> list[Chunk]:
    """Attach each heading's question keys to the chunk(s) holding that heading's text.

    A merged sub-point ("Heupflexie" inside "De functies van de psoas major")
    gives its keys to the merged chunk; a long section split in parts gives
    them to every part; a heading without text of its own ("Mogelijke oorzaken
    van psoasklachten") gives its overview questions to the sections under it.
    A heading the page does not have is an error, so a renamed section cannot
    silently lose its keys.
    """
    if not doc.questions and not doc.sentence_questions:
        return chunks
    keys: list[list[str]] = [[] for _ in chunks]
    sentence_keys: list[list[tuple[int, str]]] = [[] for _ in chunks]

    def owners_of(heading: str) -> list[int]:
        owners = [i for i, hs in enumerate(headings) if heading in hs]
        owners = owners or [i for i, c in enumerate(chunks) if heading in c.heading_path]
        if not owners:
            raise KnowledgeBaseError(f"{doc.name}: question keys under heading {heading!r}, "
                                     "but the page has no section with that heading")
        return owners

    for heading, questions in doc.questions.items():
        for i in owners_of(heading):
            keys[i].extend(questions)
    for heading, pairs in doc.sentence_questions.items():
        owners = owners_of(heading)
        for sentence, question in pairs:
            i, pos = _find_sentence(chunks, owners, sentence)
            if pos < 0:
                raise KnowledgeBaseError(f"{doc.name}: a sentence key under heading {heading!r} names a sentence "
                                         f"that section does not have: {sentence!r}")
            sentence_keys[i].append((pos, question))
    return [dataclasses.replace(c, questions=tuple(dict.fromkeys(k)), sentence_keys=tuple(dict.fromkeys(s)))
            if k or s else c for c, k, s in zip(chunks, keys, sentence_keys, strict=True)]


def _find_sentence(chunks: list[Chunk], owners: list[int], sentence: str) -> tuple[int, int]:
    """(chunk, position) of the sentence of those chunks that `sentence` quotes, or (-1, -1).

    Compared without Markdown emphasis, case and spacing; the key may quote the
    sentence whole or a run of it (a list item, or pysbd splitting differently).
    """
    wanted = _fold(sentence)
    for i in owners:
        for pos, own in enumerate(chunks[i].sentences):
            have = _fold(own)
            if wanted == have or (len(wanted.split()) >= 3 and (wanted in have or have in wanted)
                                  and len(have.split()) >= 3):
                return i, pos
    return -1, -1


def _fold(text: str) -> str:
    return " ".join(text.replace("**", "").replace("*", "").lower().split()).rstrip(" .,;:!?")


def chunk_documents(docs: list[Document], max_chars: int = 1500) -> list[Chunk]:
    chunks: list[Chunk] = []
    for doc in docs:
        chunks.extend(chunk_document(doc, max_chars, start_order=len(chunks)))
    ids = [c.id for c in chunks]
    if len(set(ids)) != len(ids):
        # Two identical sections in one document: make ids unique but still stable.
        seen: dict[str, int] = {}
        fixed = []
        for c in chunks:
            seen[c.id] = seen.get(c.id, 0) + 1
            fixed.append(c if seen[c.id] == 1 else _with_id(c, f"{c.id}-{seen[c.id]}"))
        chunks = fixed
    return chunks


def _with_id(chunk: Chunk, new_id: str) -> Chunk:
    return dataclasses.replace(chunk, id=new_id)


def embedding_title(chunk: Chunk) -> str:
    """The heading path used as the document title when embedding (gives short sections context)."""
    return PATH_SEP.join(chunk.heading_path)
