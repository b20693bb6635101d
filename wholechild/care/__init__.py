"""The clinic's care records: a family's evaluation request and everything that follows it.

This is the one layer that writes a request, its history, notes, plan, goals and progress, and
the audit log of who did what (`actions`); reads that need care live in `selectors`; who may do
what is in `rules` and `access`. The pages (`parents`, `family`, `clinic`), the API and the
command line all use it; it imports none of them. See docs/architecture.md.
"""
