"""Everything that renders results: scores (terminal, JSON, CSV, Markdown) and audits."""
