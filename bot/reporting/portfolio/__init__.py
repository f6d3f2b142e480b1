"""The portfolio report: every project's latest assessment side by side, in each format."""
