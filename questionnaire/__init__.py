"""Framework definitions, the assessment domain, routing, conversation and use cases."""
