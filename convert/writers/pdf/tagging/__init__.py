"""Tagged PDF: the article's logical structure, the marked content that ties it to the
pages, and the structure tree written after ReportLab.

``structure`` holds the tree of structure elements the story builder makes from the
model (Document › H1, P, H2, Figure › Caption, L › LI › Lbl/LBody, Table › THead/TBody
› TR › TH/TD, BlockQuote), in the model's order; ``marking`` is the canvas side: every
flowable that sets article text or a photo draws inside a ``/Tag <</MCID n>> BDC … EMC``
sequence of its element, everything else (running header, page numbers, rules, table
grids, placeholder boxes, crop marks) inside ``/Artifact BMC … EMC``; ``tree`` adds
the StructTreeRoot, ParentTree and catalog entries as ReportLab objects before
ReportLab writes the file (it writes none of them itself), and ``xmp`` the XMP
metadata. Importing this package does not import ReportLab.
"""
