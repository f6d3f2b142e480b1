"""Reports and summaries: the report model, its CSV/Markdown/HTML renderers, charts, publishing."""
