"""Pure maturity computation: answers in, levels, scores, gaps and deltas out."""
