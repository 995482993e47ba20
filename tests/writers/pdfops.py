"""Reading a PDF page's drawing back: colour operators, stroked lines, filled boxes, text spots.

A small interpreter over pypdf's parsed content stream: it follows ``q``/``Q``/``cm``
so every coordinate comes out in page space (the MediaBox's), and remembers the
colour space and colour in force when a path is painted. Enough for the press tests
(boxes, marks, CMYK) and the preset tests (columns, rules, figure widths).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdf
from pypdf.generic import ContentStream

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)

#: Operators that set a colour, and the ones among them that can only mean RGB.
COLOUR_OPERATORS = {b"rg", b"RG", b"g", b"G", b"k", b"K", b"sc", b"SC", b"scn", b"SCN", b"cs", b"CS"}
RGB_OPERATORS = {b"rg", b"RG"}


def multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


@dataclass(frozen=True)
class Segment:
    x0: float
    y0: float
    x1: float
    y1: float
    colour_space: str  # "/DeviceRGB", "/DeviceCMYK", or a named space such as "/All"
    width: float


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    filled: bool


@dataclass(frozen=True)
class Drawing:
    operators: list[tuple[list[Any], bytes]]
    segments: list[Segment]  # stroked straight lines
    boxes: list[Box]  # rectangles painted
    text: list[tuple[float, float]]  # where each text-showing operator starts (page space); runs after
    # the first on a line are placed at the line's start (glyph advances are not followed)


def operations(reader: pypdf.PdfReader, page: pypdf.PageObject) -> list[tuple[list[Any], bytes]]:
    return list(ContentStream(page.get_contents(), reader).operations)


def drawing(reader: pypdf.PdfReader, page: pypdf.PageObject) -> Drawing:
    ops = operations(reader, page)
    ctm: Matrix = IDENTITY
    stack: list[tuple[Matrix, str, float]] = []
    stroke_space = "/DeviceGray"
    line_width = 1.0
    path: list[tuple[float, float, float, float]] = []
    rects: list[tuple[float, float, float, float]] = []
    current: tuple[float, float] | None = None
    segments: list[Segment] = []
    boxes: list[Box] = []
    text: list[tuple[float, float]] = []
    text_matrix: Matrix = IDENTITY
    line_matrix: Matrix = IDENTITY
    leading = 0.0
    for operands, op in ops:
        values = [float(v) if isinstance(v, (int, float)) else v for v in operands]
        if op == b"q":
            stack.append((ctm, stroke_space, line_width))
        elif op == b"Q":
            ctm, stroke_space, line_width = stack.pop()
        elif op == b"cm":
            ctm = multiply(tuple(values), ctm)  # type: ignore[arg-type]
        elif op == b"w":
            line_width = values[0]
        elif op == b"CS":
            stroke_space = str(operands[0])
        elif op in (b"RG", b"K", b"G"):
            stroke_space = {b"RG": "/DeviceRGB", b"K": "/DeviceCMYK", b"G": "/DeviceGray"}[op]
        elif op == b"m":
            current = apply(ctm, values[0], values[1])
        elif op == b"l" and current is not None:
            end = apply(ctm, values[0], values[1])
            path.append((*current, *end))
            current = end
        elif op == b"re":
            x, y, w, h = values
            (x0, y0), (x1, y1) = apply(ctm, x, y), apply(ctm, x + w, y + h)
            rects.append((min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0)))
        elif op in (b"S", b"s", b"B", b"B*", b"b", b"b*", b"f", b"F", b"f*", b"n"):
            if op != b"n":
                filled = op not in (b"S", b"s")
                segments.extend(Segment(*seg, stroke_space, line_width) for seg in path)
                boxes.extend(Box(*rect, filled) for rect in rects)
            path, rects, current = [], [], None
        elif op == b"BT":
            text_matrix = line_matrix = IDENTITY
        elif op == b"TL":
            leading = values[0]
        elif op in (b"T*", b"'", b'"'):
            line_matrix = multiply((1, 0, 0, 1, 0, -leading), line_matrix)
            text_matrix = line_matrix
        elif op == b"Tm":
            text_matrix = line_matrix = tuple(values)  # type: ignore[assignment]
        elif op == b"Td":
            line_matrix = multiply((1, 0, 0, 1, values[0], values[1]), line_matrix)
            text_matrix = line_matrix
        if op in (b"Tj", b"TJ", b"'", b'"'):
            text.append(apply(multiply(text_matrix, ctm), 0, 0))
    return Drawing(ops, segments, boxes, text)


def colour_operators(data: bytes) -> Iterator[tuple[int, bytes, list[Any]]]:
    """(page index, operator, operands) for every colour operator on every page."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    for index, page in enumerate(reader.pages):
        for operands, op in operations(reader, page):
            if op in COLOUR_OPERATORS:
                yield index, op, operands


def colour_spaces(data: bytes) -> dict[str, str]:
    """Each page's named colour spaces and the family they belong to (``/Separation``...)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    found: dict[str, str] = {}
    for page in reader.pages:
        spaces = page["/Resources"].get_object().get("/ColorSpace", {})
        for name, ref in spaces.items():
            value = ref.get_object()
            found[str(name)] = str(value[0]) if isinstance(value, list) else str(value)
    return found
