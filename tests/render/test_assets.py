"""Published scripts name the version of every module they import, so a browser never mixes versions."""

from __future__ import annotations

import re

from adviesarchief.render.assets import static_files, static_versions, version

MAIN = 'import { a } from "./a.js";\nimport { b } from \'./b.js\';\nconsole.log(a, b);\n'
A = 'import { b } from "./b.js";\nexport const a = b + 1;\n'
B = "export const b = 1;\n"
TEMPLATES = {"static/main.js": MAIN, "static/a.js": A, "static/b.js": B, "static/style.css": "p{}",
             "index.html": 'from "./a.js"'}


def test_imports_carry_the_version_of_the_module_as_published() -> None:
    published = static_files(TEMPLATES)
    assert set(published) == {"static/main.js", "static/a.js", "static/b.js", "static/style.css"}
    assert published["static/b.js"] == B
    assert published["static/a.js"] == f'import {{ b }} from "./b.js?v={version(B)}";\nexport const a = b + 1;\n'
    # main.js names a.js as published (with b's version inside), not a.js's source.
    assert f'"./a.js?v={version(published["static/a.js"])}"' in published["static/main.js"]
    assert f"'./b.js?v={version(B)}'" in published["static/main.js"]


def test_a_change_deep_down_changes_the_version_of_every_script_above_it() -> None:
    before = static_versions(TEMPLATES)
    after = static_versions({**TEMPLATES, "static/b.js": "export const b = 2;\n"})
    assert before["b.js"] != after["b.js"] and before["a.js"] != after["a.js"] and before["main.js"] != after["main.js"]
    assert before["style.css"] == after["style.css"]


def test_an_import_cycle_or_a_missing_module_is_left_as_it_is() -> None:
    cycle = {"static/x.js": 'import "./y.js";\nimport { z } from "./z.js";\n', "static/y.js": 'import { x } from "./x.js";\n'}
    published = static_files(cycle)
    assert 'from "./z.js"' in published["static/x.js"]  # no such module
    assert re.search(r'from "\./x\.js(\?v=\w+)?"', published["static/y.js"])


def test_the_site_scripts_import_versioned_modules(make_site) -> None:
    from conftest import document
    built = make_site({"a/advies.md": document()})
    assert built.code == 0, built.stderr
    script = built.read("static/zoeken.js")
    imports = re.findall(r'from "\./([^"]+)"', script)
    assert imports and all(re.fullmatch(r"[\w-]+\.js\?v=[0-9a-f]{10}", i) for i in imports), imports
    page = built.read("zoeken/index.html")
    assert re.search(r'static/zoeken\.js\?v=[0-9a-f]{10}', page)
