"""The evaluation harness: retrieval, review, drafting and report figures on labeled data."""
