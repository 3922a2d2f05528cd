"""Statute corpus, provision parsing, citations and retrieval (the foundation services)."""
