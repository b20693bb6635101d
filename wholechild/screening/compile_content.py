"""Check the content TOML files, the Spanish ones in content/es/ included, and write
compiled.json from them.

Run `python -m wholechild.screening.compile_content` after editing a file under content/: it
refuses to write when a Spanish twin is missing, empty, or has no English text.
"""

from .content import COMPILED, compile_content, read_sources

if __name__ == "__main__":
    compile_content()
    print(f"wrote {COMPILED} ({read_sources()['version']})")
