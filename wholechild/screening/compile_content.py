"""Check the content TOML files and write compiled.json from them.

Run `python -m wholechild.screening.compile_content` after editing a file under content/.
"""

from .content import COMPILED, compile_content, read_sources

if __name__ == "__main__":
    compile_content()
    print(f"wrote {COMPILED} ({read_sources()['version']})")
