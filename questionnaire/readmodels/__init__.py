"""Read models: what summaries, digests, reports and progress show, computed from the domain alone."""
