"""Abbreviations residents type for the administrative phrases pages spell out (`bhyt` for bảo
hiểm y tế), and the reverse: each maps to its phrase, both folded (no marks, đ as d)."""

from __future__ import annotations

import itertools

ABBREVIATIONS = {
    "bhyt": "bao hiem y te",
    "bhxh": "bao hiem xa hoi",
    "bhtn": "bao hiem that nghiep",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "nsnn": "ngan sach nha nuoc",
    "nsx": "ngan sach xa",
    "cccd": "can cuoc cong dan",
    "gcn": "giay chung nhan",
    "qsdd": "quyen su dung dat",
    "tthc": "thu tuc hanh chinh",
    "dvc": "dich vu cong",
    "nvqs": "nghia vu quan su",
    "gpmb": "giai phong mat bang",
    "tdc": "tai dinh cu",
    "ntm": "nong thon moi",
    "ctmtqg": "chuong trinh muc tieu quoc gia",
    "khsdd": "ke hoach su dung dat",
    "qhsdd": "quy hoach su dung dat",
    "xdcb": "xay dung co ban",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "tnmt": "tai nguyen va moi truong",
}
"""Folded abbreviation -> folded phrase. Only abbreviations of more than two letters whose
phrase is unambiguous in a commune's disclosures."""


def expansions(words: set[str], pairs: set[str]) -> set[str]:
    """The words to index beside a text's own, from its folded words and its folded pairs of
    words side by side (`bao hiem`): each abbreviation whose phrase the text spells out, and each
    phrase's words for an abbreviation it uses."""
    out: set[str] = set()
    for short, phrase in ABBREVIATIONS.items():
        parts = phrase.split()
        if short in words:
            out.update(parts)
        if all(f"{a} {b}" in pairs for a, b in itertools.pairwise(parts)):
            out.add(short)
    return out
