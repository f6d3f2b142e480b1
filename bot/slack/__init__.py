"""Slack plumbing: Web API helpers and the people directory, action ids and refs, mrkdwn text."""
