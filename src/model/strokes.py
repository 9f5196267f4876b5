#!/usr/bin/env python3
"""Writes src/model/strokes.bin: the total stroke count (Unihan kTotalStrokes) of every code point
from U+3400 to U+9FFF (CJK Extension A and the URO), one byte each, 0 where Unihan gives none.
Where kTotalStrokes has two values, the first is the one for the G source (mainland China).

The data is the Unicode Character Database's Unihan_IRGSources.txt (© Unicode, Inc., Unicode
License v3, https://www.unicode.org/license.txt), as Debian's unicode-data package installs it:

    apt-get install unicode-data      # 15.0.0 in Debian 12
    python3 src/model/strokes.py /usr/share/unicode/Unihan_IRGSources.txt.bz2
"""
import bz2
import sys

FIRST, LAST = 0x3400, 0x9FFF


def main(path):
    table = bytearray(LAST - FIRST + 1)
    opener = bz2.open if path.endswith(".bz2") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 3 or fields[1] != "kTotalStrokes":
                continue
            point = int(fields[0][2:], 16)
            if FIRST <= point <= LAST:
                table[point - FIRST] = int(fields[2].split()[0])
    out = __file__.replace("strokes.py", "strokes.bin")
    with open(out, "wb") as f:
        f.write(table)
    print(f"{out}: {sum(1 for b in table if b)} characters")


if __name__ == "__main__":
    main(sys.argv[1])
