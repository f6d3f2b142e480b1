"""Tests of the scoring package and its questionnaire adapter."""
