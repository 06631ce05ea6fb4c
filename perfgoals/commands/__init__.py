"""CLI commands that live in their own modules and are imported only when they run."""
