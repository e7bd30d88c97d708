"""The privacy guard (AVG/UAVG): find citizen service numbers, bank accounts, e-mail addresses
and phone numbers in the content before anything is published.

Pure functions over text; every finding is an ArchiveError with the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from stdnum import iban
from stdnum.nl import bsn

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
_IBAN_CANDIDATE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}(?![A-Za-z0-9])")

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


def check_privacy(tree: ContentTree, site: SiteInfo,
                  found: dict[str, tuple[Finding, ...]] | None = None) -> list[ArchiveError]:
    """Judge every document and the YAML files for personal data that must not be published.

    `found` holds the findings of files already scanned (while parsing, and cached with it).
    """
    found = found or {}
    sources: list[SourceFile] = [*tree.documents, *(s for s in (tree.topics, tree.site) if s is not None)]
    problems: list[ArchiveError] = []
    for source in sources:
        findings = found.get(source.path)
        if findings is None:
            findings = find_personal_data(source.data)
        problems.extend(judge_findings(findings, source.path, site))
    return problems


def scan_text(text: str, path: str, site: SiteInfo) -> list[ArchiveError]:
    """Scan one file's text; return a problem per finding, with its line."""
    return judge_findings(find_in_text(text), path, site)


def find_personal_data(data: bytes) -> tuple[Finding, ...]:
    """Find what looks like personal data in a file's bytes (site.yaml's exceptions not applied)."""
    return find_in_text(data.decode("utf-8-sig", errors="replace"))


def find_in_text(text: str) -> tuple[Finding, ...]:
    """Find what looks like personal data in a text, line by line."""
    findings: list[Finding] = []
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        # Every pattern needs a digit (\d, as in the patterns) or an "@"; most lines of prose
        # have neither, and skipping them makes the guard ten times faster.
        if _DIGIT_OR_AT.search(line):
            findings.extend(find_in_line(line, number))
    return tuple(findings)


def find_in_line(line: str, number: int) -> Iterator[Finding]:
    """Find BSNs, IBANs, e-mail addresses and phone numbers in one line of text."""
    # Digit groups inside an account number ("NL91 ABNA 0417 1643 00") or a web address
    # (".../document/123456782") are not phone numbers or BSNs.
    outside_ibans = _WEB_ADDRESS.sub(lambda m: "X" * len(m.group(0)), line)
    outside_ibans = _IBAN_CANDIDATE.sub(lambda m: "X" * len(m.group(0)), outside_ibans)
    for found in find_bsns(outside_ibans):
        yield Finding("bsn", number, found)
    for account in find_ibans(line):
        yield Finding("iban", number, account)
    for address, domain in find_emails(line):
        yield Finding("email", number, address, domain)
    for phone in find_phones(outside_ibans):
        yield Finding("phone", number, phone)


def judge_findings(findings: Iterable[Finding], path: str, site: SiteInfo) -> list[ArchiveError]:
    """Turn findings into errors and warnings, leaving out what site.yaml allows."""
    allowed_iban = {iban.compact(a) for a in site.allowed_iban}
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


def find_bsns(line: str) -> list[str]:
    """Return the nine-digit numbers in a line that pass the 11-check and are not something else."""
    found: list[str] = []
    for match in _BSN_CANDIDATE.finditer(line):
        digits = re.sub(r"\D", "", match.group(1))
        if not bsn.is_valid(digits):
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
    for match in _IBAN_CANDIDATE.finditer(line):
        groups = match.group(0).split(" ")
        # The pattern may swallow a following word ("NL91 ABNA 0417 1643 00 TEST"): try shorter forms.
        for end in range(len(groups), 0, -1):
            candidate = "".join(groups[:end])
            if len(candidate) >= 15 and iban.is_valid(candidate):
                found.append(candidate)
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

