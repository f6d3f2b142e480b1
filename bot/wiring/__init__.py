"""The composition root: builds services, the Bolt app and the courier, and the one error handler."""
