"""Pure helpers: charts, statistics, findings, QR codes, the typeface, images, links.

No models and no rules of the session; they import nothing of the project's but
each other (tests/workshop/test_app_boundary.py, docs/architecture.md)."""
