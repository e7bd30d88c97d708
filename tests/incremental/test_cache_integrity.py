"""A parse-cache pack is named by the hash of its bytes, and is checked against it before use:
bit rot inside a pack is a cache miss, never a wrong letter on the site."""

from __future__ import annotations

from conftest import document, run_cli


def test_a_pack_that_no_longer_matches_its_hash_is_not_used(make_site) -> None:
    built = make_site({"a/advies.md": document(title="Advies over armoede")})
    assert built.code == 0, built.stderr
    packs = list((built.root / ".cache").glob("parsed/*/packs/*"))
    assert packs
    rotted = 0
    for pack in packs:
        data = pack.read_bytes()
        if b"armoede" in data:
            pack.write_bytes(data.replace(b"armoede", b"ARMOEDE"))  # still a valid pickle, other text
            rotted += 1
    assert rotted
    # A new output folder has no published pages to take over: every page comes from the parse cache.
    code, stderr = run_cli(["build", "--content", "content", "--output", "andere-site"], built.root)
    assert code == 0, stderr
    page = (built.root / "andere-site" / "documenten" / "advies" / "index.html").read_text("utf-8")
    assert "Advies over armoede" in page and "ARMOEDE" not in page
