#!/usr/bin/env python3
"""Lists `package` declarations not preceded by a `///` comment (attributes may sit between),
in Sources. Run from the repository root: `.ci/undocumented-package.py`; prints
`file:line: declaration` and the count on stderr."""
import re, sys, pathlib
root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
decl = re.compile(r'^\s*(?:@[\w.]+(?:\([^)]*\))?\s+)*(?:(?:static|final|nonisolated|override|mutating|nonmutating|convenience|required|indirect|lazy)\s+)*package\s+(?!import)')
count = 0
for path in sorted(root.glob("Sources/**/*.swift")):
    lines = path.read_text().splitlines()
    for i, line in enumerate(lines):
        if not decl.match(line): continue
        j = i - 1
        while j >= 0 and (lines[j].strip().startswith("@") or lines[j].strip().startswith("#if") or lines[j].strip().startswith("#endif")):
            j -= 1
        prev = lines[j].strip() if j >= 0 else ""
        if prev.startswith("///") or prev.endswith("*/"): continue
        count += 1
        print(f"{path}:{i+1}: {line.strip()}")
print(count, "undocumented", file=sys.stderr)
sys.exit(1 if count else 0)
