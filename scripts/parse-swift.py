#!/usr/bin/env python3
"""Parses every Swift file given (or found under the given directories) with
tree-sitter's Swift grammar and fails on any syntax error, printing where.

The iOS shell cannot be compiled here (no Xcode, no Swift toolchain); this
catches what a syntax error would otherwise hide until someone builds on a Mac.
"""
import pathlib
import sys

import tree_sitter
import tree_sitter_swift

SWIFT = tree_sitter.Language(tree_sitter_swift.language())


def problems(node, source, found):
    if node.is_error or node.is_missing:
        line, column = node.start_point
        text = source[node.start_byte:node.end_byte].decode("utf-8", "replace")[:60]
        kind = "missing " + node.type if node.is_missing else "syntax error"
        found.append(f"{line + 1}:{column + 1}: {kind} near {text!r}")
    elif node.has_error:
        for child in node.children:
            problems(child, source, found)
    return found


def main(arguments):
    files = []
    for argument in arguments:
        path = pathlib.Path(argument)
        files.extend(sorted(path.rglob("*.swift")) if path.is_dir() else [path])
    if not files:
        print("parse-swift: no Swift files found", file=sys.stderr)
        return 1
    parser = tree_sitter.Parser(SWIFT)
    failed = 0
    for file in files:
        source = file.read_bytes()
        found = problems(parser.parse(source).root_node, source, [])
        for problem in found:
            print(f"{file}:{problem}")
        failed += bool(found)
    print(f"parse-swift: {len(files)} files, {failed} with syntax errors")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
