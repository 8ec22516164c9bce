"""A PDF file from its objects, for the scripts and fixture makers that write
PDFs by hand (hostile inputs, legacy-font pages): objects numbered from 1 in
order, object 1 the catalog, a correct cross-reference table. Standard library
only; the same objects give the same bytes."""


def pdf_from_objects(objs, header=b"%PDF-1.5\n"):
    out = bytearray(header)
    offs = []
    for i, body in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    return bytes(out)
