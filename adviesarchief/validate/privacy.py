"""The privacy guard (AVG/UAVG): find citizen service numbers, bank accounts, e-mail addresses
and phone numbers in the content before anything is published.

Pure functions over text; every finding is an ArchiveError with the file and line.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote
from typing import Iterable, Iterator

from ..errors import ArchiveError, warning
from ..load.content import ContentTree, SourceFile
from ..model import SiteInfo

# Nine digits, plain or grouped with dots or spaces: 123456782, 123.456.782, 123 456 782, 1234.56.782.
_BSN_CANDIDATE = re.compile(
    r"(?<![\w/\\\-+.,#@€$])"
    r"(\d{9}|\d{3}([. ])\d{3}\2\d{3}|\d{4}([. ])\d{2}\3\d{3})"
    r"(?![\w/\\\-@]|[.,]\d|,-)"
)
# Words after which a nine-digit number is a case number, a phone number or an amount, not a BSN.
_NOT_A_BSN_BEFORE = re.compile(
    r"(?:€|\beur\b|\beuro\b|\$|ƒ|\bfl\.?"
    r"|\b(?:tel|telefoon|telefoonnummer|telefonisch|fax|mobiel|gsm|kenmerk|kenmerken|zaak|zaaknummer"
    r"|zaaknr|referentie|ref|registratienummer|rsin|kvk|kvk-nummer|factuur|factuurnummer|dossier"
    r"|dossiernummer|nummer\s+van\s+de\s+zaak|btw|btw-nummer|postbus)\b\.?"
    r"(?:\s*(?:nr\.?|nummer|no\.?))?)"
    r"\s*[:#]?\s*$",
    re.IGNORECASE,
)
_DIGIT_OR_AT = re.compile(r"[\d@]")
_AMOUNT_AFTER = re.compile(r"^\s*(?:euro\b|eur\b|€|,-|,\d)", re.IGNORECASE)

_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
# Upper or lower case, the country code and check digits apart or not: NL91ABNA0417164300, nl91 abna ..., NL 91 ABNA ...
_IBAN_CANDIDATE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2} ?\d{2}(?: ?[A-Za-z0-9]){10,30}(?![A-Za-z0-9])")
# A nine-digit number right after the word BSN is one however it is grouped: BSN-123-456-782, ?bsn=123456782.
_BSN_NAMED = re.compile(
    r"(?<![A-Za-z])(?:bsn|burger-?service-?nummer|sofi-?nummer)(?:[\s:#.=-]|nummer|nr)*"
    r"((?:\d[\s.-]?){8}\d)(?![\d])",
    re.IGNORECASE,
)
# International phone numbers (+31 (0)30 ..., 0032 ...): their digits are no BSN.
_INTERNATIONAL_PHONE = re.compile(r"(?:\+|(?<!\d)00)\d{1,3}[ -]?(?:\(0\)[ -]?)?\d[\d \-]{6,14}\d")

# What a reader does not see as a character of its own: soft hyphens and zero-width marks are left out,
# every kind of space is a space, every kind of hyphen and dash a hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_SPACES = dict.fromkeys(map(ord, "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                               "\u2009\u200a\u202f\u205f\u3000\t"), " ")
_HYPHENS = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")
_READ_AS = {**_INVISIBLE, **_SPACES, **_HYPHENS}
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]")
# A Markdown table's header row and the row under it: | Post | Bedrag (€) | then |---|---:|.
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CURRENCY_HEADER = re.compile(r"€|\beur\b|\beuro\b|\bbedrag", re.IGNORECASE)

_EMAIL = re.compile(r"(?<![\w.%+-])[A-Za-z0-9][\w.%+-]*@((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})")

# Dutch phone numbers: 0 plus nine digits, or +31 / 0031 plus nine digits, with optional
# spaces, dashes and an area code between brackets: 0348-476400, (0348) 47 64 00, +31 6 12345678.
_PHONE = re.compile(
    r"(?<![\w+/\\\-.,€])"
    r"(?:(?:\+|00)31[ -]?(?:\(0\)[ -]?)?|\(?0)"
    r"[1-9](?:[ -]?\)?[ -]?\d){8}"
    r"(?![\w/\\\-]|[.,]\d)"
)


@dataclass(frozen=True)
class Finding:
    """Something in a file that looks like personal data, before site.yaml's exceptions apply."""

    kind: str  # "bsn", "iban", "email" or "phone"
    line: int
    value: str
    domain: str = ""  # of an e-mail address


def check_privacy(tree: ContentTree, site: SiteInfo, found: dict[str, tuple[Finding, ...]] | None = None,
                  named: dict[str, tuple[Finding, ...]] | None = None) -> list[ArchiveError]:
    """Judge every document and the YAML files for personal data that must not be published.

    `found` holds the findings of files already scanned (while parsing, and cached with it), by
    path; `named` those of file names already scanned, by name (relative to content/).
    """
    found, named = found or {}, named or {}
    sources: list[SourceFile] = [*tree.documents, *(s for s in (tree.topics, tree.site) if s is not None)]
    problems: list[ArchiveError] = []
    for source in sources:
        findings = found.get(source.path)
        if findings is None:
            findings = find_personal_data(source.data)
        if findings:
            problems.extend(judge_findings(findings, source.path, site))
    # Every file's name is published: a document's in its address, an attachment's as its link.
    for name in sorted(tree.files):
        findings = named.get(name)
        if findings is None:
            findings = scan_file_name(name)
        if findings:
            problems.extend(judge_findings(findings, f"{tree.root}/{name}", site))
    return problems


def scan_file_name(name: str) -> tuple[Finding, ...]:
    """What looks like personal data in a file's name (relative to content/), if it could hold any."""
    # Every pattern needs a digit or an "@" (or an escape that may hide one); most names are dated.
    if _DIGIT_OR_AT.search(name) or "%" in name:
        return find_in_file_name(name)
    return ()


def scan_text(text: str, path: str, site: SiteInfo) -> list[ArchiveError]:
    """Scan one file's text; return a problem per finding, with its line."""
    return judge_findings(find_in_text(text), path, site)


def find_personal_data(data: bytes) -> tuple[Finding, ...]:
    """Find what looks like personal data in a file's bytes (site.yaml's exceptions not applied)."""
    return find_in_text(data.decode("utf-8-sig", errors="replace"))


def read_as_a_person(line: str) -> str:
    """A line as a reader sees it: entities decoded (&nbsp;), URL escapes decoded (%20), every space a space."""
    if "&" in line:
        line = html.unescape(line)
    if "%" in line:
        line = _PERCENT.sub(lambda m: unquote(m.group(0)), line)
    return _LINE_BREAKS.sub(" ", line.translate(_READ_AS))


def find_in_text(text: str) -> tuple[Finding, ...]:
    """Find what looks like personal data in a text, line by line, and in numbers wrapped over two lines."""
    findings: list[Finding] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    amounts: tuple[int, ...] = ()  # the currency columns of the table the line is in
    seen: list[str] = []  # each line as read, when it holds a digit or an "@" ("" when not)
    for number, raw in enumerate(lines, start=1):
        # Every pattern needs a digit (\d, as in the patterns) or an "@"; most lines of prose
        # have neither, and skipping them makes the guard ten times faster.
        line = read_as_a_person(raw) if _DIGIT_OR_AT.search(raw) or "&#" in raw else ""
        if _TABLE_RULE.match(raw) and number > 1:
            amounts = currency_columns(lines[number - 2])
        elif "|" not in raw:
            amounts = ()
        if line and not _DIGIT_OR_AT.search(line):
            line = ""
        seen.append(line)
        if not line:
            continue
        findings.extend(find_in_line(line, number, amounts))
        before = seen[-2] if len(seen) > 1 else ""
        if before:
            findings.extend(find_wrapped(before, line, number - 1))
    return tuple(findings)


_DIGIT = re.compile(r"\d")
_WRAP_BEFORE, _WRAP_AFTER = 100, 60


def find_wrapped(first: str, second: str, number: int) -> list[Finding]:
    """What only the two lines read as one holds: a number wrapped at the end of the first line."""
    wrapped: list[Finding] = []
    # Only the end of the first line and the start of the second can hold such a number (and the
    # words before it that say what it is); a number is wrapped only where both hold a digit.
    first, second = first.rstrip()[-_WRAP_BEFORE:], second.lstrip()[:_WRAP_AFTER]
    if not (first[-1:].isalnum() and second[:1].isalnum()
            and _DIGIT.search(first, len(first) - 40) and _DIGIT.search(second, 0, 40)):
        return []
    joined = [first + " " + second]
    if first[-1:].isdigit() and second[:1].isdigit():
        joined.append(first + second)  # a number broken at the wrap, as an e-mail program does
    alone = Counter((f.kind, f.value) for f in (*find_in_line(first, 0), *find_in_line(second, 0)))
    for finding in {f: None for text in joined for f in find_in_line(text, number)}:
        if finding.kind in ("bsn", "iban", "phone"):
            if alone[finding.kind, finding.value] > 0:
                alone[finding.kind, finding.value] -= 1
            else:
                wrapped.append(finding)
    return wrapped


def currency_columns(header: str) -> tuple[int, ...]:
    """The columns of a Markdown table header that hold amounts: 'Bedrag (€)', 'x 1.000 euro'."""
    return tuple(i for i, cell in enumerate(header.strip().strip("|").split("|")) if _CURRENCY_HEADER.search(cell))


def find_in_file_name(name: str) -> tuple[Finding, ...]:
    """Find what looks like personal data in a file's name (it becomes part of a public address)."""
    words = read_as_a_person(posixpath.splitext(name)[0])
    return tuple(find_in_line(re.sub(r"[_/\-.+=,]+", " ", words), 1))


def find_in_line(line: str, number: int, amounts: tuple[int, ...] = ()) -> Iterator[Finding]:
    """Find BSNs, IBANs, e-mail addresses and phone numbers in one line of text (read_as_a_person).

    amounts: the columns of a Markdown table row that hold amounts (their numbers are no BSN).
    """
    # Digit groups inside an account number ("NL91 ABNA 0417 1643 00"), a web address
    # (".../document/123456782") or an international phone number are not phone numbers or BSNs.
    outside_ibans = _WEB_ADDRESS.sub(lambda m: "X" * len(m.group(0)), line)
    outside_ibans = _IBAN_CANDIDATE.sub(_mask_account, outside_ibans)
    not_phones = _INTERNATIONAL_PHONE.sub(lambda m: "X" * len(m.group(0)), outside_ibans)
    if amounts:
        cells = not_phones.split("|")
        offset = 1 if not_phones.lstrip().startswith("|") else 0
        not_phones = "|".join("X" * len(cell) if i - offset in amounts else cell for i, cell in enumerate(cells))
    bsns = find_bsns(not_phones)
    # A BSN named as one is one, also in a web address's query string (?bsn=...) or grouped with hyphens.
    for match in _BSN_NAMED.finditer(line):
        digits = re.sub(r"\D", "", match.group(1))
        if _valid_bsn(digits) and digits not in bsns:
            bsns.append(digits)
    for found in bsns:
        yield Finding("bsn", number, found)
    for account in find_ibans(line):
        yield Finding("iban", number, account)
    for address, domain in find_emails(line):
        yield Finding("email", number, address, domain)
    for phone in find_phones(outside_ibans):
        yield Finding("phone", number, phone)


def _mask_account(match: re.Match[str]) -> str:
    """Hide what is written as an account number: in capitals and one word (NL91ABNA...), or a valid IBAN."""
    text = match.group(0)
    strict = text[:2].isupper() and text[2:4].isdigit()
    return "X" * len(text) if strict or find_ibans(text) else text


def judge_findings(findings: Iterable[Finding], path: str, site: SiteInfo) -> list[ArchiveError]:
    """Turn findings into errors and warnings, leaving out what site.yaml allows."""
    allowed_iban = {_compact_iban(a) for a in site.allowed_iban}
    # The site's own contact address is published on purpose (colofon, accessibility statement).
    allowed_emails = (*site.allowed_email_domains, site.contact)
    allowed_phones = {normalise_phone(p) for p in site.allowed_phone_numbers}
    problems: list[ArchiveError] = []
    for finding in findings:
        number = finding.line
        if finding.kind == "bsn":
            problems.append(ArchiveError(
                f"this looks like a citizen service number (BSN): {mask(finding.value)}",
                path=path, line=number,
                hint="a BSN may never be published (AVG); remove it or replace it with [BSN verwijderd]",
            ))
        elif finding.kind == "iban" and finding.value not in allowed_iban:
            problems.append(ArchiveError(
                f"this looks like a bank account number (IBAN): {mask(finding.value)}",
                path=path, line=number,
                hint="remove it, or if it is the account of an organisation, add it to "
                     "'allowed_iban' in site.yaml",
            ))
        elif finding.kind == "email" and not email_is_allowed(finding.value, finding.domain, allowed_emails):
            problems.append(warning(
                f"e-mail address '{finding.value}' may belong to a person",
                path=path, line=number,
                hint=f"remove it, or if it is an official address, add '{finding.domain.lower()}' to "
                     "'allowed_email_domains' in site.yaml",
            ))
        elif finding.kind == "phone" and normalise_phone(finding.value) not in allowed_phones:
            problems.append(warning(
                f"phone number '{finding.value}' may belong to a person",
                path=path, line=number,
                hint="remove it, or if it is an official number, add it to "
                     "'allowed_phone_numbers' in site.yaml",
            ))
    return problems


# python-stdnum checks the numbers, imported when a number first needs it: importing it takes
# longer than a rebuild spends scanning, and most letters hold no candidate.

def _valid_bsn(digits: str) -> bool:
    """Whether nine digits pass the BSN's 11-check."""
    from stdnum.nl import bsn
    return bool(bsn.is_valid(digits))


def _valid_iban(account: str) -> bool:
    """Whether a compact account number is a valid IBAN (mod-97)."""
    from stdnum import iban
    return bool(iban.is_valid(account))


def _compact_iban(account: str) -> str:
    """An IBAN without spaces, in capitals."""
    from stdnum import iban
    return str(iban.compact(account))


def find_bsns(line: str) -> list[str]:
    """Return the nine-digit numbers in a line that pass the 11-check and are not something else."""
    found: list[str] = []
    for match in _BSN_CANDIDATE.finditer(line):
        digits = re.sub(r"\D", "", match.group(1))
        if not _valid_bsn(digits):
            continue
        if _NOT_A_BSN_BEFORE.search(line[max(0, match.start() - 40):match.start()]):
            continue
        if _AMOUNT_AFTER.match(line[match.end():]):
            continue
        found.append(digits)
    return found


def find_ibans(line: str) -> list[str]:
    """Return the valid IBANs (mod-97) in a line, in compact form."""
    found: list[str] = []
    start = 0
    while match := _IBAN_CANDIDATE.search(line, start):
        text = match.group(0)
        groups = text.split(" ")
        # The pattern may swallow following words ("NL91 ABNA 0417 1643 00 TEST en BE71 ..."): try shorter
        # forms, and look again after the account found (or after the first word).
        start = match.start() + len(groups[0]) + 1
        for end in range(len(groups), 0, -1):
            candidate = "".join(groups[:end]).upper()
            if len(candidate) >= 15 and _valid_iban(candidate):
                found.append(candidate)
                start = match.start() + len(" ".join(groups[:end]))
                break
    return found


def find_emails(line: str) -> list[tuple[str, str]]:
    """Return (address, domain) for every e-mail address in a line."""
    return [(m.group(0), m.group(1)) for m in _EMAIL.finditer(line)]


def find_phones(line: str) -> list[str]:
    """Return the Dutch phone numbers in a line, as written."""
    return [m.group(0) for m in _PHONE.finditer(line)]


def email_is_allowed(address: str, domain: str, allowed: Iterable[str]) -> bool:
    """An address is allowed if it, its domain or a parent domain is listed."""
    address, domain = address.lower(), domain.lower()
    for entry in (a.strip().lower().lstrip("@") for a in allowed):
        if entry == address or domain == entry or domain.endswith("." + entry):
            return True
    return False


def normalise_phone(number: str) -> str:
    """Reduce a Dutch phone number to its digits in national form: +31 6 1234 5678 -> 0612345678."""
    digits = re.sub(r"\D", "", number.replace("(0)", ""))
    if number.strip().startswith("+"):
        digits = "00" + digits
    if digits.startswith("0031"):
        digits = "0" + digits[4:]
    return digits


def mask(number: str) -> str:
    """Show only the start of a number: 123456782 -> 1234*****."""
    return number[:4] + "*" * (len(number) - 4)

