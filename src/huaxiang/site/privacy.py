"""Last line of defence: scan every generated file for PII and external URLs.

The report models hold no personal data and components suppress small groups; this
scan still fails the build if a generated file contains something that looks like a
Chinese mobile number, an email address or an 18-digit national ID, or references an
``http(s)://`` URL (the site must work offline from ``file://``). Text is NFKC
normalised first, so full-width digits are caught too. Matches are reported masked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

PATTERNS: dict[str, re.Pattern[str]] = {
    "mobile number": re.compile(
        r"(?<![\d.])(?:\+?86[- ]?)?1[3-9]\d(?:\d{8}|[- ]\d{4}[- ]\d{4})(?![\d])"
    ),
    "email address": re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
    "national ID": re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"),
    "external URL": re.compile(r"https?://", re.IGNORECASE),
}


@dataclass(frozen=True)
class Finding:
    path: str
    kind: str
    line: int
    masked: str


def scan_text(text: str) -> list[tuple[str, int, str]]:
    """(kind, line, masked match) for every suspicious string in ``text``."""
    normalized = unicodedata.normalize("NFKC", text)
    found: list[tuple[str, int, str]] = []
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(normalized):
            line = normalized.count("\n", 0, match.start()) + 1
            found.append((kind, line, mask(match.group(0))))
    return sorted(found)


def scan_directory(root: Path) -> list[Finding]:
    """Scan every file under ``root`` (binary files are read as UTF-8 with
    replacement, so text embedded in them is still seen)."""
    findings: list[Finding] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        text = path.read_bytes().decode("utf-8", errors="replace")
        relative = path.relative_to(root).as_posix()
        findings.extend(
            Finding(path=relative, kind=kind, line=line, masked=masked)
            for kind, line, masked in scan_text(text)
        )
    return findings


def mask(text: str) -> str:
    """Keep the first and last two characters: ``13812345678`` -> ``13*******78``."""
    if len(text) <= 4:
        return "*" * len(text)
    return text[:2] + "*" * (len(text) - 4) + text[-2:]
