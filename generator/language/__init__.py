"""Turn numbers into house-style words: template filters, rank wording, phrasing variety and
the illustrative banner."""
