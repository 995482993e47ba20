"""Reading a tagged PDF back for the tests: what each page paints where, and the
structure tree's text in reading order.

``walk`` goes through every page's content stream (pypdf parses it, not the library
that wrote the file) keeping the stack of marked-content sequences, and reports every
text, image or path painted outside a sequence that is either an Artifact or has an
MCID the page's ParentTree entry maps to a structure element (Matterhorn 01-005), and
every tagged sequence opened inside an artifact. It also gathers the text shown in
each MCID (without the line breaks pypdf adds where a line moves: the words at a line
end must have their own space), so ``structure`` can read the tree from the StructTreeRoot down, kids
in order, the way a screen reader follows it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject

#: Operators that paint text, and those that paint a path (ISO 32000-1 Tables 59 and 107).
TEXT_OPERATORS = {b"Tj", b"TJ", b"'", b'"'}
PATH_OPERATORS = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"sh"}


@dataclass
class Walk:
    """What ``walk`` found: ``unmarked`` (page number, operator) painted outside any
    accepted sequence or tagged inside an artifact; ``texts[(page, mcid)]`` the text
    shown in each tagged sequence; ``tags[(page, mcid)]`` its tag."""

    unmarked: list[tuple[int, str]] = field(default_factory=list)
    texts: dict[tuple[int, int], str] = field(default_factory=dict)
    tags: dict[tuple[int, int], str] = field(default_factory=dict)
    painted: int = 0  # how many painting operators were seen at all


def _resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def parent_tree(reader: pypdf.PdfReader) -> dict[int, list[Any]]:
    """The ParentTree's entries (a flat /Nums array, or one level of /Kids): key -> array."""
    root = _resolve(reader.trailer["/Root"]["/StructTreeRoot"])
    out: dict[int, list[Any]] = {}
    nodes = [_resolve(root["/ParentTree"])]
    while nodes:
        node = nodes.pop()
        numbers = node.get("/Nums", [])
        for index in range(0, len(numbers), 2):
            out[int(numbers[index])] = list(_resolve(numbers[index + 1]))
        nodes.extend(_resolve(kid) for kid in node.get("/Kids", []))
    return out


def walk(data: bytes) -> Walk:
    """Every page's painting checked against its marked content (see the module)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    tagged = "/StructTreeRoot" in reader.trailer["/Root"]
    parents = parent_tree(reader) if tagged else {}
    found = Walk()
    for number, page in enumerate(reader.pages):
        key = page.get("/StructParents")
        elements = parents.get(int(key), []) if key is not None else []
        resources = _resolve(page.get("/Resources", DictionaryObject()))
        xobjects = _resolve(resources.get("/XObject", DictionaryObject()))
        stack: list[tuple[str, int | None]] = []  # (tag, MCID) of each open sequence

        def accepted() -> bool:
            for tag, mcid in stack:
                if tag == "/Artifact":
                    return True
                if mcid is not None and mcid < len(elements) and isinstance(_resolve(elements[mcid]), DictionaryObject):
                    return True
            return False

        def current() -> int | None:
            for tag, mcid in reversed(stack):
                if mcid is not None:
                    return mcid
            return None

        def operator(op: bytes, args: list[Any], cm: Any, tm: Any) -> None:
            if op == b"BMC":
                stack.append((str(args[0]), None))
            elif op == b"BDC":
                properties = _resolve(args[1]) if len(args) > 1 else None
                mcid = int(properties["/MCID"]) if isinstance(properties, DictionaryObject) and "/MCID" in properties else None
                if mcid is not None and any(tag == "/Artifact" for tag, _ in stack):
                    found.unmarked.append((number + 1, "tagged content inside an artifact"))
                stack.append((str(args[0]), mcid))
                if mcid is not None:
                    found.tags[(number, mcid)] = str(args[0])
                    found.texts.setdefault((number, mcid), "")
            elif op == b"EMC":
                if not stack:
                    found.unmarked.append((number + 1, "EMC without a sequence"))
                else:
                    stack.pop()
            elif op in TEXT_OPERATORS or op in PATH_OPERATORS or op == b"BI" or (op == b"Do" and _is_image(xobjects, args)):
                found.painted += 1
                if not accepted():
                    found.unmarked.append((number + 1, op.decode()))

        def text(shown: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
            mcid = current()
            shown = shown.replace("\n", "")  # pypdf's own mark of a new line, not the PDF's text
            if mcid is not None and shown:
                found.texts[(number, mcid)] = found.texts.get((number, mcid), "") + shown

        page.extract_text(visitor_operand_before=operator, visitor_text=text)
        if stack:
            found.unmarked.append((number + 1, "sequence left open at the page's end"))
    return found


def _is_image(xobjects: Any, args: list[Any]) -> bool:
    target = _resolve(xobjects.get(args[0])) if args else None
    return target is not None and target.get("/Subtype") == NameObject("/Image")


@dataclass(frozen=True)
class Node:
    """A structure element as read back: its type, attributes, text (its own marked
    content's, in order) and children."""

    tag: str
    alt: str | None
    scope: str | None
    text: str
    children: tuple[Node, ...]

    def words(self) -> list[str]:
        """Every word of the element and its children, in reading order."""
        out = self.text.split()
        for child in self.children:
            out.extend(child.words())
        return out

    def find(self, tag: str) -> list[Node]:
        return ([self] if self.tag == tag else []) + [n for child in self.children for n in child.find(tag)]


def structure(data: bytes, found: Walk | None = None) -> Node:
    """The structure tree of a tagged PDF, with each element's text from ``walk``."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    found = found or walk(data)
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    root = _resolve(reader.trailer["/Root"]["/StructTreeRoot"])

    def element(node: DictionaryObject, page: int | None) -> Node:
        if "/Pg" in node:
            page = pages[node.raw_get("/Pg").idnum]
        kids = node.get("/K", ArrayObject())
        kids = kids if isinstance(kids, ArrayObject) else ArrayObject([kids])
        text: list[str] = []
        children: list[Node] = []
        for kid in kids:
            kid_object = _resolve(kid)
            if isinstance(kid_object, NumberObject) or isinstance(kid_object, int):
                assert page is not None, "an MCID without a page"
                text.append(found.texts.get((page, int(kid_object)), ""))
            elif kid_object.get("/Type") == "/MCR":
                text.append(found.texts.get((pages[kid_object.raw_get("/Pg").idnum], int(kid_object["/MCID"])), ""))
            else:
                children.append(element(kid_object, page))
        attributes = _resolve(node.get("/A", DictionaryObject()))
        scope = attributes.get("/Scope") if isinstance(attributes, DictionaryObject) else None
        alt = node.get("/Alt")
        return Node(str(node["/S"]), str(alt) if alt is not None else None, str(scope) if scope else None, "".join(text), tuple(children))

    top = _resolve(root["/K"])
    return Node("/StructTreeRoot", None, None, "", (element(top, None),))
